"""The organisation's outcome framework and risk factors, configured by administrators.

Domains and risk factors are renamed, re-ordered or taken out of use, never deleted: past
assessments keep the names they were scored with.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import services
from assessments.forms import OutcomeDomainForm, RiskFactorForm
from assessments.models import OutcomeDomain, OutcomeFramework, RiskFactor
from edgecare.section_page import render_form_page


def _require_configure(request: HttpRequest) -> None:
    if not request.user.has_perm("edgecare.configure") or request.user.organisation_id is None:
        raise PermissionDenied("Only an administrator can change the outcome framework.")


@require_http_methods(["GET"])
def framework_settings(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    organisation = request.user.organisation
    active = services.outcome_framework_for(organisation)
    frameworks = OutcomeFramework.objects.filter(organisation=organisation).prefetch_related(
        "domains"
    )
    return render(
        request,
        "assessments/settings.html",
        {
            "active": active,
            "frameworks": frameworks,
            "risk_factors": RiskFactor.objects.filter(organisation=organisation),
        },
    )


@require_POST
def activate_framework(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    framework = OutcomeFramework.objects.filter(
        organisation_id=request.user.organisation_id, pk=request.POST.get("framework") or 0
    ).first()
    if framework is None:
        raise Http404("No such framework")
    services.outcome_framework_activate(framework=framework)
    messages.success(
        request,
        f"New assessments now score against “{framework.name}”. Assessments already "
        "started keep the framework they began with.",
    )
    return redirect("assessments:settings")


def _form_page(request, *, form_class, instance, title: str) -> HttpResponse:
    if request.method == "POST":
        form = form_class(request.POST, instance=instance)
        if form.is_valid():
            form.save()
            messages.success(request, f"{form.instance}: saved.")
            return redirect("assessments:settings")
    else:
        form = form_class(instance=instance)
    return render_form_page(request, form, title=title, back_url=reverse("assessments:settings"))


@require_http_methods(["GET", "POST"])
def edit_domain(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_configure(request)
    organisation = request.user.organisation
    if pk is None:
        framework = services.outcome_framework_for(organisation)
        instance = OutcomeDomain(framework=framework, order=framework.domains.count() + 1)
        title = f"Add an outcome area to “{framework.name}”"
    else:
        instance = OutcomeDomain.objects.filter(framework__organisation=organisation, pk=pk).first()
        if instance is None:
            raise Http404("No such outcome area")
        title = f"Change “{instance.name}”"
    return _form_page(request, form_class=OutcomeDomainForm, instance=instance, title=title)


@require_http_methods(["GET", "POST"])
def edit_risk_factor(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_configure(request)
    organisation = request.user.organisation
    if pk is None:
        instance = RiskFactor(organisation=organisation)
        title = "Add a risk factor"
    else:
        instance = RiskFactor.objects.filter(organisation=organisation, pk=pk).first()
        if instance is None:
            raise Http404("No such risk factor")
        title = f"Change “{instance.name}”"
    return _form_page(request, form_class=RiskFactorForm, instance=instance, title=title)

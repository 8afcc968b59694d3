"""The organisation's glossary for the plain-language check, kept by administrators.

The built-in list is always checked, merged with the organisation's own terms: its own wording
of a built-in term replaces it, and a term it switches off is not checked. Terms are switched
off, never deleted.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from edgecare.plain_language import DEFAULT_GLOSSARY
from edgecare.section_page import render_form_page
from plans import services
from plans.forms import JargonTermForm
from plans.models import JargonTerm


def _require_configure(request: HttpRequest) -> None:
    if (
        not request.user.has_perm("plans.configure_glossary")
        or request.user.organisation_id is None
    ):
        raise PermissionDenied("Only an administrator can change the glossary.")


@require_http_methods(["GET"])
def glossary(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    terms = list(JargonTerm.objects.filter(organisation_id=request.user.organisation_id))
    # The built-in terms the organisation has no copy of are checked too (plans.glossary_for).
    own = {term.term.lower() for term in terms}
    defaults = [(term, plain) for term, plain in DEFAULT_GLOSSARY if term.lower() not in own]
    return render(
        request,
        "plans/glossary.html",
        {"terms": terms, "defaults": defaults, "has_own": bool(terms)},
    )


@require_POST
def seed(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    count = services.jargon_terms_seed(organisation=request.user.organisation)
    messages.success(request, f"{count} terms copied from the default list: edit them below.")
    return redirect("plans:glossary")


@require_http_methods(["GET", "POST"])
def edit_term(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_configure(request)
    organisation = request.user.organisation
    instance = None
    if pk is not None:
        instance = JargonTerm.objects.filter(organisation=organisation, pk=pk).first()
        if instance is None:
            raise Http404("No such term")
    if request.method == "POST":
        if not JargonTerm.objects.filter(organisation=organisation).exists():
            # The first term of its own: start from a copy of the default so none are lost.
            services.jargon_terms_seed(organisation=organisation)
        form = JargonTermForm(request.POST, instance=instance, organisation=organisation)
        if form.is_valid():
            form.save()
            messages.success(request, f"“{form.instance.term}”: saved.")
            return redirect("plans:glossary")
    else:
        form = JargonTermForm(instance=instance, organisation=organisation)
    return render_form_page(
        request,
        form,
        title="Glossary term" if pk else "Add a term to the glossary",
        intro="Workers see the plain words whenever they use this term in a family plan.",
        back_url=reverse("plans:glossary"),
    )

"""Assessment pages: start, the record itself, one edit page per section, and the workflow.

Views stay thin: every case and assessment is loaded through the scoped selectors, every
write of more than one row goes through assessments.services, and the forms validate.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from assessments import services
from assessments.forms import (
    AgencyContributionForm,
    AnalysisForm,
    AssessmentStartForm,
    CarerViewForm,
    CommentsForm,
    CorrectionForm,
    DomainAssessmentForm,
    IdentifiedNeedForm,
    IndicatorSetForm,
    OverviewForm,
    SummaryForm,
    YoungPersonViewForm,
)
from assessments.models import (
    AgencyContribution,
    Assessment,
    CarerView,
    DomainAssessment,
    IdentifiedNeed,
    IndicatorSet,
    YoungPersonView,
)
from assessments.prompts import carer_prompts
from assessments.selectors import assessment_for_user_or_404, version_chain
from edgecare.access import record_access
from edgecare.models import AccessLog
from families.selectors import case_for_user_or_404

RECORD_TYPE = "assessment"


def _log_view(request: HttpRequest, assessment: Assessment) -> None:
    record_access(
        request,
        action=AccessLog.Action.VIEW,
        record_type=RECORD_TYPE,
        record_id=assessment.pk,
        case_id=assessment.case_id,
    )


def _load(request: HttpRequest, case_pk: int, pk: int):
    case = case_for_user_or_404(request, case_pk)
    assessment = assessment_for_user_or_404(request, case=case, pk=pk)
    return case, assessment


def _detail_url(assessment: Assessment, anchor: str = "") -> str:
    url = reverse("assessments:detail", args=[assessment.case_id, assessment.pk])
    return f"{url}#{anchor}" if anchor else url


def _refuse_unless_editable(request: HttpRequest, assessment: Assessment):
    """403 for someone who may not change the case at all; for a record that is merely not
    open for changes (submitted or signed off), a redirect explaining why and what to do."""
    if not request.user.has_perm("families.change_case", assessment.case):
        raise PermissionDenied("You cannot change this case record.")
    if assessment.is_editable:
        return None
    if assessment.is_signed_off:
        messages.error(
            request,
            "This assessment has been signed off, so it can no longer be changed. "
            "To put something right, start a corrected version.",
        )
    else:
        messages.error(
            request,
            "This assessment is waiting for sign-off, so it cannot be changed. "
            "A manager can return it to you for changes.",
        )
    return redirect(_detail_url(assessment))


def _section_page(
    request: HttpRequest,
    *,
    assessment: Assessment,
    form_class,
    instance,
    title: str,
    anchor: str,
    form_kwargs: dict | None = None,
    warnings: list[str] | None = None,
    intro: str = "",
    template: str = "includes/form_page.html",
    extra: dict | None = None,
) -> HttpResponse:
    refusal = _refuse_unless_editable(request, assessment)
    if refusal is not None:
        return refusal
    form_kwargs = form_kwargs or {}
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, **form_kwargs)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, f"{title}: saved.")
            return redirect(_detail_url(assessment, anchor))
        status = 400
    else:
        form = form_class(instance=instance, **form_kwargs)
        _log_view(request, assessment)
    context = {
        "form": form,
        "title": title,
        "caption": f"{assessment.case.reference} · {assessment}",
        "back_url": _detail_url(assessment, anchor),
        "cancel_url": _detail_url(assessment, anchor),
        "warnings": warnings or [],
        "intro": intro,
        "assessment": assessment,
        **(extra or {}),
    }
    return render(request, template, context, status=status)


# Start and read ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, case_pk)
    if not request.user.has_perm("assessments.add_assessment", case):
        raise PermissionDenied("You cannot add to this case record.")
    has_initial = case.assessments.filter(assessment_type=Assessment.Type.INITIAL).exists()
    instance = Assessment(
        case=case,
        assessor=request.user,
        assessment_type=(Assessment.Type.REASSESSMENT if has_initial else Assessment.Type.INITIAL),
    )
    status = 200
    if request.method == "POST":
        form = AssessmentStartForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                assessment = services.assessment_start(
                    case=case,
                    assessor=request.user,
                    type=form.cleaned_data["assessment_type"],
                    assessment_date=form.cleaned_data["assessment_date"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Assessment started. Fill in each section below.")
                return redirect(_detail_url(assessment))
        status = 400
    else:
        form = AssessmentStartForm(
            instance=instance, initial={"assessment_date": timezone.localdate()}
        )
        record_access(
            request,
            action=AccessLog.Action.VIEW,
            record_type="case",
            record_id=case.pk,
            case_id=case.pk,
        )
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": "Start an assessment",
            "caption": f"{case.reference} · {case.family}",
            "intro": "The assessment covers every family member and is scored against the "
            "outcome areas your organisation has agreed.",
            "back_url": case.get_absolute_url(),
            "cancel_url": case.get_absolute_url(),
        },
        status=status,
    )


def _detail_context(request: HttpRequest, case, assessment: Assessment) -> dict:
    full = services.assessment_with_relations(assessment.pk)
    full.case = case
    members = list(case.family.members.all())
    yp_views = {v.person_id: v for v in full.young_person_views.all()}
    carer_views = {v.person_id: v for v in full.carer_views.all()}
    carers = [m for m in members if m.is_parent_or_carer]
    user = request.user
    can_edit = full.is_editable and user.has_perm("families.change_case", case)
    versions = version_chain(full)
    return {
        "case": case,
        "assessment": full,
        "domain_rows": list(full.domain_assessments.all()),
        "needs": list(full.needs.all()),
        "young_people": [(p, yp_views.get(p.pk)) for p in case.young_people.all()],
        "carers": [(p, carer_views.get(p.pk)) for p in carers],
        "carer_prompts": carer_prompts(carers, carer_views),
        "contributions": list(full.agency_contributions.all()),
        "indicators": services.indicators_for(full),
        "versions": versions,
        "can_edit": can_edit,
        "can_sign_off": full.is_awaiting_sign_off
        and user.has_perm("assessments.sign_off_assessment", full),
        "can_correct": full.is_signed_off
        and versions[-1].pk == full.pk
        and user.has_perm("assessments.correct_assessment", full),
        "submission_problems": full.submission_problems() if can_edit else [],
        "return_form": CommentsForm(label="What needs to change", required=True),
    }


@require_http_methods(["GET"])
def detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case, assessment = _load(request, case_pk, pk)
    _log_view(request, assessment)
    return render(request, "assessments/detail.html", _detail_context(request, case, assessment))


# Sections ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def edit_overview(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    return _section_page(
        request,
        assessment=assessment,
        form_class=OverviewForm,
        instance=assessment,
        title="Type and date",
        anchor="overview",
    )


@require_http_methods(["GET", "POST"])
def edit_summary(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    return _section_page(
        request,
        assessment=assessment,
        form_class=SummaryForm,
        instance=assessment,
        title="Summary",
        anchor="summary",
        intro="Write this so the family can understand it: it is read with them.",
    )


@require_http_methods(["GET", "POST"])
def edit_analysis(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    return _section_page(
        request,
        assessment=assessment,
        form_class=AnalysisForm,
        instance=assessment,
        title="Analysis and overall risk",
        anchor="analysis",
    )


@require_http_methods(["GET", "POST"])
def edit_domain(request: HttpRequest, case_pk: int, pk: int, row_pk: int) -> HttpResponse:
    case, assessment = _load(request, case_pk, pk)
    row = (
        DomainAssessment.objects.filter(assessment=assessment, pk=row_pk)
        .select_related("domain")
        .first()
    )
    if row is None:
        raise Http404("No such outcome area in this assessment")
    return _section_page(
        request,
        assessment=assessment,
        form_class=DomainAssessmentForm,
        instance=row,
        title=row.domain_name,
        anchor=f"domain-{row.pk}",
        form_kwargs={"organisation_id": case.family.organisation_id},
        intro=row.domain.description,
        template="assessments/domain_form.html",
        extra={"domain": row.domain},
    )


def _person_in(queryset, person_pk: int):
    person = queryset.filter(pk=person_pk).first()
    if person is None:
        raise Http404("No such person on this case")
    return person


@require_http_methods(["GET", "POST"])
def edit_young_person_view(
    request: HttpRequest, case_pk: int, pk: int, person_pk: int
) -> HttpResponse:
    case, assessment = _load(request, case_pk, pk)
    person = _person_in(case.young_people.all(), person_pk)
    instance = YoungPersonView.objects.filter(assessment=assessment, person=person).first()
    if instance is None:
        instance = YoungPersonView(assessment=assessment, person=person)
    return _section_page(
        request,
        assessment=assessment,
        form_class=YoungPersonViewForm,
        instance=instance,
        title=f"{person.known_as}'s views",
        anchor="young-people",
        intro="Use their own words. Where you can, see them on their own.",
    )


@require_http_methods(["GET", "POST"])
def edit_carer_view(request: HttpRequest, case_pk: int, pk: int, person_pk: int) -> HttpResponse:
    case, assessment = _load(request, case_pk, pk)
    person = _person_in(case.family.members.all(), person_pk)
    if not person.is_parent_or_carer:
        raise Http404("Not a parent or carer")
    instance = CarerView.objects.filter(assessment=assessment, person=person).first()
    if instance is None:
        instance = CarerView(assessment=assessment, person=person)
    carers = [m for m in case.family.members.all() if m.is_parent_or_carer and m.pk != person.pk]
    recorded = set(
        CarerView.objects.filter(assessment=assessment).values_list("person_id", flat=True)
    )
    return _section_page(
        request,
        assessment=assessment,
        form_class=CarerViewForm,
        instance=instance,
        title=f"{person.known_as}'s views ({person.get_relationship_display().lower()})",
        anchor="carers",
        warnings=carer_prompts(carers, recorded),
    )


@require_http_methods(["GET", "POST"])
def edit_agency_contribution(
    request: HttpRequest, case_pk: int, pk: int, item_pk: int | None = None
) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    if item_pk is None:
        instance = AgencyContribution(assessment=assessment)
    else:
        instance = AgencyContribution.objects.filter(assessment=assessment, pk=item_pk).first()
        if instance is None:
            raise Http404("No such contribution")
    return _section_page(
        request,
        assessment=assessment,
        form_class=AgencyContributionForm,
        instance=instance,
        title="Another agency's contribution",
        anchor="agencies",
    )


@require_http_methods(["GET", "POST"])
def edit_need(
    request: HttpRequest, case_pk: int, pk: int, item_pk: int | None = None
) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    if item_pk is None:
        instance = IdentifiedNeed(assessment=assessment, priority=assessment.needs.count() + 1)
    else:
        instance = IdentifiedNeed.objects.filter(assessment=assessment, pk=item_pk).first()
        if instance is None:
            raise Http404("No such need")
    return _section_page(
        request,
        assessment=assessment,
        form_class=IdentifiedNeedForm,
        instance=instance,
        title="Identified need",
        anchor="needs",
        form_kwargs={"framework": assessment.framework},
        intro="Each need becomes a goal of the family's plan: write it the way the family "
        "would say it.",
    )


@require_http_methods(["GET", "POST"])
def edit_indicators(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    instance = assessment.indicator_sets.first()
    if instance is None:
        instance = IndicatorSet(
            case=assessment.case,
            assessment=assessment,
            occasion=IndicatorSet.Occasion.ASSESSMENT,
            recorded_by=request.user,
            recorded_on=assessment.assessment_date,
        )
    return _section_page(
        request,
        assessment=assessment,
        form_class=IndicatorSetForm,
        instance=instance,
        title="Measurable indicators",
        anchor="indicators",
        intro="Record what is known; leave the rest empty. These figures are compared at "
        "reviews and at closure.",
    )


# Workflow ------------------------------------------------------------------------------


@require_POST
def submit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    refusal = _refuse_unless_editable(request, assessment)
    if refusal is not None:
        return refusal
    try:
        services.assessment_submit(assessment=assessment, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_detail_url(assessment, "submit"))
    messages.success(request, "Assessment submitted for sign-off.")
    return redirect(_detail_url(assessment))


def _require_sign_off(request: HttpRequest, assessment: Assessment) -> None:
    if not request.user.has_perm("assessments.sign_off_assessment", assessment):
        raise PermissionDenied(
            "Assessments are signed off by a manager of the case who did not write them."
        )


@require_POST
def sign_off(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    _require_sign_off(request, assessment)
    form = CommentsForm(request.POST)
    form.is_valid()
    try:
        services.assessment_sign_off(
            assessment=assessment, by=request.user, comments=form.cleaned_data.get("comments", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(assessment))
    messages.success(request, "Assessment signed off.")
    return redirect(_detail_url(assessment))


@require_POST
def return_for_changes(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case, assessment = _load(request, case_pk, pk)
    _require_sign_off(request, assessment)
    form = CommentsForm(request.POST, required=True, label="What needs to change")
    if form.is_valid():
        try:
            services.assessment_return(
                assessment=assessment, by=request.user, comments=form.cleaned_data["comments"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Assessment returned to the assessor with your comments.")
        return redirect(_detail_url(assessment))
    # Nothing typed: show the record again with the message on the form, nothing changed.
    _log_view(request, assessment)
    context = _detail_context(request, case, assessment)
    context["return_form"] = form
    return render(request, "assessments/detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, assessment = _load(request, case_pk, pk)
    if not request.user.has_perm("assessments.correct_assessment", assessment):
        raise PermissionDenied("You cannot change this case record.")
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                new = services.assessment_correct(
                    assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Version {new.version} started as a draft. Version {assessment.version} "
                    "stays on the record as it was signed off.",
                )
                return redirect(_detail_url(new))
        status = 400
    else:
        form = CorrectionForm()
        _log_view(request, assessment)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": "Correct a signed-off assessment",
            "caption": f"{assessment.case.reference} · {assessment}",
            "intro": "A corrected version is a new draft copying everything in this one. "
            "It needs signing off again. This version stays on the record unchanged.",
            "back_url": _detail_url(assessment),
            "cancel_url": _detail_url(assessment),
        },
        status=status,
    )

"""Assessment pages: start, the record itself, one edit page per section, and the workflow.

Views stay thin: every case and assessment is loaded through the scoped selectors, every
write of more than one row goes through assessments.services, and the forms validate.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from assessments import services
from assessments.answers import assessment_answers
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
from assessments.prompts import carer_prompts, safety_warning
from assessments.selectors import load_assessment, version_chain
from edgecare.models import AccessLog
from edgecare.records_common import View, case_start_page, record_page, record_url
from edgecare.section_page import render_form_page, section_page
from edgecare.signoff_views import SignOffPages
from families.selectors import Loaded, record_for_user_or_404


def _refused(assessment: Assessment) -> str:
    """Why an assessment is not open for changes, and what to do about it."""
    if assessment.is_signed_off:
        return (
            "This assessment has been signed off, so it can no longer be changed. "
            "To put something right, start a corrected version."
        )
    return (
        "This assessment is waiting for sign-off, so it cannot be changed. "
        "A manager can return it to you for changes."
    )


def _section(
    request: HttpRequest, loaded: Loaded, *, form_class, instance, anchor: str, **page
) -> HttpResponse:
    """One section of a draft assessment, through the one section page."""
    assessment = loaded.record
    form_kwargs = page.pop("form_kwargs", {})
    extra = {"assessment": assessment, **page.pop("extra", {})}
    return section_page(
        request,
        loaded,
        make_form=lambda data: form_class(data, instance=instance, **form_kwargs),
        caption=f"{assessment.case.reference} · {assessment}",
        back_url=record_url(assessment, anchor),
        refused=_refused(assessment),
        extra=extra,
        **page,
    )


# Start and read ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, case_pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(
        request,
        case_pk,
        record_type=AccessLog.RecordType.CASE,
        change_perm="assessments.add_assessment",
    )
    case = loaded.case
    has_initial = case.assessments.filter(assessment_type=Assessment.Type.INITIAL).exists()
    instance = Assessment(
        case=case,
        assessor=request.user,
        assessment_type=(Assessment.Type.REASSESSMENT if has_initial else Assessment.Type.INITIAL),
    )

    return case_start_page(
        request,
        loaded,
        make_form=lambda data: AssessmentStartForm(
            data, instance=instance, initial={"assessment_date": timezone.localdate()}
        ),
        save=lambda form: services.assessment_start(
            case=case,
            assessor=request.user,
            type=form.cleaned_data["assessment_type"],
            assessment_date=form.cleaned_data["assessment_date"],
        ),
        on_saved="Assessment started. Fill in each section below.",
        done_url=record_url,
        title="Start an assessment",
        intro="The assessment covers every family member and is scored against the "
        "outcome areas your organisation has agreed.",
    )


def _detail_context(request: HttpRequest, loaded: Loaded) -> dict:
    case = loaded.case
    full = services.assessment_with_relations(loaded.record.pk)
    full.case = case
    members = list(case.family.members.all())
    yp_views = {v.person_id: v for v in full.young_person_views.all()}
    carer_views = {v.person_id: v for v in full.carer_views.all()}
    carers = [m for m in members if m.is_parent_or_carer]
    can_edit = loaded.can_change
    versions = version_chain(full)
    return {
        "case": case,
        "assessment": full,
        "domain_rows": list(full.domain_assessments.all()),
        "needs": list(full.needs.all()),
        "young_people": [(p, yp_views.get(p.pk)) for p in case.young_people.all()],
        "carers": [(p, carer_views.get(p.pk), safety_warning(p)) for p in carers],
        "carer_prompts": carer_prompts(carers, carer_views),
        "contributions": list(full.agency_contributions.all()),
        "indicators": services.indicators_for(full),
        "versions": versions,
        "can_edit": can_edit,
        "can_sign_off": full.is_awaiting_sign_off and loaded.can_sign_off,
        "can_correct": full.is_signed_off
        and versions[-1].pk == full.pk
        and request.user.has_perm("assessments.correct_assessment", full),
        "submission_problems": full.sign_off_problems() if can_edit else [],
    }


@require_http_methods(["GET"])
def detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_assessment(request, case_pk, pk)
    return render(request, "assessments/detail.html", _detail_context(request, loaded))


# Sections ------------------------------------------------------------------------------


def _own_section(form_class, **page) -> View:
    """A section whose form edits the assessment's own fields."""
    return record_page(
        load_assessment,
        lambda request, loaded: _section(
            request, loaded, form_class=form_class, instance=loaded.record, **page
        ),
    )


edit_overview = _own_section(OverviewForm, title="Type and date", anchor="overview")
edit_summary = _own_section(
    SummaryForm,
    title="Summary",
    anchor="summary",
    intro="Write this so the family can understand it: it is read with them.",
)
edit_analysis = _own_section(AnalysisForm, title="Analysis and overall risk", anchor="analysis")


@require_http_methods(["GET", "POST"])
def edit_domain(request: HttpRequest, case_pk: int, pk: int, row_pk: int) -> HttpResponse:
    loaded = load_assessment(request, case_pk, pk)
    row = (
        DomainAssessment.objects.filter(assessment=loaded.record, pk=row_pk)
        .select_related("domain")
        .first()
    )
    if row is None:
        raise Http404("No such outcome area in this assessment")
    return _section(
        request,
        loaded,
        form_class=DomainAssessmentForm,
        instance=row,
        title=row.domain_name,
        anchor=f"domain-{row.pk}",
        form_kwargs={"organisation_id": loaded.case.family.organisation_id},
        intro=row.domain.description,
        template="assessments/domain_form.html",
        extra={"domain": row.domain},
    )


def _person_in(queryset, person_pk: int):
    person = queryset.filter(pk=person_pk).first()
    if person is None:
        raise Http404("No such person on this case")
    return person


def _view_of(model, assessment: Assessment, person):
    """The young person's or carer's views recorded in this assessment, else a new one."""
    return model.objects.filter(assessment=assessment, person=person).first() or model(
        assessment=assessment, person=person
    )


def _item_or_404(model, assessment: Assessment, item_pk: int | None, *, missing: str):
    """An item of this assessment (a contribution, a need), or None to add one."""
    if item_pk is None:
        return None
    item = model.objects.filter(assessment=assessment, pk=item_pk).first()
    if item is None:
        raise Http404(missing)
    return item


@require_http_methods(["GET", "POST"])
def edit_young_person_view(
    request: HttpRequest, case_pk: int, pk: int, person_pk: int
) -> HttpResponse:
    loaded = load_assessment(request, case_pk, pk)
    assessment = loaded.record
    person = _person_in(loaded.case.young_people.all(), person_pk)
    instance = _view_of(YoungPersonView, assessment, person)
    return _section(
        request,
        loaded,
        form_class=YoungPersonViewForm,
        instance=instance,
        title=f"{person.known_as}'s views",
        anchor="young-people",
        intro="Use their own words. Where you can, see them on their own.",
    )


@require_http_methods(["GET", "POST"])
def edit_carer_view(request: HttpRequest, case_pk: int, pk: int, person_pk: int) -> HttpResponse:
    loaded = load_assessment(request, case_pk, pk)
    case, assessment = loaded.case, loaded.record
    person = _person_in(case.family.members.all(), person_pk)
    if not person.is_parent_or_carer:
        raise Http404("Not a parent or carer")
    instance = _view_of(CarerView, assessment, person)
    carers = [m for m in case.family.members.all() if m.is_parent_or_carer and m.pk != person.pk]
    recorded = set(
        CarerView.objects.filter(assessment=assessment).values_list("person_id", flat=True)
    )
    return _section(
        request,
        loaded,
        form_class=CarerViewForm,
        instance=instance,
        title=f"{person.known_as}'s views ({person.get_relationship_display().lower()})",
        anchor="carers",
        warnings=[w for w in [safety_warning(person)] if w] + carer_prompts(carers, recorded),
    )


@require_http_methods(["GET", "POST"])
def edit_agency_contribution(
    request: HttpRequest, case_pk: int, pk: int, item_pk: int | None = None
) -> HttpResponse:
    loaded = load_assessment(request, case_pk, pk)
    assessment = loaded.record
    instance = _item_or_404(
        AgencyContribution, assessment, item_pk, missing="No such contribution"
    ) or AgencyContribution(assessment=assessment)
    return _section(
        request,
        loaded,
        form_class=AgencyContributionForm,
        instance=instance,
        title="Another agency's contribution",
        anchor="agencies",
    )


@require_http_methods(["GET", "POST"])
def edit_need(
    request: HttpRequest, case_pk: int, pk: int, item_pk: int | None = None
) -> HttpResponse:
    loaded = load_assessment(request, case_pk, pk)
    assessment = loaded.record
    instance = _item_or_404(
        IdentifiedNeed, assessment, item_pk, missing="No such need"
    ) or IdentifiedNeed(assessment=assessment, priority=assessment.needs.count() + 1)
    return _section(
        request,
        loaded,
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
    loaded = load_assessment(request, case_pk, pk)
    assessment = loaded.record
    instance = assessment.indicator_sets.first()
    if instance is None:
        instance = IndicatorSet(
            case=assessment.case,
            assessment=assessment,
            occasion=IndicatorSet.Occasion.ASSESSMENT,
            recorded_by=request.user,
            recorded_on=assessment.assessment_date,
        )
    return _section(
        request,
        loaded,
        form_class=IndicatorSetForm,
        instance=instance,
        title="Measurable indicators",
        anchor="indicators",
        intro="Record what is known; leave the rest empty. These figures are compared at "
        "reviews and at closure.",
    )


# Workflow: the one set of sign-off pages (edgecare.signoff_views), addressed in urls.py --


SIGN_OFF = SignOffPages(
    load=load_assessment,
    refused=_refused,
    return_form=lambda data: CommentsForm(data, required=True, label="What needs to change"),
    return_field="comments",
    answers=assessment_answers,
    url_names=(
        "assessments:check_answers",
        "assessments:submit",
        "assessments:sign_off",
        "assessments:return",
    ),
    sign_off_button="Sign off the assessment",
    submitted="Assessment submitted for sign-off.",
    signed_off="Assessment signed off.",
    returned="Assessment returned to the assessor with your comments.",
    not_signer="Assessments are signed off by a manager of the case who neither wrote nor "
    "submitted them.",
)


@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_assessment(request, case_pk, pk)
    assessment = loaded.record
    if not request.user.has_perm("assessments.correct_assessment", assessment):
        raise PermissionDenied("You cannot change this case record.")
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
                return redirect(record_url(new))
        loaded.log(request)
    else:
        form = CorrectionForm()
    return render_form_page(
        request,
        form,
        title="Correct a signed-off assessment",
        caption=f"{assessment.case.reference} · {assessment}",
        intro="A corrected version is a new draft copying everything in this one. "
        "It needs signing off again. This version stays on the record unchanged.",
        back_url=record_url(assessment),
    )

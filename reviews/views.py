"""Review pages; closure, re-opening and follow-ups are in `reviews.views_closure`.

Views stay thin: every case and record is loaded through the scoped selectors, writes of more
than one row go through reviews.services, and the forms validate. A closed case is read-only
(families.change_case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms import IndicatorSetForm
from assessments.models import IndicatorSet
from attachments import case_page as attachments_page
from edgecare.models import AccessLog
from edgecare.records_common import (
    Loader,
    View,
    case_start_page,
    record_page,
    record_url,
    refuse_unless_open,
)
from edgecare.section_page import section_page
from families.selectors import Loaded, record_for_user_or_404
from plans.selectors import actions_with_owners, plan_in_force
from reviews import services
from reviews.forms import (
    GoalProgressFormSet,
    ReviewDecisionForm,
    ReviewDetailsForm,
    ReviewDomainScoreFormSet,
    ReviewRiskForm,
    ReviewStartForm,
)
from reviews.models import Review
from reviews.selectors import (
    case_reviews,
    load_review,
    progress_chart,
    progress_series,
    review_with_contents,
)


def _for_case(
    request: HttpRequest, case_pk: int, *, record_type: AccessLog.RecordType, perm: str
) -> Loaded:
    """The case itself, for the pages that start a record on it or list its records."""
    return record_for_user_or_404(request, case_pk, record_type=record_type, change_perm=perm)


def _adding_to_case(
    request: HttpRequest,
    case_pk: int,
    *,
    perm: str,
    refused: str = "You cannot add to this case record.",
) -> Loaded:
    """The case, for a page that starts something on it (a review, a closure, a re-opening):
    403 with `refused` for a user without `perm` on it."""
    loaded = _for_case(request, case_pk, record_type=AccessLog.RecordType.CASE, perm=perm)
    if not loaded.can_change:
        raise PermissionDenied(refused)
    return loaded


def _section(request: HttpRequest, loaded: Loaded, *, anchor: str, refused: str, **page):
    """One section of a draft review or closure, through the one section page."""
    record = loaded.record
    url = record_url(record, anchor)
    return section_page(
        request,
        loaded,
        caption=f"{record.case.reference} · {record}",
        back_url=url,
        refused=refused,
        **page,
    )


def _form_section(
    load: Loader,
    form_class,
    *,
    refused: Callable[[Any], str],
    form_kwargs: Callable[[Any], dict] | None = None,
    **page,
) -> View:
    """A section page whose form edits the record's own fields (a review's, a closure's).
    `refused(record)` says why a record not open for changes cannot be changed;
    `form_kwargs(record)` gives the form anything more it needs."""

    def draw(request: HttpRequest, loaded: Loaded) -> HttpResponse:
        record = loaded.record
        kwargs = form_kwargs(record) if form_kwargs is not None else {}
        return _section(
            request,
            loaded,
            make_form=lambda data: form_class(data, instance=record, **kwargs),
            refused=refused(record),
            **page,
        )

    return record_page(load, draw)


def _rows_section(
    load: Loader,
    *,
    formset_class,
    rows: Callable[[Any], Any],
    legend,
    refused: Callable[[Any], str],
    extra_context: Callable[[Any], dict] | None = None,
    **page,
) -> View:
    """A page of one fieldset per row (a goal, an outcome area), saved together or not at all.
    `rows(record)` is the record's rows in order; `legend(row)` gives (legend, hint) or
    (legend, hint, actions of the goal)."""

    def draw(request: HttpRequest, loaded: Loaded) -> HttpResponse:
        record = loaded.record
        return _section(
            request,
            loaded,
            refused=refused(record),
            make_form=lambda data: formset_class(data, queryset=rows(record)),
            template="reviews/rows_form.html",
            extra=lambda formset: {
                "formset": formset,
                "rows": [(form, legend(form.instance)) for form in formset],
                **(extra_context(record) if extra_context is not None else {}),
            },
            **page,
        )

    return record_page(load, draw)


# Reviews -------------------------------------------------------------------------------------

REVIEW_DONE = "This review has been completed, so it can no longer be changed."


@require_http_methods(["GET"])
def review_list(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _for_case(
        request, case_pk, record_type=AccessLog.RecordType.REVIEW, perm="reviews.add_review"
    ).case
    reviews = case_reviews(case)
    series = progress_series(case, reviews)
    plan = plan_in_force(case)
    return render(
        request,
        "reviews/review_list.html",
        {
            "case": case,
            "reviews": list(reversed(reviews)),
            "series": series,
            "chart": progress_chart(series),
            "plan": plan,
            "today": timezone.localdate(),
            "can_start": plan is not None
            and request.user.has_perm("reviews.add_review", case)
            and not any(r.is_editable for r in reviews),
        },
    )


@require_http_methods(["GET", "POST"])
def review_start(request: HttpRequest, case_pk: int) -> HttpResponse:
    loaded = _adding_to_case(request, case_pk, perm="reviews.add_review")
    case = loaded.case
    plan = plan_in_force(case)
    if plan is None:
        messages.error(
            request,
            "There is no agreed plan to review. A review looks at the plan agreed with the "
            "family: agree the plan first.",
        )
        return redirect(case.get_absolute_url())
    draft = Review.objects.filter(case=case).drafts().first()
    if draft is not None:
        messages.info(request, "A review is already being written: here it is.")
        return redirect(draft.get_absolute_url())
    return case_start_page(
        request,
        loaded,
        make_form=lambda data: ReviewStartForm(
            data, plan=plan, initial={"review_date": timezone.localdate()}
        ),
        save=lambda form: services.review_start(
            case=case,
            started_by=request.user,
            review_date=form.cleaned_data["review_date"],
            review_type=form.cleaned_data["review_type"],
        ),
        on_saved="Review started. Fill in each section below.",
        done_url=lambda review: review.get_absolute_url(),
        title="Start a review of the plan",
        intro=f"This review looks at plan version {plan.version}, agreed with the "
        f"family on {plan.agreed_on:%-d %B %Y}.",
    )


@require_http_methods(["GET"])
def review_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_review(request, case_pk, pk)
    full = review_with_contents(loaded.record)
    can_edit = loaded.can_change
    previous = services.previous_risk_level(full) if full.is_editable else full.previous_risk_level
    return render(
        request,
        "reviews/review_detail.html",
        {
            "case": loaded.case,
            "review": full,
            "can_edit": can_edit,
            "previous_risk": previous,
            "problems": services.review_completion_problems(full, previous_risk=previous)
            if can_edit
            else [],
            **attachments_page.on_record(request, loaded.case, full, noun="review"),
        },
    )


def _review_done(review: Review) -> str:
    return REVIEW_DONE


review_edit = _form_section(
    load_review,
    ReviewDetailsForm,
    refused=_review_done,
    title="Who took part and their views",
    anchor="details",
    intro="Write the young person's and the family's views in their own words.",
)

review_risk = _form_section(
    load_review,
    ReviewRiskForm,
    refused=_review_done,
    form_kwargs=lambda review: {"previous_risk": services.previous_risk_level(review)},
    title="Risk now",
    anchor="risk",
    intro="If the risk has gone up since it was last assessed, say what is being done and "
    "who has been told: the team manager must know.",
)

review_decision = _form_section(
    load_review, ReviewDecisionForm, refused=_review_done, title="Decision", anchor="decision"
)

review_goals = _rows_section(
    load_review,
    formset_class=GoalProgressFormSet,
    rows=lambda review: (
        review.goal_progress.select_related("goal__plan__assessment")
        .prefetch_related(Prefetch("goal__actions", queryset=actions_with_owners()))
        .order_by("goal__order", "goal_id")
    ),
    title="Progress on each goal",
    anchor="goals",
    refused=_review_done,
    legend=lambda row: (
        row.goal.what_we_want_to_be_different,
        f"{row.goal.domain_name}. Score when the plan started: "
        f"{_score(row.goal.baseline_score)}; score now: {_score(row.goal.score_now)}; "
        f"target {_score(row.goal.target_score)}.",
        list(row.goal.actions.all()),
    ),
    intro="Every goal needs a score and a few words on how it is going. Record how each "
    "action is going too: it is kept on the plan without revising it.",
    extra_context=lambda review: {"review": review},
)


def _score(value) -> str:
    return "not scored" if value is None else str(value)


review_scores = _rows_section(
    load_review,
    formset_class=ReviewDomainScoreFormSet,
    rows=lambda review: review.domain_scores.order_by("domain_order", "pk"),
    title="Outcome areas re-scored",
    anchor="scores",
    refused=_review_done,
    legend=lambda row: (row.domain_name, ""),
    intro="Score every outcome area again, 0 to 10 (10 means things are as good as they "
    "need to be). Ask the family for their own score.",
)


@require_http_methods(["GET", "POST"])
def review_indicators(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_review(request, case_pk, pk)
    review = loaded.record
    instance = review.indicators or IndicatorSet(
        case=loaded.case,
        occasion=IndicatorSet.Occasion.REVIEW,
        recorded_by=request.user,
        recorded_on=review.review_date,
    )
    return _section(
        request,
        loaded,
        make_form=lambda data: IndicatorSetForm(data, instance=instance),
        save=lambda form: services.review_indicators_save(review=review, form=form),
        title="Measurable indicators",
        anchor="indicators",
        refused=REVIEW_DONE,
        intro="Record what is known now; leave the rest empty. They are compared with "
        "the assessment's figures.",
    )


@require_POST
def review_complete(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_review(request, case_pk, pk)
    review = loaded.record
    refusal = refuse_unless_open(request, loaded, refused=REVIEW_DONE)
    if refusal is not None:
        return refusal
    try:
        done = services.review_complete(review=review, completed_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(record_url(review, "complete"))
    text = "Review completed."
    if done.next_review_date:
        text += f" The next review is on {done.next_review_date:%-d %B %Y}."
    if done.decision == Review.Decision.PREPARE_CLOSURE:
        text += " The case is now being prepared for closure."
    elif done.decision == Review.Decision.REVISE:
        text += " Next: revise the plan with the family."
    messages.success(request, text)
    return redirect(done.get_absolute_url())

"""Review, closure, re-opening and follow-up pages.

Views stay thin: every case and record is loaded through the scoped selectors, writes of more
than one row go through reviews.services, and the forms validate. A closed case is read-only
(families.change_case), except for the follow-up checks made after closure.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms import IndicatorSetForm
from assessments.models import IndicatorSet
from edgecare.access import record_access
from edgecare.models import AccessLog
from families.selectors import case_for_user_or_404
from plans.selectors import plan_in_force
from reviews import services
from reviews.documents import (
    PDF_FILENAME,
    closure_letter_context,
    closure_wording_check,
    render_closure_letter_pdf,
)
from reviews.forms import (
    ClosureDetailsForm,
    ClosureDomainScoreFormSet,
    ClosureGoalOutcomeFormSet,
    FollowUpForm,
    GoalProgressFormSet,
    OngoingNeedsForm,
    ReasonForm,
    ReviewDecisionForm,
    ReviewDetailsForm,
    ReviewDomainScoreFormSet,
    ReviewRiskForm,
    ReviewStartForm,
    SustainabilityForm,
)
from reviews.models import Closure, FollowUpCheck, Review
from reviews.selectors import (
    case_reviews,
    closure_for_user_or_404,
    closure_with_contents,
    current_closure,
    follow_up_for_user_or_404,
    follow_ups_due_for_user,
    progress_chart,
    progress_series,
    review_for_user_or_404,
    review_with_contents,
)

CLOSURE_LETTER = "closure-letter"


def _log(request: HttpRequest, *, record_type: str, record_id: int, case_id: int, action=None):
    record_access(
        request,
        action=action or AccessLog.Action.VIEW,
        record_type=record_type,
        record_id=record_id,
        case_id=case_id,
    )


def _require_change(request: HttpRequest, case) -> None:
    if not request.user.has_perm("families.change_case", case):
        raise PermissionDenied("You cannot change this case record.")


def _anchor(url: str, anchor: str) -> str:
    return f"{url}#{anchor}" if anchor else url


# Reviews -------------------------------------------------------------------------------------


def _load_review(request: HttpRequest, case_pk: int, pk: int):
    case = case_for_user_or_404(request, case_pk, record_type="review")
    return case, review_for_user_or_404(request, case=case, pk=pk)


def _refuse_unless_review_editable(request: HttpRequest, review: Review):
    _require_change(request, review.case)
    if review.is_editable:
        return None
    messages.error(request, "This review has been completed, so it can no longer be changed.")
    return redirect(review.get_absolute_url())


@require_http_methods(["GET"])
def review_list(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, case_pk, record_type="reviews")
    _log(request, record_type="reviews", record_id=case.pk, case_id=case.pk)
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
    case = case_for_user_or_404(request, case_pk, record_type="review")
    if not request.user.has_perm("reviews.add_review", case):
        raise PermissionDenied("You cannot add to this case record.")
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
    status = 200
    if request.method == "POST":
        form = ReviewStartForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                review = services.review_start(
                    case=case,
                    started_by=request.user,
                    review_date=form.cleaned_data["review_date"],
                    review_type=form.cleaned_data["review_type"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Review started. Fill in each section below.")
                return redirect(review.get_absolute_url())
        status = 400
    else:
        form = ReviewStartForm(plan=plan, initial={"review_date": timezone.localdate()})
        _log(request, record_type="case", record_id=case.pk, case_id=case.pk)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": "Start a review of the plan",
            "caption": f"{case.reference} · {case.family}",
            "intro": f"This review looks at plan version {plan.version}, agreed with the "
            f"family on {plan.agreed_on:%-d %B %Y}.",
            "back_url": case.get_absolute_url(),
            "cancel_url": case.get_absolute_url(),
        },
        status=status,
    )


@require_http_methods(["GET"])
def review_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case, review = _load_review(request, case_pk, pk)
    _log(request, record_type="review", record_id=review.pk, case_id=case.pk)
    full = review_with_contents(review)
    can_edit = full.is_editable and request.user.has_perm("reviews.change_review", full)
    previous = services.previous_risk_level(full) if full.is_editable else full.previous_risk_level
    return render(
        request,
        "reviews/review_detail.html",
        {
            "case": case,
            "review": full,
            "can_edit": can_edit,
            "previous_risk": previous,
            "problems": services.review_completion_problems(full, previous_risk=previous)
            if can_edit
            else [],
        },
    )


def _review_section(
    request, *, review: Review, form_class, title: str, anchor: str, intro: str = "", **kw
):
    refusal = _refuse_unless_review_editable(request, review)
    if refusal is not None:
        return refusal
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, instance=review, **kw)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, f"{title}: saved.")
            return redirect(_anchor(review.get_absolute_url(), anchor))
        status = 400
    else:
        form = form_class(instance=review, **kw)
        _log(request, record_type="review", record_id=review.pk, case_id=review.case_id)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": f"{review.case.reference} · {review}",
            "intro": intro,
            "back_url": _anchor(review.get_absolute_url(), anchor),
            "cancel_url": _anchor(review.get_absolute_url(), anchor),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, review = _load_review(request, case_pk, pk)
    return _review_section(
        request,
        review=review,
        form_class=ReviewDetailsForm,
        title="Who took part and their views",
        anchor="details",
        intro="Write the young person's and the family's views in their own words.",
    )


@require_http_methods(["GET", "POST"])
def review_risk(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, review = _load_review(request, case_pk, pk)
    return _review_section(
        request,
        review=review,
        form_class=ReviewRiskForm,
        title="Risk now",
        anchor="risk",
        intro="If the risk has gone up since it was last assessed, say what is being done and "
        "who has been told: the team manager must know.",
        previous_risk=services.previous_risk_level(review),
    )


@require_http_methods(["GET", "POST"])
def review_decision(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, review = _load_review(request, case_pk, pk)
    return _review_section(
        request, review=review, form_class=ReviewDecisionForm, title="Decision", anchor="decision"
    )


def _rows_page(
    request,
    *,
    formset_class,
    queryset,
    record,
    title: str,
    anchor: str,
    legend,
    intro: str = "",
    extra: dict | None = None,
):
    """A page of one fieldset per row (a goal, an outcome area), saved together or not at all."""
    status = 200
    if request.method == "POST":
        formset = formset_class(request.POST, queryset=queryset)
        if formset.is_valid():
            with transaction.atomic():
                formset.save()
            messages.success(request, f"{title}: saved.")
            return redirect(_anchor(record.get_absolute_url(), anchor))
        status = 400
    else:
        formset = formset_class(queryset=queryset)
        _log(
            request,
            record_type=type(record).__name__.lower(),
            record_id=record.pk,
            case_id=record.case_id,
        )
    rows = [(form, legend(form.instance)) for form in formset]
    return render(
        request,
        "reviews/rows_form.html",
        {
            "formset": formset,
            "rows": rows,
            "title": title,
            "caption": f"{record.case.reference} · {record}",
            "intro": intro,
            "back_url": _anchor(record.get_absolute_url(), anchor),
            **(extra or {}),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def review_goals(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, review = _load_review(request, case_pk, pk)
    refusal = _refuse_unless_review_editable(request, review)
    if refusal is not None:
        return refusal
    return _rows_page(
        request,
        formset_class=GoalProgressFormSet,
        queryset=review.goal_progress.select_related("goal").order_by("goal__order", "goal_id"),
        record=review,
        title="Progress on each goal",
        anchor="goals",
        legend=lambda row: (
            row.goal.what_we_want_to_be_different,
            f"{row.goal.domain_name}. Score when the plan started: "
            f"{_score(row.goal.baseline_score)}; target {_score(row.goal.target_score)}.",
        ),
        intro="Every goal needs a score and a few words on how it is going.",
    )


def _score(value) -> str:
    return "not scored" if value is None else str(value)


@require_http_methods(["GET", "POST"])
def review_scores(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, review = _load_review(request, case_pk, pk)
    refusal = _refuse_unless_review_editable(request, review)
    if refusal is not None:
        return refusal
    return _rows_page(
        request,
        formset_class=ReviewDomainScoreFormSet,
        queryset=review.domain_scores.order_by("domain_order", "pk"),
        record=review,
        title="Outcome areas re-scored",
        anchor="scores",
        legend=lambda row: (row.domain_name, ""),
        intro="Score every outcome area again, 0 to 10 (10 means things are as good as they "
        "need to be). Ask the family for their own score.",
    )


@require_http_methods(["GET", "POST"])
def review_indicators(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case, review = _load_review(request, case_pk, pk)
    refusal = _refuse_unless_review_editable(request, review)
    if refusal is not None:
        return refusal
    instance = review.indicators or IndicatorSet(
        case=case,
        occasion=IndicatorSet.Occasion.REVIEW,
        recorded_by=request.user,
        recorded_on=review.review_date,
    )
    status = 200
    if request.method == "POST":
        form = IndicatorSetForm(request.POST, instance=instance)
        if form.is_valid():
            with transaction.atomic():
                indicators = form.save()
                if review.indicators_id != indicators.pk:
                    review.indicators = indicators
                    review.save(update_fields=["indicators", "updated_at", "row_version"])
            messages.success(request, "Measurable indicators: saved.")
            return redirect(_anchor(review.get_absolute_url(), "indicators"))
        status = 400
    else:
        form = IndicatorSetForm(instance=instance)
        _log(request, record_type="review", record_id=review.pk, case_id=case.pk)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": "Measurable indicators",
            "caption": f"{case.reference} · {review}",
            "intro": "Record what is known now; leave the rest empty. They are compared with "
            "the assessment's figures.",
            "back_url": _anchor(review.get_absolute_url(), "indicators"),
            "cancel_url": _anchor(review.get_absolute_url(), "indicators"),
        },
        status=status,
    )


@require_POST
def review_complete(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, review = _load_review(request, case_pk, pk)
    refusal = _refuse_unless_review_editable(request, review)
    if refusal is not None:
        return refusal
    try:
        done = services.review_complete(review=review, completed_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_anchor(review.get_absolute_url(), "complete"))
    text = "Review completed."
    if done.next_review_date:
        text += f" The next review is on {done.next_review_date:%-d %B %Y}."
    if done.decision == Review.Decision.PREPARE_CLOSURE:
        text += " The case is now being prepared for closure."
    elif done.decision == Review.Decision.REVISE:
        text += " Next: revise the plan with the family."
    messages.success(request, text)
    return redirect(done.get_absolute_url())


# Closure -------------------------------------------------------------------------------------


def _load_closure(request: HttpRequest, case_pk: int, pk: int):
    case = case_for_user_or_404(request, case_pk, record_type="closure")
    return case, closure_for_user_or_404(request, case=case, pk=pk)


def _refuse_unless_closure_editable(request: HttpRequest, closure: Closure):
    _require_change(request, closure.case)
    if closure.is_editable:
        return None
    if closure.is_submitted:
        messages.error(
            request,
            "This closure is waiting for sign-off, so it cannot be changed. A manager can "
            "return it to you for changes.",
        )
    else:
        messages.error(request, "This closure can no longer be changed.")
    return redirect(closure.get_absolute_url())


@require_http_methods(["GET", "POST"])
def closure_start(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, case_pk, record_type="closure")
    if not request.user.has_perm("reviews.add_closure", case):
        raise PermissionDenied("You cannot add to this case record.")
    existing = current_closure(case)
    if existing is not None:
        messages.info(request, "A closure is already being written for this case: here it is.")
        return redirect(existing.get_absolute_url())
    if case.status not in services.CLOSABLE_STATUSES:
        messages.error(
            request,
            "Only an active case can be closed this way. A case still being assessed is "
            "closed by a decision.",
        )
        return redirect(case.get_absolute_url())
    instance = Closure(case=case, created_by=request.user)
    status = 200
    if request.method == "POST":
        form = ClosureDetailsForm(
            request.POST, instance=instance, include_summary=False, submit="Start the closure"
        )
        if form.is_valid():
            try:
                closure = services.closure_start(
                    case=case,
                    started_by=request.user,
                    reason=form.cleaned_data["reason"],
                    closure_date=form.cleaned_data["closure_date"],
                    key_outcome=form.cleaned_data["key_outcome"],
                    key_outcome_other=form.cleaned_data.get("key_outcome_other", ""),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Closure started. Fill in each section below.")
                return redirect(closure.get_absolute_url())
        status = 400
    else:
        form = ClosureDetailsForm(
            instance=instance,
            include_summary=False,
            submit="Start the closure",
            initial={"closure_date": timezone.localdate()},
        )
        _log(request, record_type="case", record_id=case.pk, case_id=case.pk)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": "Close the case",
            "caption": f"{case.reference} · {case.family}",
            "intro": "Closure is written with the family: the scores at the end, how each "
            "goal ended, what support they still need and their plan for keeping things "
            "going. A manager signs it off, and that closes the case.",
            "back_url": case.get_absolute_url(),
            "cancel_url": case.get_absolute_url(),
        },
        status=status,
    )


def _closure_context(request: HttpRequest, case, closure: Closure) -> dict:
    full = closure_with_contents(closure)
    user = request.user
    can_edit = full.is_editable and user.has_perm("reviews.change_closure", full)
    context = {
        "case": case,
        "closure": full,
        "can_edit": can_edit,
        "can_sign_off": full.is_submitted and user.has_perm("reviews.sign_off_closure", full),
        "can_reopen": full.is_signed_off
        and full.reopened_at is None
        and user.has_perm("reviews.reopen_case", case),
        "problems": services.closure_submission_problems(full) if can_edit else [],
        "wording": closure_wording_check(full),
        "return_form": ReasonForm(
            label="What needs to change",
            required_message="Say what needs to change before returning the closure.",
            submit="Return for changes",
        ),
        "withdraw_form": ReasonForm(
            label="Why is the work carrying on?",
            required_message="Say why the closure is being withdrawn.",
            submit="Withdraw the closure",
        ),
        "reopenings": list(full.reopenings.select_related("reopened_by")),
    }
    context["return_form"].helper.form_action = reverse(
        "reviews:closure_return", args=[case.pk, closure.pk]
    )
    context["withdraw_form"].helper.form_action = reverse(
        "reviews:closure_withdraw", args=[case.pk, closure.pk]
    )
    return context


@require_http_methods(["GET"])
def closure_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case, closure = _load_closure(request, case_pk, pk)
    _log(request, record_type="closure", record_id=closure.pk, case_id=case.pk)
    return render(request, "reviews/closure_detail.html", _closure_context(request, case, closure))


def _closure_section(
    request, *, closure: Closure, form_class, title: str, anchor: str, intro: str = "", **kw
):
    refusal = _refuse_unless_closure_editable(request, closure)
    if refusal is not None:
        return refusal
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, instance=closure, **kw)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, f"{title}: saved.")
            return redirect(_anchor(closure.get_absolute_url(), anchor))
        status = 400
    else:
        form = form_class(instance=closure, **kw)
        _log(request, record_type="closure", record_id=closure.pk, case_id=closure.case_id)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": f"{closure.case.reference} · {closure}",
            "intro": intro,
            "back_url": _anchor(closure.get_absolute_url(), anchor),
            "cancel_url": _anchor(closure.get_absolute_url(), anchor),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def closure_edit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    return _closure_section(
        request,
        closure=closure,
        form_class=ClosureDetailsForm,
        title="Why, when and where the young person lives",
        anchor="details",
    )


@require_http_methods(["GET", "POST"])
def closure_needs(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    return _closure_section(
        request,
        closure=closure,
        form_class=OngoingNeedsForm,
        title="Ongoing support needs",
        anchor="needs",
        intro="Work this out with the family: what they still need, and who will help.",
    )


@require_http_methods(["GET", "POST"])
def closure_sustainability(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    return _closure_section(
        request,
        closure=closure,
        form_class=SustainabilityForm,
        title="Plan for keeping things going",
        anchor="sustainability",
        intro="This goes into the family's closure letter: write it with them, in their "
        "words, without professional terms.",
    )


@require_http_methods(["GET", "POST"])
def closure_scores(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    refusal = _refuse_unless_closure_editable(request, closure)
    if refusal is not None:
        return refusal
    return _rows_page(
        request,
        formset_class=ClosureDomainScoreFormSet,
        queryset=closure.domain_scores.order_by("domain_order", "pk"),
        record=closure,
        title="Scores at closure",
        anchor="scores",
        legend=lambda row: (
            row.domain_name,
            f"Baseline: worker {_score(row.baseline_worker_score)}, "
            f"family {_score(row.baseline_family_score)}.",
        ),
        intro="Score every outcome area at the end of the work, 0 to 10. The baseline from "
        "the assessment is shown beside each.",
    )


@require_http_methods(["GET", "POST"])
def closure_goals(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    refusal = _refuse_unless_closure_editable(request, closure)
    if refusal is not None:
        return refusal
    return _rows_page(
        request,
        formset_class=ClosureGoalOutcomeFormSet,
        queryset=closure.goal_outcomes.select_related("goal").order_by("goal__order", "goal_id"),
        record=closure,
        title="How each goal ended",
        anchor="goals",
        legend=lambda row: (
            row.goal.what_we_want_to_be_different,
            f"{row.goal.domain_name}. Started at {_score(row.goal.baseline_score)}, "
            f"target {_score(row.goal.target_score)}.",
        ),
        intro="Say how each goal of the plan ended. What you write about what changed goes "
        "into the family's letter.",
    )


@require_POST
def closure_submit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    refusal = _refuse_unless_closure_editable(request, closure)
    if refusal is not None:
        return refusal
    try:
        services.closure_submit(closure=closure, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_anchor(closure.get_absolute_url(), "submit"))
    messages.success(request, "Closure submitted for a manager's sign-off.")
    return redirect(closure.get_absolute_url())


def _require_sign_off(request: HttpRequest, closure: Closure) -> None:
    if not request.user.has_perm("reviews.sign_off_closure", closure):
        raise PermissionDenied(
            "A closure is signed off by a manager of the case who did not submit it."
        )


@require_POST
def closure_sign_off(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    _require_sign_off(request, closure)
    comments = (request.POST.get("comments") or "").strip()
    try:
        services.closure_sign_off(closure=closure, signed_off_by=request.user, comments=comments)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(closure.get_absolute_url())
    messages.success(
        request, "Closure signed off. The case is closed and the follow-up checks are scheduled."
    )
    return redirect(closure.get_absolute_url())


@require_POST
def closure_return(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case, closure = _load_closure(request, case_pk, pk)
    _require_sign_off(request, closure)
    form = ReasonForm(
        request.POST,
        label="What needs to change",
        required_message="Say what needs to change before returning the closure.",
        submit="Return for changes",
    )
    if form.is_valid():
        try:
            services.closure_return(
                closure=closure, by=request.user, comments=form.cleaned_data["text"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Closure returned to the worker with your comments.")
        return redirect(closure.get_absolute_url())
    _log(request, record_type="closure", record_id=closure.pk, case_id=case.pk)
    context = _closure_context(request, case, closure)
    form.helper.form_action = context["return_form"].helper.form_action
    context["return_form"] = form
    return render(request, "reviews/closure_detail.html", context, status=400)


@require_POST
def closure_withdraw(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case, closure = _load_closure(request, case_pk, pk)
    refusal = _refuse_unless_closure_editable(request, closure)
    if refusal is not None:
        return refusal
    form = ReasonForm(
        request.POST,
        label="Why is the work carrying on?",
        required_message="Say why the closure is being withdrawn.",
        submit="Withdraw the closure",
    )
    if form.is_valid():
        services.closure_withdraw(
            closure=closure, by=request.user, reason=form.cleaned_data["text"]
        )
        messages.success(request, "Closure withdrawn: the case is active again.")
        return redirect(case.get_absolute_url())
    _log(request, record_type="closure", record_id=closure.pk, case_id=case.pk)
    context = _closure_context(request, case, closure)
    form.helper.form_action = context["withdraw_form"].helper.form_action
    context["withdraw_form"] = form
    return render(request, "reviews/closure_detail.html", context, status=400)


# The family's closure letter ----------------------------------------------------------------------


@require_http_methods(["GET"])
def closure_letter(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    full = closure_with_contents(closure)
    _log(
        request,
        record_type=CLOSURE_LETTER,
        record_id=closure.pk,
        case_id=closure.case_id,
        action=AccessLog.Action.PRINT,
    )
    context = closure_letter_context(full)
    context["back_url"] = closure.get_absolute_url()
    context["pdf_url"] = reverse("reviews:closure_letter_pdf", args=[closure.case_id, closure.pk])
    return render(request, "reviews/closure_letter_print.html", context)


@require_http_methods(["GET"])
def closure_letter_pdf(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    _case, closure = _load_closure(request, case_pk, pk)
    full = closure_with_contents(closure)
    _log(
        request,
        record_type=CLOSURE_LETTER,
        record_id=closure.pk,
        case_id=closure.case_id,
        action=AccessLog.Action.PDF,
    )
    response = HttpResponse(render_closure_letter_pdf(full), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{PDF_FILENAME}"'
    response["Cache-Control"] = "no-store"
    return response


# Re-opening --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, case_pk, record_type="case")
    if not request.user.has_perm("reviews.reopen_case", case):
        raise PermissionDenied("A closed case is re-opened by a manager of the case.")
    kwargs = {
        "label": "Why is the case being re-opened?",
        "required_message": "Say why the case is being re-opened.",
        "submit": "Re-open the case",
    }
    status = 200
    if request.method == "POST":
        form = ReasonForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.case_reopen(case=case, by=request.user, reason=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    "Case re-opened. Follow-up checks not yet made have been cancelled.",
                )
                return redirect(case.get_absolute_url())
        status = 400
    else:
        form = ReasonForm(**kwargs)
        _log(request, record_type="case", record_id=case.pk, case_id=case.pk)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": "Re-open the case",
            "caption": f"{case.reference} · {case.family}",
            "intro": "The closure stays on the record. Follow-up checks not yet made are "
            "cancelled, because the family is being worked with again.",
            "back_url": case.get_absolute_url(),
            "cancel_url": case.get_absolute_url(),
        },
        status=status,
    )


# Follow-up checks --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, case_pk, record_type="follow-up")
    check = follow_up_for_user_or_404(request, case=case, pk=pk)
    if not request.user.has_perm("reviews.record_follow_up", check):
        raise PermissionDenied("You cannot record follow-up checks.")
    if not check.is_outstanding:
        _log(request, record_type="follow-up", record_id=check.pk, case_id=case.pk)
        return render(request, "reviews/follow_up_detail.html", {"case": case, "check": check})
    status = 200
    if request.method == "POST":
        form = FollowUpForm(request.POST, check=check)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                if data["outcome"] == "no_contact":
                    check.record_no_contact(
                        by=request.user, done_on=data["done_on"], notes=data["notes"]
                    )
                else:
                    check.record_result(
                        by=request.user,
                        done_on=data["done_on"],
                        still_living_at_home=data["still_living_at_home"],
                        re_referred=data["re_referred"],
                        entered_care=data["entered_care"],
                        notes=data["notes"],
                    )
            messages.success(request, f"{check}: recorded.")
            return redirect(case.get_absolute_url())
        status = 400
    else:
        form = FollowUpForm(check=check)
        _log(request, record_type="follow-up", record_id=check.pk, case_id=case.pk)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": f"{check}".capitalize(),
            "caption": f"{case.reference} · {case.family}",
            "intro": f"Due on {check.due_date:%-d %B %Y}, {check.months_after} months after "
            f"the case closed on {check.closure.closure_date:%-d %B %Y}. Did the changes last?",
            "back_url": case.get_absolute_url(),
            "cancel_url": case.get_absolute_url(),
        },
        status=status,
    )


@require_http_methods(["GET"])
def follow_ups_due(request: HttpRequest) -> HttpResponse:
    """Every follow-up check due on the cases the user may see."""
    if not request.user.has_perm("families.add_case"):
        # A role question, not a record: say so (403), as every other role-refused page does.
        raise PermissionDenied("Follow-up checks are for practitioners and their managers.")
    checks: list[FollowUpCheck] = follow_ups_due_for_user(request.user)
    return render(
        request,
        "reviews/follow_ups_due.html",
        {"checks": checks, "today": timezone.localdate()},
    )

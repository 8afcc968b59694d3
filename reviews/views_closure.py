"""Closure, re-opening, follow-up and closure letter pages.

Views stay thin: every case and record is loaded through the scoped selectors, writes of more
than one row go through reviews.services, and the forms validate. A closed case is read-only
(families.change_case), except for the follow-up checks made after closure.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from attachments import case_page as attachments_page
from edgecare.forms import form_status
from edgecare.languages import render_family_copy, wants_english_copy
from edgecare.models import AccessLog
from edgecare.pdf import pdf_response
from edgecare.records_common import case_start_page, refuse_unless_open
from edgecare.section_page import section_page
from edgecare.signoff_views import SignOffPages
from families.selectors import Loaded, current_arrangements, record_for_user_or_404
from reviews import services
from reviews.answers import closure_amendment_answers, closure_answers
from reviews.closure_forms import (
    ClosureAmendmentEditForm,
    ClosureAmendmentForm,
    ClosureDetailsForm,
    ClosureDomainScoreFormSet,
    ClosureGoalOutcomeFormSet,
    OngoingNeedsForm,
    SustainabilityForm,
)
from reviews.documents import (
    PDF_FILENAME,
    closure_letter_context,
    closure_wording_check,
    render_closure_letter_pdf,
)
from reviews.forms import FollowUpForm, ReasonForm
from reviews.models import Closure, ClosureAmendment, FollowUpCheck
from reviews.selectors import (
    closure_with_contents,
    closures_for_user,
    current_closure,
    follow_ups_due_for_user,
    load_closure,
    load_closure_amendment,
    load_follow_up,
)
from reviews.views import _adding_to_case, _form_section, _rows_section, _score

CLOSURE_LETTER = AccessLog.RecordType.CLOSURE_LETTER


# Closure -------------------------------------------------------------------------------------


def _closure_refused(closure: Closure) -> str:
    if closure.is_submitted:
        return (
            "This closure is waiting for sign-off, so it cannot be changed. A manager can "
            "return it to you for changes."
        )
    return "This closure can no longer be changed."


@require_http_methods(["GET", "POST"])
def closure_start(request: HttpRequest, case_pk: int) -> HttpResponse:
    loaded = _adding_to_case(request, case_pk, perm="reviews.add_closure")
    case = loaded.case
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
    return case_start_page(
        request,
        loaded,
        make_form=lambda data: ClosureDetailsForm(
            data,
            instance=instance,
            include_summary=False,
            submit="Start the closure",
            initial={"closure_date": timezone.localdate(), "key_outcome": _lives_now(case)},
        ),
        save=lambda form: services.closure_start(
            case=case,
            started_by=request.user,
            reason=form.cleaned_data["reason"],
            closure_date=form.cleaned_data["closure_date"],
            key_outcome=form.cleaned_data["key_outcome"],
            key_outcome_other=form.cleaned_data.get("key_outcome_other", ""),
        ),
        on_saved="Closure started. Fill in each section below.",
        done_url=lambda closure: closure.get_absolute_url(),
        title="Close the case",
        intro="Closure is written with the family: the scores at the end, how each "
        "goal ended, what support they still need and their plan for keeping things "
        "going. A manager signs it off, and that closes the case.",
    )


def _lives_now(case) -> str | None:
    """Where the (eldest) young person lives now, as recorded: the closure's key outcome starts
    from it, so it is not typed twice."""
    current = current_arrangements(case)
    for person in case.young_people.order_by("date_of_birth", "pk"):
        if person.pk in current:
            return current[person.pk].kind
    return None


def _return_form(data=None) -> ReasonForm:
    return ReasonForm(
        data,
        label="What needs to change",
        required_message="Say what needs to change before returning the closure.",
        submit="Return for changes",
    )


def _withdraw_form(data=None) -> ReasonForm:
    return ReasonForm(
        data,
        label="Why is the work carrying on?",
        required_message="Say why the closure is being withdrawn.",
        submit="Withdraw the closure",
    )


def _closure_context(request: HttpRequest, loaded: Loaded, **forms) -> dict:
    case = loaded.case
    full = closure_with_contents(loaded.record)
    can_edit = loaded.can_change
    context = {
        "case": case,
        "closure": full,
        "can_edit": can_edit,
        "can_sign_off": full.is_submitted and loaded.can_sign_off,
        "can_reopen": full.is_signed_off
        and full.reopened_at is None
        and request.user.has_perm("reviews.reopen_case", case),
        "problems": full.sign_off_problems() if can_edit else [],
        "wording": closure_wording_check(full),
        "withdraw_form": forms.get("withdraw_form") or _withdraw_form(),
        "reopenings": list(full.reopenings.select_related("reopened_by")),
        **attachments_page.on_record(request, case, full, noun="closure"),
        "amendments": list(full.amendments.all()),
        "can_amend": request.user.has_perm("reviews.amend_closure", full),
    }
    context["withdraw_form"].helper.form_action = reverse(
        "reviews:closure_withdraw", args=[case.pk, full.pk]
    )
    return context


@require_http_methods(["GET"])
def closure_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_closure(request, case_pk, pk)
    return render(request, "reviews/closure_detail.html", _closure_context(request, loaded))


closure_edit = _form_section(
    load_closure,
    ClosureDetailsForm,
    refused=_closure_refused,
    title="Why, when and where the young person lives",
    anchor="details",
)

closure_needs = _form_section(
    load_closure,
    OngoingNeedsForm,
    refused=_closure_refused,
    title="Ongoing support needs",
    anchor="needs",
    intro="Work this out with the family: what they still need, and who will help.",
)

closure_sustainability = _form_section(
    load_closure,
    SustainabilityForm,
    refused=_closure_refused,
    title="Plan for keeping things going",
    anchor="sustainability",
    intro="This goes into the family's closure letter: write it with them, in their "
    "words, without professional terms.",
)

closure_scores = _rows_section(
    load_closure,
    formset_class=ClosureDomainScoreFormSet,
    rows=lambda closure: closure.domain_scores.order_by("domain_order", "pk"),
    title="Scores at closure",
    anchor="scores",
    refused=_closure_refused,
    legend=lambda row: (
        row.domain_name,
        f"Baseline: worker {_score(row.baseline_worker_score)}, "
        f"family {_score(row.baseline_family_score)}.",
    ),
    intro="Score every outcome area at the end of the work, 0 to 10. The baseline from "
    "the assessment is shown beside each.",
)

closure_goals = _rows_section(
    load_closure,
    formset_class=ClosureGoalOutcomeFormSet,
    rows=lambda closure: closure.goal_outcomes.select_related("goal").order_by(
        "goal__order", "goal_id"
    ),
    title="How each goal ended",
    anchor="goals",
    refused=_closure_refused,
    legend=lambda row: (
        row.goal.what_we_want_to_be_different,
        f"{row.goal.domain_name}. Started at {_score(row.goal.baseline_score)}, "
        f"target {_score(row.goal.target_score)}.",
    ),
    intro="Say how each goal of the plan ended. What you write about what changed goes "
    "into the family's letter.",
)


# Workflow: the one set of sign-off pages (edgecare.signoff_views, addressed in urls.py), and
# withdrawing.


SIGN_OFF = SignOffPages(
    load=load_closure,
    sign_off_effects=services.closure_sign_off_effects,
    refused=_closure_refused,
    return_form=_return_form,
    return_field="text",
    answers=closure_answers,
    url_names=(
        "reviews:closure_check_answers",
        "reviews:closure_submit",
        "reviews:closure_sign_off",
        "reviews:closure_return",
    ),
    sign_off_button="Sign off and close the case",
    sign_off_note=lambda closure: (
        f"Signing off closes the case on {closure.closure_date:%-d %B %Y} and schedules the "
        "follow-up checks."
    ),
    submitted="Closure submitted for a manager's sign-off.",
    signed_off="Closure signed off. The case is closed and the follow-up checks are scheduled.",
    returned="Closure returned to the worker with your comments.",
    not_signer="A closure is signed off by a manager of the case who neither wrote nor "
    "submitted it.",
)


@require_POST
def closure_withdraw(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_closure(request, case_pk, pk)
    closure = loaded.record
    refusal = refuse_unless_open(request, loaded, refused=_closure_refused(closure))
    if refusal is not None:
        return refusal
    form = _withdraw_form(request.POST)
    if form.is_valid():
        services.closure_withdraw(
            closure=closure, by=request.user, reason=form.cleaned_data["text"]
        )
        messages.success(request, "Closure withdrawn: the case is active again.")
        return redirect(loaded.case.get_absolute_url())
    loaded.log(request)
    context = _closure_context(request, loaded, withdraw_form=form)
    return render(request, "reviews/closure_detail.html", context, status=form_status(form))


# Amending a signed-off closure -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def closure_amend(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    """Correct the key outcome of a signed-off closure, with a reason: sent for a manager's
    sign-off, the case stays closed and nothing else is typed again."""
    loaded = record_for_user_or_404(
        request,
        case_pk,
        record_type=AccessLog.RecordType.CLOSURE,
        queryset=Closure.objects.select_related("case"),
        pk=pk,
        change_perm="reviews.amend_closure",
    )
    closure = loaded.record
    waiting = closure.amendments.exclude(status__in=[ClosureAmendment.Status.SIGNED_OFF]).first()
    if waiting is not None:
        messages.info(request, "A correction of this closure is already waiting: here it is.")
        return redirect(waiting.get_absolute_url())
    return section_page(
        request,
        loaded,
        make_form=lambda data: ClosureAmendmentForm(
            data,
            initial={
                "key_outcome": closure.key_outcome,
                "key_outcome_other": closure.key_outcome_other,
            },
        ),
        save=lambda form: services.closure_amendment_propose(
            closure=closure, proposed_by=request.user, **form.cleaned_data
        ),
        on_saved="Correction sent for a manager's sign-off. The closure changes when it is "
        "signed off.",
        done_url=lambda amendment: amendment.get_absolute_url(),
        title="Correct the closure's key outcome",
        caption=f"{loaded.case.reference} · {loaded.case.family}",
        intro=f"The closure of {closure.closure_date:%-d %B %Y} records: "
        f"{closure.key_outcome_display}. Choose what it should say and why; a manager signs "
        "the correction off. The case stays closed and the closure's history keeps what it "
        "said before.",
        back_url=closure.get_absolute_url(),
        check_case=False,
    )


def _amendment_return_form(data=None) -> ReasonForm:
    return ReasonForm(
        data,
        label="What needs to change",
        required_message="Say what needs to change before returning the correction.",
        submit="Return for changes",
    )


def _amendment_context(loaded: Loaded) -> dict:
    amendment = loaded.record
    return {
        "case": loaded.case,
        "amendment": amendment,
        "closure": amendment.closure,
        "can_edit": loaded.can_change,
        "can_sign_off": amendment.is_submitted and loaded.can_sign_off,
        "check_answers_url": AMENDMENT_SIGN_OFF.urls(amendment)["check"],
    }


@require_http_methods(["GET"])
def closure_amendment(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_closure_amendment(request, case_pk, pk)
    return render(request, "reviews/closure_amendment.html", _amendment_context(loaded))


@require_http_methods(["GET", "POST"])
def closure_amendment_edit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_closure_amendment(request, case_pk, pk)
    amendment = loaded.record
    if not amendment.is_editable:
        messages.error(request, "Only a correction returned for changes can be changed.")
        return redirect(amendment.get_absolute_url())
    return section_page(
        request,
        loaded,
        make_form=lambda data: ClosureAmendmentEditForm(data, instance=amendment),
        save=lambda form: services.closure_amendment_resubmit(
            amendment=amendment,
            by=request.user,
            **{n: form.cleaned_data[n] for n in ("reason", "key_outcome", "key_outcome_other")},
        ),
        on_saved="Correction sent for a manager's sign-off again.",
        title="Change the correction",
        caption=f"{loaded.case.reference} · {loaded.case.family}",
        back_url=amendment.get_absolute_url(),
        check_case=False,
    )


# A correction is sent for sign-off as it is saved (and again when a returned one is changed);
# the manager signs it off or returns it from its check-answers page.
AMENDMENT_SIGN_OFF = SignOffPages(
    load=load_closure_amendment,
    sign_off_effects=services.amendment_sign_off_effects,
    refused=lambda amendment: "This correction is waiting for sign-off or already signed off.",
    return_form=_amendment_return_form,
    return_field="text",
    answers=closure_amendment_answers,
    url_names=(
        "reviews:closure_amendment_check_answers",
        "reviews:closure_amendment_submit",
        "reviews:closure_amendment_sign_off",
        "reviews:closure_amendment_return",
    ),
    sign_off_button="Sign off the correction",
    sign_off_note=lambda amendment: (
        "Signing off writes the corrected key outcome onto the closure; the outcome report "
        "counts it from then on. The case stays closed."
    ),
    submitted="Correction sent for a manager's sign-off.",
    signed_off="Correction signed off: the closure and the outcome report now count it.",
    returned="Correction returned to the worker with your comments.",
    not_signer="A correction is signed off by a manager of the case who neither wrote nor "
    "submitted it.",
)


# The family's closure letter ----------------------------------------------------------------------


def _load_letter(request: HttpRequest, case_pk: int, pk: int, action: str) -> Closure:
    loaded = record_for_user_or_404(
        request,
        case_pk,
        record_type=AccessLog.RecordType.CLOSURE,
        queryset=closures_for_user(request.user),
        pk=pk,
        log_action=action,
        log_record_type=CLOSURE_LETTER,
    )
    full = closure_with_contents(loaded.record)
    full.case = loaded.case
    return full


@require_http_methods(["GET"])
def closure_letter(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    # Looking at the letter on screen is a view; printing it is the browser's, unseen here,
    # and the PDF download is logged as what it is.
    full = _load_letter(request, case_pk, pk, AccessLog.Action.VIEW)
    return render_family_copy(
        request,
        "reviews/closure_letter_print.html",
        main_language=full.case.family.main_language,
        document=lambda: closure_letter_context(full),
        pdf_url=reverse("reviews:closure_letter_pdf", args=[full.case_id, full.pk]),
        back_url=full.get_absolute_url(),
    )


@require_http_methods(["GET"])
def closure_letter_pdf(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    full = _load_letter(request, case_pk, pk, AccessLog.Action.PDF)
    pdf = render_closure_letter_pdf(full, english=wants_english_copy(request.GET))
    return pdf_response(pdf, PDF_FILENAME)


# Re-opening --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, case_pk: int) -> HttpResponse:
    loaded = _adding_to_case(
        request,
        case_pk,
        perm="reviews.reopen_case",
        refused="A closed case is re-opened by a manager of the case.",
    )
    case = loaded.case
    return case_start_page(
        request,
        loaded,
        make_form=lambda data: ReasonForm(
            data,
            label="Why is the case being re-opened?",
            required_message="Say why the case is being re-opened.",
            submit="Re-open the case",
        ),
        save=lambda form: services.case_reopen(
            case=case, by=request.user, reason=form.cleaned_data["text"]
        ),
        on_saved="Case re-opened. Follow-up checks not yet made have been cancelled.",
        title="Re-open the case",
        intro="The closure stays on the record. Follow-up checks not yet made are "
        "cancelled, because the family is being worked with again.",
    )


# Follow-up checks --------------------------------------------------------------------------------


def _record_follow_up(check: FollowUpCheck, by, data: dict) -> FollowUpCheck:
    if data["outcome"] == "no_contact":
        check.record_no_contact(by=by, done_on=data["done_on"], notes=data["notes"])
    else:
        check.record_result(
            by=by,
            done_on=data["done_on"],
            still_living_at_home=data["still_living_at_home"],
            re_referred=data["re_referred"],
            entered_care=data["entered_care"],
            notes=data["notes"],
        )
    return check


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_follow_up(request, case_pk, pk)
    case, check = loaded.case, loaded.record
    if not loaded.can_change:
        raise PermissionDenied("You cannot record follow-up checks.")
    if not check.is_outstanding:
        if request.method == "POST":
            loaded.log(request)  # shown again, not changed: it was already recorded
        return render(request, "reviews/follow_up_detail.html", {"case": case, "check": check})
    return case_start_page(
        request,
        loaded,
        make_form=lambda data: FollowUpForm(data, check=check),
        save=lambda form: _record_follow_up(check, request.user, form.cleaned_data),
        on_saved=f"{check}: recorded.",
        title=f"{check}".capitalize(),
        intro=f"Due on {check.due_date:%-d %B %Y}, {check.months_after} months after "
        f"the case closed on {check.closure.closure_date:%-d %B %Y}. Did the changes last?",
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

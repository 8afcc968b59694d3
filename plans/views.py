"""Plan pages: start a plan from the assessment, the plan itself, one edit page per item, the
family's agreement, revising, versions and what changed (the family's and the young person's
printable copies: plans/views_documents.py).

Views stay thin: cases and plans are loaded through the scoped selectors, writes of more than
one row go through plans.services, and the forms validate.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments.selectors import latest_signed_off_assessment
from attachments import case_page as attachments_page
from edgecare.models import AccessLog
from edgecare.records_common import View, record_url, refuse_unless_open
from edgecare.section_page import render_form_page, section_page
from families.selectors import Loaded, record_for_user_or_404
from plans import services
from plans.diff import plan_changes
from plans.forms import (
    ActionForm,
    ActionProgressForm,
    AgreementForm,
    ContingencyForm,
    GoalForm,
    PlanContactForm,
    PlanSettingsForm,
    ReviseForm,
)
from plans.models import Action, Contingency, Goal, Plan, PlanContact, glossary_for
from plans.selectors import (
    actions_with_owners,
    load_plan,
    plan_versions,
    plan_with_contents,
)
from plans.wording import check_form_data, check_item, plan_readability

RECORD_TYPE = AccessLog.RecordType.PLAN


def _refused(plan: Plan) -> str:
    """Why a plan is not open for changes, and what to do instead."""
    if plan.is_agreed:
        return (
            "This plan has been agreed with the family, so it can no longer be changed. "
            "To change it, revise the plan: that makes a new version for the family to agree."
        )
    return "This version of the plan has been replaced by a later one and cannot be changed."


def _refuse_unless_editable(request: HttpRequest, loaded: Loaded):
    """403 for someone who may not change the case at all; for an agreed or replaced plan, a
    redirect saying why it cannot change and what to do instead."""
    return refuse_unless_open(request, loaded, refused=_refused(loaded.record))


def _item_page(
    request: HttpRequest,
    loaded: Loaded,
    *,
    form_class,
    instance,
    title: str,
    anchor: str,
    form_kwargs: dict,
    intro: str = "",
    checks_wording: bool = True,
) -> HttpResponse:
    """One item's edit page, through the one section page. "Check wording" re-shows the form
    with the plain-language check and saves nothing; a save with errors shows the check too."""
    plan = loaded.record
    glossary = glossary_for(plan.case.family.organisation_id) if checks_wording else None

    def check_wording(form):
        if not (checks_wording and "check" in request.POST):
            return None
        wording = check_form_data(form, glossary)
        # Show field errors too, so the worker sees everything at once; nothing is saved.
        form.is_valid()
        return {"wording": wording}

    def save(form):
        item = form.save(commit=False)
        if item.pk is None and hasattr(item, "order"):
            item.order = services.next_order(_siblings(item))
        item.save()
        return item

    def saved(item) -> None:
        check = check_item(item, glossary) if checks_wording else None
        if check is not None and check.has_jargon:
            messages.warning(
                request,
                f"{title}: saved. Some words may be hard for the family: see the "
                "suggestions next to it.",
            )
        else:
            messages.success(request, f"{title}: saved.")

    return section_page(
        request,
        loaded,
        make_form=lambda data: form_class(data, instance=instance, **form_kwargs),
        save=save,
        on_saved=saved,
        preview=check_wording,
        title=title,
        caption=f"{plan.case.reference} · {plan.case.family} · plan version {plan.version}",
        back_url=record_url(plan, anchor),
        refused=_refused(plan),
        intro=intro,
        template="plans/item_form.html",
        extra=lambda form: {
            "plan": plan,
            "wording": check_form_data(form, glossary)
            if checks_wording and form.is_bound and form.errors
            else None,
        },
    )


def _siblings(item):
    if isinstance(item, Action):
        return Action.objects.filter(goal_id=item.goal_id)
    return type(item).objects.filter(plan_id=item.plan_id)


# Start and read ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, case_pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(
        request, case_pk, record_type=RECORD_TYPE, change_perm="plans.add_plan"
    )
    case = loaded.case
    if not loaded.can_change:
        raise PermissionDenied("You cannot add to this case record.")
    existing = Plan.objects.filter(case=case).current().order_by("-version").first()
    if existing is not None:
        messages.info(request, "This case already has a plan: here it is.")
        return redirect(record_url(existing))
    assessment = latest_signed_off_assessment(case)
    if request.method == "POST":
        try:
            plan = services.plan_create_from_assessment(
                case=case, assessment=assessment, created_by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("plans:start", args=[case.pk]))
        messages.success(
            request,
            "Plan started. Turn the assessment's needs into goals, then add actions.",
        )
        return redirect(reverse("plans:needs", args=[case.pk, plan.pk]))
    return render(
        request,
        "plans/start.html",
        {
            "case": case,
            "assessment": assessment,
            "needs": list(assessment.needs.all()) if assessment else [],
        },
    )


def _detail_context(request: HttpRequest, loaded: Loaded) -> dict:
    case, plan = loaded.case, loaded.record
    full = plan_with_contents(plan)
    glossary = glossary_for(case.family.organisation_id)
    goals = []
    for goal in full.goals.all():
        actions = [(a, check_item(a, glossary)) for a in goal.actions.all()]
        goals.append((goal, check_item(goal, glossary), actions))
    contingencies = [(c, check_item(c, glossary)) for c in full.contingencies.all()]
    user = request.user
    can_edit = loaded.can_change
    versions = plan_versions(case)
    jargon_count = sum(
        len(check.hits)
        for _, check, actions in goals
        for check in [check, *(c for _, c in actions)]
    ) + sum(len(c.hits) for _, c in contingencies)
    return {
        "case": case,
        "plan": full,
        "goals": goals,
        "contingencies": contingencies,
        "contacts": list(full.contacts.all()),
        "agreed_by": list(full.agreed_by_people.all()),
        "readability": plan_readability(full),
        "jargon_count": jargon_count,
        "can_edit": can_edit,
        "can_record_progress": user.has_perm("plans.record_progress", full),
        "can_revise": user.has_perm("plans.revise_plan", full)
        and not any(v.previous_version_id == full.pk for v in versions),
        "agreement_problems": full.agreement_problems() if can_edit else [],
        "versions": versions,
        "draft_revision": next(
            (v for v in versions if v.previous_version_id == full.pk and v.is_draft), None
        ),
        **attachments_page.on_record(request, case, full, noun="plan version"),
    }


@require_http_methods(["GET"])
def detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_plan(request, case_pk, pk)
    return render(request, "plans/detail.html", _detail_context(request, loaded))


@require_http_methods(["GET"])
def needs(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    """The assessment's needs, each a click away from being a goal."""
    loaded = load_plan(request, case_pk, pk)
    case, plan = loaded.case, loaded.record
    refusal = _refuse_unless_editable(request, loaded)
    if refusal is not None:
        return refusal
    used = set(plan.goals.exclude(need=None).values_list("need_id", flat=True))
    rows = {r.domain_id: r for r in plan.assessment.domain_assessments.all()}
    return render(
        request,
        "plans/needs.html",
        {
            "case": case,
            "plan": plan,
            "needs": [
                (need, need.pk in used, rows.get(need.domain_id))
                for need in plan.assessment.needs.all()
            ],
        },
    )


@require_POST
def goal_from_need(request: HttpRequest, case_pk: int, pk: int, need_pk: int) -> HttpResponse:
    loaded = load_plan(request, case_pk, pk)
    case, plan = loaded.case, loaded.record
    refusal = _refuse_unless_editable(request, loaded)
    if refusal is not None:
        return refusal
    need = plan.assessment.needs.filter(pk=need_pk).first()
    if need is None:
        raise Http404("No such need in this plan's assessment")
    try:
        goal = services.goal_from_need(plan=plan, need=need)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("plans:needs", args=[case.pk, plan.pk]))
    messages.success(
        request,
        "Goal added. Now write it with the family, in their words, and give it a target.",
    )
    return redirect(reverse("plans:edit_goal", args=[case.pk, plan.pk, goal.pk]))


# Items ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def edit_plan(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_plan(request, case_pk, pk)
    plan = loaded.record
    return _item_page(
        request,
        loaded,
        form_class=PlanSettingsForm,
        instance=plan,
        title="When the plan starts and how often it is reviewed",
        anchor="about",
        form_kwargs={},
        checks_wording=False,
    )


def _plan_item_view(
    model, form_class, *, title: str, add_title: str, anchor: str, item_anchor: str = "", **page
) -> View:
    """The edit page of one kind of item the plan lists itself (a goal, a contingency, a
    contact): an existing one (`item_pk`, one of this plan's or 404) or a new one. Its
    place on the plan is `anchor`, or `item_anchor` followed by the item's id."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, case_pk: int, pk: int, item_pk: int | None = None):
        loaded = load_plan(request, case_pk, pk)
        plan = loaded.record
        instance = _item_or_404(model.objects.filter(plan=plan), item_pk) or model(plan=plan)
        return _item_page(
            request,
            loaded,
            form_class=form_class,
            instance=instance,
            title=title if item_pk else add_title,
            anchor=f"{item_anchor}{item_pk}" if item_pk and item_anchor else anchor,
            form_kwargs={"plan": plan},
            **page,
        )

    return view


edit_goal = _plan_item_view(
    Goal,
    GoalForm,
    title="Goal",
    add_title="Add a goal",
    anchor="goals",
    item_anchor="goal-",
    intro="Write the goal with the family, in their own words. The score now comes from "
    "the assessment.",
)


@require_http_methods(["GET", "POST"])
def edit_action(
    request: HttpRequest, case_pk: int, pk: int, goal_pk: int, item_pk: int | None = None
):
    loaded = load_plan(request, case_pk, pk)
    plan = loaded.record
    goal = _item_or_404(Goal.objects.filter(plan=plan), goal_pk)
    goal.plan = plan
    instance = _item_or_404(
        Action.objects.filter(goal=goal).select_related(
            "owner_person", "owner_worker", "owner_agency"
        ),
        item_pk,
    ) or Action(goal=goal)
    return _item_page(
        request,
        loaded,
        form_class=ActionForm,
        instance=instance,
        title="Action" if item_pk else "Add an action",
        anchor=f"goal-{goal.pk}",
        form_kwargs={"goal": goal},
        intro=f"Towards: “{goal.what_we_want_to_be_different}”",
    )


@require_http_methods(["GET", "POST"])
def action_progress(request: HttpRequest, case_pk: int, pk: int, item_pk: int) -> HttpResponse:
    """How an action of the plan in force is going, between reviews: no revision needed.
    `?back=review:<pk>` returns to the review the worker came from."""
    loaded = load_plan(request, case_pk, pk, change_perm="plans.record_progress")
    plan = loaded.record
    action = _item_or_404(
        actions_with_owners().filter(goal__plan=plan).select_related("goal"), item_pk
    )
    action.goal.plan = plan
    back_url = _progress_back_url(request, plan)
    return section_page(
        request,
        loaded,
        make_form=lambda data: ActionProgressForm(data, action=action),
        save=lambda form: services.action_progress_record(
            action=action,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["happened_on"],
            note=form.cleaned_data["note"],
            recorded_by=request.user,
        ),
        on_saved=lambda step: messages.success(
            request, f"“{action.short}”: {step.get_status_display().lower()}, recorded."
        ),
        title="Record progress on an action",
        caption=f"{plan.case.reference} · {plan.case.family} · plan version {plan.version}",
        intro=f"“{action.what}” ({action.owner_display}, by {action.due_date:%-d %B %Y})"
        if action.due_date
        else f"“{action.what}” ({action.owner_display})",
        refused="Progress is recorded on the plan in force. This version is not in force.",
        back_url=back_url,
        extra={"progress": list(action.progress.select_related("recorded_by"))},
        template="plans/action_progress.html",
    )


def _progress_back_url(request: HttpRequest, plan: Plan) -> str:
    """Back to the review the worker came from (one of this case's), else the plan."""
    kind, _, pk = (request.GET.get("back") or "").partition(":")
    if kind == "review" and pk.isdigit():
        return reverse("reviews:review_goals", args=[plan.case_id, int(pk)])
    return record_url(plan, "goals")


edit_contingency = _plan_item_view(
    Contingency,
    ContingencyForm,
    title="If things go wrong",
    add_title="Add what to do if things go wrong",
    anchor="contingencies",
)

edit_contact = _plan_item_view(
    PlanContact,
    PlanContactForm,
    title="Who to call",
    add_title="Add someone to call",
    anchor="contacts",
    checks_wording=False,
)


def _item_or_404(queryset, pk: int | None):
    if pk is None:
        return None
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise Http404("No such item in this plan")
    return item


REMOVABLE = {
    "goals": (Goal, "plan", "goals"),
    "actions": (Action, "goal__plan", "goals"),
    "contingencies": (Contingency, "plan", "contingencies"),
    "contacts": (PlanContact, "plan", "contacts"),
}


@require_POST
def remove_item(request: HttpRequest, case_pk: int, pk: int, kind: str, item_pk: int):
    """Take an item out of a draft plan. It is kept in the record, never deleted."""
    loaded = load_plan(request, case_pk, pk)
    plan = loaded.record
    refusal = _refuse_unless_editable(request, loaded)
    if refusal is not None:
        return refusal
    if kind not in REMOVABLE:
        raise Http404("Nothing of that kind in a plan")
    model, path, anchor = REMOVABLE[kind]
    item = _item_or_404(model.objects.filter(**{path: plan}), item_pk)
    services.plan_item_remove(item=item, by=request.user)
    messages.success(request, "Taken out of the plan.")
    return redirect(record_url(plan, anchor))


# Agreement, revision, versions ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def agree(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_plan(request, case_pk, pk)
    case, plan = loaded.case, loaded.record
    refusal = _refuse_unless_editable(request, loaded)
    if refusal is not None:
        return refusal
    full = plan_with_contents(plan)
    problems = full.agreement_problems()
    if problems:
        messages.error(request, "The plan is not ready for the family to agree yet.")
        return redirect(record_url(plan, "agreement"))
    return section_page(
        request,
        loaded,
        make_form=lambda data: AgreementForm(data, plan=plan),
        save=lambda form: services.plan_agree(
            plan=plan,
            agreed_by_people=form.cleaned_data["agreed_by_people"],
            agreed_by_others=form.cleaned_data["agreed_by_others"],
            agreed_on=form.cleaned_data["agreed_on"],
            comments=form.cleaned_data["family_comments"],
            recorded_by=request.user,
        ),
        on_saved="The family's agreement is recorded: the plan is in force.",
        title="Record the family's agreement",
        caption=f"{case.reference} · {case.family} · plan version {plan.version}",
        intro="Go through the plan with the family first. Write down what they said "
        "about it in their own words.",
        back_url=record_url(plan),
    )


@require_http_methods(["GET", "POST"])
def revise(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    loaded = load_plan(request, case_pk, pk)
    case, plan = loaded.case, loaded.record
    if not request.user.has_perm("families.change_case", case):
        raise PermissionDenied("You cannot change this case record.")
    if not request.user.has_perm("plans.revise_plan", plan):
        messages.error(request, "Only the plan in force can be revised.")
        return redirect(record_url(plan))
    if request.method == "POST":
        form = ReviseForm(request.POST)
        if form.is_valid():
            try:
                new = services.plan_revise(
                    plan=plan, revised_by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(record_url(plan))
            messages.success(
                request,
                f"Version {new.version} started from version {plan.version}. Version "
                f"{plan.version} stays in force until the family agrees the new one.",
            )
            return redirect(record_url(new))
        loaded.log(request)
    else:
        form = ReviseForm()
    return render_form_page(
        request,
        form,
        title="Revise the plan",
        caption=f"{case.reference} · {case.family} · plan version {plan.version}",
        intro=f"This copies version {plan.version}'s goals, actions (those done or "
        "dropped as they are), contingencies and contacts into a new draft. The family "
        "then agrees it.",
        back_url=record_url(plan),
    )


@require_http_methods(["GET"])
def versions(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = record_for_user_or_404(
        request, case_pk, record_type=RECORD_TYPE, log_record_type=AccessLog.RecordType.PLAN
    ).case
    return render(request, "plans/versions.html", {"case": case, "versions": plan_versions(case)})


@require_http_methods(["GET"])
def changes(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    """What changed since the previous version."""
    loaded = load_plan(request, case_pk, pk)
    case, plan = loaded.case, loaded.record
    if plan.previous_version_id is None:
        messages.info(
            request, "This is the first version of the plan: there is nothing to compare."
        )
        return redirect(record_url(plan))
    new = plan_with_contents(plan)
    previous = Plan.objects.get(pk=plan.previous_version_id)
    previous.case = case
    old = plan_with_contents(previous)
    sections = plan_changes(old, new)
    return render(
        request,
        "plans/changes.html",
        {
            "case": case,
            "plan": new,
            "previous": old,
            "sections": sections,
            "nothing_changed": not any(s.changes for s in sections),
        },
    )

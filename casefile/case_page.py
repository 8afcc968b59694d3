"""The case page: one case seen from every app, in one explicit order.

Each app writes its panels and next steps as plain functions in its own `case_page.py`; this is
the one place that lists them. A panel is a template with `context(request, case) -> dict`; a
next step provider is `provider(case) -> list[NextStep]`.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from assessments import case_page as assessments_page
from attachments import case_page as attachments_page
from casefile import case_record
from edgecare.models import AccessLog
from families import case_page as families_page
from families.case_parts import CasePanel, remember_for_page
from families.selectors import cases_for_user, first_contact_summary, record_for_user_or_404
from plans import case_page as plans_page
from reviews import case_page as reviews_page

# Top to bottom: the work with the family (assessment, plan, contacts, reviews), who else is
# involved and what may be shared, then the document for managers and inspectors.
PANELS: list[CasePanel] = [
    # Where the young people live comes first: it is what the work is for.
    CasePanel("families/records/panel_living.html", families_page.living_panel),
    CasePanel(assessments_page.PANEL_TEMPLATE, assessments_page.assessment_panel),
    CasePanel(plans_page.PANEL_TEMPLATE, plans_page.plan_panel),
    CasePanel("families/records/panel_contacts.html", families_page.contacts_panel),
    CasePanel(reviews_page.PANEL_TEMPLATE, reviews_page.reviews_panel),
    CasePanel("families/records/panel_agencies.html", families_page.agencies_panel),
    CasePanel("families/records/panel_consent.html", families_page.consent_panel),
    CasePanel(attachments_page.PANEL_TEMPLATE, attachments_page.documents_panel),
    CasePanel(case_record.PANEL_TEMPLATE, case_record.case_record_panel),
]

# The journey's stages as the task list shows them, in order: referral and decision, assessment,
# plan, then reviews, closure and follow-up checks.
JOURNEY = [
    families_page.journey_tasks,
    assessments_page.journey_tasks,
    plans_page.journey_tasks,
    reviews_page.journey_tasks,
]

# In the order of the journey; the page shows overdue steps first, then by due date.
NEXT_STEPS = [
    families_page.contact_next_steps,
    families_page.consent_next_steps,
    assessments_page.assessment_next_steps,
    plans_page.plan_next_steps,
    reviews_page.review_next_steps,
]


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(request, pk, record_type=AccessLog.RecordType.CASE)
    case = loaded.case
    remember_for_page(case)  # panels and next steps share what they read about the case
    today = timezone.localdate()
    young_people = list(case.young_people.all())
    members = list(case.family.members.all())
    decisions = list(case.decisions.select_related("recorded_by", "decider"))
    for decision in decisions:
        decision.case = case
        decision.may_confirm = request.user.has_perm("families.confirm_decision", decision)
    allocations = list(case.allocations.select_related("worker", "allocated_by"))
    first_contact = case.contacts.order_by("contact_date", "start_time", "pk").first()
    other_cases = list(
        cases_for_user(request.user)
        .filter(family_id=case.family_id)
        .exclude(pk=case.pk)
        .order_by("-referral_date")
    )
    can_change = loaded.can_change
    can_manage = request.user.has_perm("families.manage_case", case)
    steps = families_page.referral_next_steps(request, case, decisions=decisions, today=today)
    for provider in NEXT_STEPS:
        steps.extend(provider(case))
    tasks = [task for provider in JOURNEY for task in provider(request, case)]
    task_urls = {task.url for task in tasks if task.has_link}
    context = {
        "case": case,
        "journey_tasks": tasks,
        "today": today,
        "young_people": young_people,
        "other_members": [m for m in members if m not in young_people],
        "decisions": decisions,
        "allocations": allocations,
        "first_contact": first_contact,
        "first_contact_summary": first_contact_summary(case, first_contact, today),
        "is_re_referral": case.is_re_referral(),
        "other_cases": other_cases,
        # Beside the task list, the reminders that add something to it: a date, or a step the
        # task list does not already link to.
        "next_steps": sorted(
            (s for s in steps if s.due or s.overdue or s.url not in task_urls),
            key=lambda s: (not s.overdue, s.due or datetime.date.max),
        ),
        "can_change": can_change,
        "can_manage": can_manage and not case.is_closed,
        # Closed or not, a case's managers can see who has looked at and changed it.
        "can_audit": can_manage,
    }
    panels = []
    for panel in PANELS:
        panel_context = {**context, **(panel.context(request, case) or {})}
        # Panels are templates rendered by Django's autoescaping engine, like an include.
        panels.append(mark_safe(render_to_string(panel.template, panel_context, request=request)))  # noqa: S308
    context["panels"] = panels
    return render(request, "casefile/case_detail.html", context)

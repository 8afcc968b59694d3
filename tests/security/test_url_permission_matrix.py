"""Every URL the project defines, asked for by every kind of visitor.

The test walks the URL resolver, so a new page without a declared expectation fails here: no
page can be forgotten. For each page it asserts the answer each role gets: the page, a redirect
to sign in, 403 (your role cannot do this) or 404 (not yours: nothing about the record, not even
that it exists, is revealed). Every 404 for a case record is also written to the access log.

The matrix asks its permission question of every page seven times, so it answers it without
drawing the pages (as pretix's permission tests do): each view runs in full (its scoped loader,
permission check, access log and form validation) but its template and any PDF are stubbed.
The refusal pages (403, 404) are still drawn, so a 404 is still proven to reveal nothing. A
separate test draws every page once, as someone who may see it, so a page that breaks only
when drawn still fails here.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

import pytest
from django.template.backends.django import Template as DjangoTemplate
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from edgecare.models import AccessLog
from tests.factories import (
    AgencyInvolvementFactory,
    CaseEventFactory,
    CaseFactory,
    ConsentRecordFactory,
    ContactFactory,
    DecisionFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "key_worker",
    "team_manager",
    "service_manager",
    "administrator",
    "other_team_worker",
    "other_org_worker",
]

OK = "page"  # 200 for a GET; for a POST: done or refused on the form (2xx/3xx/400)
LOGIN = "sign in"
ELSEWHERE = "sent elsewhere"  # a redirect that is not to the sign-in page
FORBIDDEN = 403
NOT_FOUND = 404
UNAUTHORISED = 401  # an endpoint for the page's script: no sign-in redirect to follow


def answers(**by_role) -> dict[str, object]:
    return {role: by_role[role] for role in ROLES}


PUBLIC = answers(**dict.fromkeys(ROLES, OK))
SIGNED_IN = answers(**dict.fromkeys(ROLES, OK) | {"anonymous": LOGIN})
# A case record (or anything on one): its team and the managers over it; nobody else.
CASE = answers(
    anonymous=LOGIN,
    key_worker=OK,
    team_manager=OK,
    service_manager=OK,
    administrator=NOT_FOUND,
    other_team_worker=NOT_FOUND,
    other_org_worker=NOT_FOUND,
)
# Managing a case (allocating, signing off): its managers only.
CASE_MANAGE = CASE | {"key_worker": FORBIDDEN}
# The same, where the page's state sends the worker on (e.g. to the plan that already exists).
CASE_ELSEWHERE = CASE | dict.fromkeys(["key_worker", "team_manager", "service_manager"], ELSEWHERE)
# Service-level pages for managers.
MANAGERS = answers(
    anonymous=LOGIN,
    key_worker=FORBIDDEN,
    team_manager=OK,
    service_manager=OK,
    administrator=FORBIDDEN,
    other_team_worker=FORBIDDEN,
    other_org_worker=FORBIDDEN,
)
# The organisation's configuration: administrators only.
# A page the deployment has not turned on: 404 for everyone, no record involved.
NOT_OFFERED = answers(**dict.fromkeys(ROLES, NOT_FOUND))
CONFIG = answers(
    anonymous=LOGIN,
    key_worker=FORBIDDEN,
    team_manager=FORBIDDEN,
    service_manager=FORBIDDEN,
    administrator=OK,
    other_team_worker=FORBIDDEN,
    other_org_worker=FORBIDDEN,
)


# Importing from the previous system: managers and administrators.
IMPORTERS = MANAGERS | {"administrator": OK}


@dataclass(frozen=True)
class Page:
    expected: dict[str, object]
    kwargs: object = None  # callable(records) -> dict
    method: str = "get"
    data: object = None  # callable(records) -> dict, for a POST
    query: object = None  # callable(records) -> query string


def _case(r):
    return {"pk": r.case.pk}


def _family(r):
    return {"pk": r.case.family_id}


def _person(r):
    return {"pk": r.case.family_id, "person_pk": r.parent.pk}


def _r(r):
    return {"case_pk": r.reviewed_case.pk, "pk": r.review.pk}


def _c(r):
    return {"case_pk": r.reviewed_case.pk, "pk": r.closure.pk}


def _closed(r):
    return {"case_pk": r.closed_case.pk, "pk": r.signed_off_closure.pk}


def _amended(r):
    return {"case_pk": r.closed_case.pk, "pk": r.amendment.pk}


def _a(r, **extra):
    return {"case_pk": r.case.pk, "pk": r.assessment.pk, **extra}


def _p(r, **extra):
    return {"case_pk": r.case.pk, "pk": r.plan.pk, **extra}


# Every URL name, and what each role gets. A new URL must be added here.
PAGES: dict[str, Page] = {
    "home": Page(SIGNED_IN),
    # Someone already signed in is sent on to their cases.
    "login": Page(answers(**dict.fromkeys(ROLES, ELSEWHERE) | {"anonymous": OK})),
    "logout": Page(answers(**dict.fromkeys(ROLES, LOGIN)), method="post"),
    "healthz": Page(PUBLIC),
    "livez": Page(PUBLIC),
    "readyz": Page(PUBLIC),
    # Sign-in through the council's provider: not offered without OIDC_ISSUER (404, nothing to
    # log). With a provider they are tested end to end in tests/foundation/test_provider_sign_in.py.
    "oidc_sign_in": Page(NOT_OFFERED),
    "oidc_callback": Page(NOT_OFFERED),
    # The timeout warning's keep-alive: signed out, a plain 401 for the page's script.
    "keep_alive": Page(SIGNED_IN | {"anonymous": UNAUTHORISED}, method="post"),
    # The two-factor pages are reachable only mid-sign-in: a signed-in, verified user is sent on.
    "two_factor_verify": Page(answers(**dict.fromkeys(ROLES, ELSEWHERE) | {"anonymous": LOGIN})),
    "two_factor_setup": Page(SIGNED_IN),
    # families
    "families:case_list": Page(SIGNED_IN),
    "families:case_detail": Page(CASE, _case),
    "families:case_edit": Page(CASE, _case),
    "families:decision_add": Page(CASE, _case),
    # Only the manager the key worker named may confirm the decision (the team manager here).
    "families:decision_confirm": Page(
        CASE | {"key_worker": FORBIDDEN, "service_manager": FORBIDDEN},
        lambda r: {"pk": r.reviewed_case.pk, "decision_pk": r.pending_decision.pk},
        method="post",
    ),
    "families:case_allocate": Page(CASE_MANAGE, _case),
    "families:case_audit": Page(CASE_MANAGE, _case),
    "families:referral_start": Page(SIGNED_IN | {"administrator": FORBIDDEN}),
    "families:referral_new_family": Page(SIGNED_IN | {"administrator": FORBIDDEN}),
    "families:referral_create": Page(CASE, lambda r: {"family_pk": r.case.family_id}),
    "families:family_detail": Page(CASE, _family),
    "families:family_edit": Page(CASE, _family),
    # A family with an open case cannot be archived: the page sends the worker back, saying so.
    "families:family_archive": Page(CASE_ELSEWHERE, _family),
    "families:person_add": Page(CASE, _family),
    "families:person_edit": Page(
        CASE, lambda r: {"pk": r.case.family_id, "person_pk": r.parent.pk}
    ),
    # Everything held about one person: managers who can see the family.
    "families:subject_access": Page(CASE_MANAGE, lambda r: _person(r)),
    "families:subject_access_json": Page(CASE_MANAGE, lambda r: _person(r)),
    # The PDF is queued (made by a worker): its managers are sent on to the document's page.
    "families:subject_access_pdf": Page(
        CASE_MANAGE | {"team_manager": ELSEWHERE, "service_manager": ELSEWHERE},
        lambda r: _person(r),
    ),
    "families:subject_access_documents": Page(CASE_MANAGE, lambda r: _person(r)),
    "families:contact_list": Page(CASE, _case),
    "families:contact_add": Page(CASE, _case),
    "families:contact_detail": Page(CASE, lambda r: {"pk": r.case.pk, "contact_pk": r.contact.pk}),
    "families:contact_edit": Page(CASE, lambda r: {"pk": r.case.pk, "contact_pk": r.contact.pk}),
    "families:case_events": Page(CASE, _case),
    "families:case_event_add": Page(CASE, _case),
    "families:case_event_edit": Page(CASE, lambda r: {"pk": r.case.pk, "event_pk": r.event.pk}),
    "families:case_agencies": Page(CASE, _case),
    "families:agency_add": Page(CASE, _case),
    "families:agency_edit": Page(CASE, lambda r: {"pk": r.case.pk, "agency_pk": r.agency.pk}),
    "families:agency_end": Page(CASE, lambda r: {"pk": r.case.pk, "agency_pk": r.agency.pk}),
    "families:case_living": Page(CASE, _case),
    "families:arrangement_add": Page(CASE, _case),
    "families:arrangement_edit": Page(
        CASE, lambda r: {"pk": r.case.pk, "arrangement_pk": r.arrangement.pk}
    ),
    "families:legal_status_add": Page(CASE, _case),
    "families:legal_status_edit": Page(
        CASE, lambda r: {"pk": r.case.pk, "status_pk": r.legal_status.pk}
    ),
    "families:legal_status_end": Page(
        CASE, lambda r: {"pk": r.case.pk, "status_pk": r.legal_status.pk}
    ),
    "families:case_consent": Page(CASE, _case),
    "families:consent_add": Page(CASE, _case),
    "families:consent_withdraw": Page(
        CASE, lambda r: {"pk": r.case.pk, "consent_pk": r.consent.pk}
    ),
    "families:share_add": Page(CASE, _case),
    "families:draft": Page(
        CASE | {"anonymous": UNAUTHORISED},
        _case,
        method="post",
        data=lambda r: {
            "draft_page": reverse("families:contact_add", args=[r.case.pk]),
            "what_happened": "A draft.",
        },
    ),
    "families:case_chronology": Page(CASE, _case),
    "families:case_significant_events": Page(CASE, _case),
    "families:case_chronology_print": Page(CASE, _case),
    "families:chronology_mark": Page(
        CASE, lambda r: {"pk": r.case.pk, "kind": "contact", "entry_id": r.contact.pk}
    ),
    # assessments (a draft in progress)
    "assessments:start": Page(CASE, lambda r: {"case_pk": r.case.pk}),
    "assessments:detail": Page(CASE, _a),
    "assessments:edit_overview": Page(CASE, _a),
    "assessments:edit_summary": Page(CASE, _a),
    "assessments:edit_analysis": Page(CASE, _a),
    "assessments:edit_domain": Page(CASE, lambda r: _a(r, row_pk=r.domain_row.pk)),
    "assessments:edit_young_person_view": Page(CASE, lambda r: _a(r, person_pk=r.young_person.pk)),
    "assessments:edit_carer_view": Page(CASE, lambda r: _a(r, person_pk=r.parent.pk)),
    "assessments:add_agency_contribution": Page(CASE, _a),
    "assessments:edit_agency_contribution": Page(CASE, lambda r: _a(r, item_pk=r.contribution.pk)),
    "assessments:add_need": Page(CASE, _a),
    "assessments:edit_need": Page(CASE, lambda r: _a(r, item_pk=r.need.pk)),
    "assessments:edit_indicators": Page(CASE, _a),
    # The check-answers page before submitting or signing off: anyone who may see the case
    # reads the answers; only the author is offered "submit", only a manager "sign off".
    "assessments:check_answers": Page(CASE, _a),
    "assessments:submit": Page(CASE, _a, method="post"),
    "assessments:sign_off": Page(CASE_MANAGE, _a, method="post"),
    "assessments:return": Page(CASE_MANAGE, _a, method="post"),
    "assessments:correct": Page(CASE, _a),
    "assessments:settings": Page(CONFIG),
    "assessments:activate_framework": Page(
        CONFIG, method="post", data=lambda r: {"framework": r.domain_row.domain.framework_id}
    ),
    "assessments:add_domain": Page(CONFIG),
    "assessments:edit_domain_settings": Page(CONFIG, lambda r: {"pk": r.domain_row.domain_id}),
    "assessments:add_risk_factor": Page(CONFIG),
    "assessments:edit_risk_factor": Page(CONFIG, lambda r: {"pk": r.risk_factor.pk}),
    # plans (a draft)
    # A case that already has a plan is sent to it.
    "plans:start": Page(CASE_ELSEWHERE, lambda r: {"case_pk": r.case.pk}),
    "plans:versions": Page(CASE, lambda r: {"case_pk": r.case.pk}),
    "plans:detail": Page(CASE, _p),
    "plans:edit_plan": Page(CASE, _p),
    "plans:needs": Page(CASE, _p),
    "plans:goal_from_need": Page(CASE, lambda r: _p(r, need_pk=r.plan_need.pk), method="post"),
    "plans:add_goal": Page(CASE, _p),
    "plans:edit_goal": Page(CASE, lambda r: _p(r, item_pk=r.goal.pk)),
    "plans:add_action": Page(CASE, lambda r: _p(r, goal_pk=r.goal.pk)),
    "plans:edit_action": Page(CASE, lambda r: _p(r, goal_pk=r.goal.pk, item_pk=r.action.pk)),
    "plans:add_contingency": Page(CASE, _p),
    "plans:edit_contingency": Page(CASE, lambda r: _p(r, item_pk=r.contingency.pk)),
    "plans:add_contact": Page(CASE, _p),
    "plans:edit_contact": Page(CASE, lambda r: _p(r, item_pk=r.plan_contact.pk)),
    "plans:remove_item": Page(
        CASE, lambda r: _p(r, kind="contingencies", item_pk=r.contingency.pk), method="post"
    ),
    "plans:agree": Page(CASE, _p),
    # Progress between reviews is recorded on the plan in force (the reviewed case's).
    "plans:action_progress": Page(
        CASE,
        lambda r: {
            "case_pk": r.reviewed_case.pk,
            "pk": r.reviewed_plan.pk,
            "item_pk": r.reviewed_action.pk,
        },
    ),
    # A draft is not revised, and a first version has no changes to show: both send you back.
    "plans:revise": Page(CASE_ELSEWHERE, _p),
    "plans:changes": Page(CASE_ELSEWHERE, _p),
    "plans:family_plan": Page(CASE, _p),
    "plans:family_plan_pdf": Page(CASE, _p),
    "plans:glossary": Page(CONFIG),
    "plans:glossary_seed": Page(CONFIG, method="post"),
    "plans:add_term": Page(CONFIG),
    "plans:edit_term": Page(CONFIG, lambda r: {"pk": r.jargon_term.pk}),
    # reviews (a draft review and a draft closure on an active case with an agreed plan; the
    # closure letter, re-opening and follow-ups on a case closed and signed off)
    "reviews:review_list": Page(CASE, lambda r: {"case_pk": r.reviewed_case.pk}),
    # A review (or closure) already in progress: starting another goes to it.
    "reviews:review_start": Page(CASE_ELSEWHERE, lambda r: {"case_pk": r.reviewed_case.pk}),
    "reviews:review_detail": Page(CASE, _r),
    "reviews:review_edit": Page(CASE, _r),
    "reviews:review_goals": Page(CASE, _r),
    "reviews:review_scores": Page(CASE, _r),
    "reviews:review_indicators": Page(CASE, _r),
    "reviews:review_risk": Page(CASE, _r),
    "reviews:review_decision": Page(CASE, _r),
    "reviews:review_complete": Page(CASE, _r, method="post"),
    "reviews:closure_start": Page(CASE_ELSEWHERE, lambda r: {"case_pk": r.reviewed_case.pk}),
    "reviews:closure_detail": Page(CASE, _c),
    "reviews:closure_edit": Page(CASE, _c),
    "reviews:closure_scores": Page(CASE, _c),
    "reviews:closure_goals": Page(CASE, _c),
    "reviews:closure_needs": Page(CASE, _c),
    "reviews:closure_sustainability": Page(CASE, _c),
    "reviews:closure_check_answers": Page(CASE, _c),
    "reviews:closure_submit": Page(CASE, _c, method="post"),
    "reviews:closure_sign_off": Page(CASE_MANAGE, _c, method="post"),
    "reviews:closure_return": Page(CASE_MANAGE, _c, method="post"),
    "reviews:closure_withdraw": Page(CASE, _c, method="post"),
    "reviews:closure_letter": Page(CASE, _closed),
    "reviews:closure_letter_pdf": Page(CASE, _closed),
    # Correcting a signed-off closure: a correction is already waiting, so the page goes to it.
    "reviews:closure_amend": Page(CASE_ELSEWHERE, _closed),
    "reviews:closure_amendment": Page(CASE, _amended),
    # Only a correction returned for changes can be changed: this one waits for sign-off.
    "reviews:closure_amendment_edit": Page(CASE_ELSEWHERE, _amended),
    "reviews:closure_amendment_check_answers": Page(CASE, _amended),
    # A correction is sent for sign-off as it is saved, on a closed case: the workflow's submit
    # step exists for it but is refused to everyone who can see the case.
    "reviews:closure_amendment_submit": Page(
        CASE | dict.fromkeys(["key_worker", "team_manager", "service_manager"], FORBIDDEN),
        _amended,
        method="post",
    ),
    "reviews:closure_amendment_sign_off": Page(CASE_MANAGE, _amended, method="post"),
    "reviews:closure_amendment_return": Page(CASE_MANAGE, _amended, method="post"),
    "reviews:case_reopen": Page(CASE_MANAGE, lambda r: {"case_pk": r.closed_case.pk}),
    "reviews:follow_up": Page(CASE, lambda r: {"case_pk": r.closed_case.pk, "pk": r.follow_up.pk}),
    "reviews:follow_ups_due": Page(SIGNED_IN | {"administrator": FORBIDDEN}),
    # documents on a case (one added by the key worker, who may withdraw it, as may managers)
    "attachments:documents": Page(CASE, lambda r: {"case_pk": r.case.pk}),
    "attachments:attach": Page(CASE, lambda r: {"case_pk": r.case.pk}),
    "attachments:attach_to": Page(
        CASE, lambda r: {"case_pk": r.case.pk, "target_kind": "plan", "target_pk": r.plan.pk}
    ),
    "attachments:download": Page(CASE, lambda r: {"case_pk": r.case.pk, "pk": r.attachment.pk}),
    "attachments:withdraw": Page(CASE, lambda r: {"case_pk": r.case.pk, "pk": r.attachment.pk}),
    # The case record for managers and inspectors: anyone who may read the case.
    "case_record:html": Page(CASE, _case),
    # Queued (made by a worker): whoever may see the case is sent on to the document's page.
    "case_record:pdf": Page(CASE_ELSEWHERE, _case),
    # managers
    "managers:caseloads": Page(MANAGERS),
    "managers:caseload_cases": Page(
        MANAGERS, query=lambda r: f"?worker={r.case.lead_professional_id}&figure=open_cases"
    ),
    "managers:allocate": Page(CASE_MANAGE, _case),
    "managers:attention": Page(MANAGERS),
    "managers:outcomes": Page(MANAGERS),
    "managers:outcomes_csv": Page(MANAGERS),
    "managers:outcomes_pdf": Page(
        MANAGERS | {"team_manager": ELSEWHERE, "service_manager": ELSEWHERE}
    ),
    "managers:cost_assumptions": Page(CONFIG),
    "managers:notifications": Page(SIGNED_IN),
    "managers:notifications_read": Page(SIGNED_IN, method="post"),
    # A notification is its recipient's alone (here the key worker's): opening it goes to the
    # record; anyone else's id is not found.
    "managers:notification_open": Page(
        answers(**dict.fromkeys(ROLES, NOT_FOUND) | {"anonymous": LOGIN, "key_worker": ELSEWHERE}),
        lambda r: {"pk": r.notification.pk},
    ),
    # staff administration: the organisation's administrators, on its own staff (here the key
    # worker); another organisation's member is a 404 (tests/staff).
    "staff:list": Page(CONFIG),
    "staff:add": Page(CONFIG),
    "staff:detail": Page(CONFIG, lambda r: {"pk": r.case.lead_professional_id}),
    "staff:edit": Page(CONFIG, lambda r: {"pk": r.case.lead_professional_id}),
    "staff:deactivate": Page(CONFIG, lambda r: {"pk": r.case.lead_professional_id}),
    "staff:reactivate": Page(CONFIG, lambda r: {"pk": r.case.lead_professional_id}, method="post"),
    "staff:send_set_up_link": Page(
        CONFIG, lambda r: {"pk": r.case.lead_professional_id}, method="post"
    ),
    "staff:enrolment_code": Page(
        CONFIG, lambda r: {"pk": r.case.lead_professional_id}, method="post"
    ),
    # The import from the previous system: managers (into their teams) and administrators,
    # within their own organisation (tests/imports). A POST without a file is refused on the
    # form (400), which is the page answering.
    "imports:start": Page(IMPORTERS),
    "imports:confirm": Page(IMPORTERS, method="post"),
    "imports:history": Page(IMPORTERS),
    "imports:template": Page(IMPORTERS),
    # A new member's set-up link works signed in or not; a bad link says it has expired.
    "staff:set_up_account": Page(PUBLIC, lambda r: {"uidb64": "MQ", "token": "not-a-token"}),
}

PAGES |= {
    # A document made in the background is its requester's alone (here the key worker's):
    # anyone else is not found, and the refusal is logged.
    name: Page(
        answers(**dict.fromkeys(ROLES, NOT_FOUND) | {"anonymous": LOGIN, "key_worker": OK}),
        lambda r: {"document_id": r.document.pk},
    )
    for name in ("document_status", "document_download")
}

# Django's admin: its own sign-in and staff check (tested below), not part of this matrix.
EXCLUDED_NAMESPACES = {"admin"}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(p.url_patterns, full)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns)
    return {n for n in names if n.split(":")[0] not in EXCLUDED_NAMESPACES}


def test_every_url_has_a_declared_expectation_for_every_role():
    undeclared = sorted(all_url_names() - set(PAGES))
    assert not undeclared, f"Declare who may use these pages in PAGES: {undeclared}"
    stale = sorted(set(PAGES) - all_url_names())
    assert not stale, f"These declared pages no longer exist: {stale}"


@dataclass
class Records:
    case: object
    parent: object
    young_person: object
    contact: object
    event: object
    agency: object
    consent: object
    assessment: object
    domain_row: object
    contribution: object
    need: object
    risk_factor: object
    plan: object
    plan_need: object
    goal: object
    action: object
    contingency: object
    plan_contact: object
    jargon_term: object
    notification: object
    pending_decision: object
    reviewed_case: object
    reviewed_plan: object
    reviewed_action: object
    review: object
    closure: object
    closed_case: object
    signed_off_closure: object
    follow_up: object
    document: object
    attachment: object
    arrangement: object
    legal_status: object
    amendment: object


@pytest.fixture
def records(world) -> Records:
    from assessments.models import AgencyContribution, Assessment, RiskFactor
    from managers.models import Notification
    from plans.models import JargonTerm
    from tests.assessments.assessment_helpers import start
    from tests.attachments.attachment_helpers import kept_attachment
    from tests.plans.plan_helpers import add_action, add_contingency, add_goal, draft_plan

    case = world.case
    parent = PersonFactory(
        family=case.family,
        first_name="Grace",
        relationship="mother",
        is_focus=False,
        date_of_birth=timezone.localdate() - datetime.timedelta(days=40 * 365),
    )
    plan = draft_plan(world)
    goal = add_goal(plan)
    assessment = start(case, world.key_worker, type=Assessment.Type.REASSESSMENT)
    domain_row = assessment.domain_assessments.first()
    from assessments.models import IdentifiedNeed

    need = IdentifiedNeed.objects.create(
        assessment=assessment, domain=domain_row.domain, description="Calmer evenings."
    )
    return Records(
        case=case,
        parent=parent,
        young_person=case.young_people.first(),
        contact=ContactFactory(case=case, recorded_by=world.key_worker),
        event=CaseEventFactory(case=case, recorded_by=world.key_worker),
        agency=AgencyInvolvementFactory(case=case),
        consent=ConsentRecordFactory(case=case, given_by=parent, recorded_by=world.key_worker),
        assessment=assessment,
        domain_row=domain_row,
        contribution=AgencyContribution.objects.create(
            assessment=assessment,
            agency_name="Fernbridge Academy",
            contributor="Head of year",
            contribution="Attendance is improving.",
        ),
        need=need,
        risk_factor=RiskFactor.objects.filter(organisation=world.org).first()
        or RiskFactor.objects.create(organisation=world.org, name="Going missing"),
        plan=plan,
        plan_need=plan.assessment.needs.first(),
        goal=goal,
        action=add_action(goal),
        contingency=add_contingency(plan),
        plan_contact=plan.contacts.first(),
        jargon_term=JargonTerm.objects.create(
            organisation=world.org, term="CIN", plain_alternative="a plan to help"
        ),
        **review_records(world),
        document=ready_document(world),
        attachment=kept_attachment(case, world.key_worker),
        **household_records(world, parent),
        notification=Notification.objects.create(
            recipient=world.key_worker,
            kind="allocated",
            text="A case was allocated to you",
            url=case.get_absolute_url(),
        ),
    )


def ready_document(world):
    """A case record made in the background for the key worker."""
    from edgecare.documents import keep_until
    from edgecare.models import PreparedDocument

    return PreparedDocument.objects.create(
        requested_by=world.key_worker,
        kind=PreparedDocument.Kind.CASE_RECORD,
        parameters={"case": world.case.pk, "chronology": "summary"},
        title=f"Case record {world.case.reference}",
        again_url=reverse("case_record:pdf", args=[world.case.pk]),
        status=PreparedDocument.Status.READY,
        expires_at=keep_until(timezone.now()),
        filename="case-record.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.7\n% made for the URL matrix\n",
        access_rows=[
            {"record_type": "case-record", "record_id": world.case.pk, "case_id": world.case.pk}
        ],
    )


def household_records(world, parent) -> dict:
    from families import services as family_services

    young_person = world.case.young_people.first()
    start = timezone.localdate() - datetime.timedelta(days=20)
    return {
        "arrangement": family_services.record_move(
            case=world.case,
            young_person=young_person,
            recorded_by=world.key_worker,
            kind="with_parents",
            lives_with=[parent],
            started_on=start,
            reason="Has always lived with her mother.",
        ),
        "legal_status": family_services.record_legal_status(
            case=world.case,
            young_person=young_person,
            recorded_by=world.key_worker,
            # Not the first kind the add form offers: the form walks add one of those.
            kind="ehcp",
            started_on=start,
        ),
    }


def review_records(world) -> dict:
    """Reviews and closures need cases of their own, with agreed plans."""
    from plans.models import Action
    from tests.reviews.review_helpers import (
        agreed_plan,
        signed_off_closure,
        started_closure,
        started_review,
    )

    reviewed = dataclasses.replace(
        world, case=CaseFactory(team=world.team, lead_professional=world.key_worker)
    )
    plan = agreed_plan(reviewed)
    review = started_review(reviewed, plan)
    closure = started_closure(reviewed, plan)
    closed = dataclasses.replace(
        world, case=CaseFactory(team=world.team, lead_professional=world.key_worker)
    )
    done = signed_off_closure(closed)
    from reviews import services as review_services

    amendment = review_services.closure_amendment_propose(
        closure=done,
        proposed_by=world.key_worker,
        reason="She lives with her grandparents: kinship care, not with a parent.",
        key_outcome="kinship_informal",
        key_outcome_other="",
    )
    return {
        "reviewed_case": reviewed.case,
        "reviewed_plan": plan,
        "reviewed_action": Action.objects.filter(goal__plan=plan).first(),
        "review": review,
        "closure": closure,
        "closed_case": closed.case,
        "signed_off_closure": done,
        "follow_up": closed.case.follow_up_checks.first(),
        # On a case of its own, so the documents drawn from the main case stay as they were.
        "pending_decision": DecisionFactory(
            case=reviewed.case,
            recorded_by=world.key_worker,
            decider=world.team_manager,
            confirmed_at=None,
        ),
        "amendment": amendment,
    }


def user_for(world, role):
    return None if role == "anonymous" else getattr(world, role)


def ask(client, page: Page, url: str, records: Records):
    if page.method == "post":
        return client.post(url, page.data(records) if page.data else {})
    return client.get(url)


def outcome(response, page: Page):
    status = response.status_code
    if status in (301, 302) and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    if page.method == "get" and status in (301, 302):
        return ELSEWHERE
    if status in (403, 404, 405):
        return status
    if page.method == "get" and status == 200:
        return OK
    if page.method == "post" and status in (200, 302, 303, 400):
        return OK
    return status


# Drawn for real even when pages are stubbed: what a refused visitor sees.
REFUSAL_PAGES = frozenset({"403.html", "404.html"})
STUBBED_PAGE = "A page drawn by its template (stubbed by the URL matrix)."


class _StubbedDocument:
    """Stands in for WeasyPrint's HTML and CSS: the document views still build their context
    and answer with a file, but nothing is laid out."""

    def __init__(self, *args, **kwargs):
        pass

    def write_pdf(self, *args, **kwargs) -> bytes:
        return b"%PDF-1.7\n% stubbed by the URL matrix\n"


@pytest.fixture
def pages_not_drawn(monkeypatch):
    draw = DjangoTemplate.render

    def draw_refusals_only(self, context=None, request=None):
        if self.template.name in REFUSAL_PAGES:
            return draw(self, context, request)
        return STUBBED_PAGE

    monkeypatch.setattr(DjangoTemplate, "render", draw_refusals_only)
    # Imported here, as edgecare.pdf does: WeasyPrint is heavy.
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _StubbedDocument)
    monkeypatch.setattr(weasyprint, "CSS", _StubbedDocument)


def in_matrix_order(pages: dict[str, Page]) -> list[tuple[str, Page]]:
    # Signing out goes last: it ends the session the other requests need.
    return sorted(pages.items(), key=lambda item: (item[0] == "logout", item[0]))


def url_of(name: str, page: Page, records: Records) -> str:
    kwargs = page.kwargs(records) if page.kwargs else {}
    return reverse(name, kwargs=kwargs) + (page.query(records) if page.query else "")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_declared_answer_on_every_page(
    world, records, signed_in, client, pages_not_drawn, role
):
    user = user_for(world, role)
    if user is not None:
        signed_in(user)
    wrong = []
    for name, page in in_matrix_order(PAGES):
        url = url_of(name, page, records)
        before = AccessLog.objects.filter(action="refused").count()
        asked_at = timezone.now()
        response = ask(client, page, url, records)
        got = outcome(response, page)
        expected = page.expected[role]
        if got != expected:
            wrong.append(f"{name} ({page.method.upper()} {url}): expected {expected}, got {got}")
        elif (
            got == NOT_FOUND
            and page.expected is not CONFIG
            and page.expected is not NOT_OFFERED
            and not name.startswith("managers:notification")
            and AccessLog.objects.filter(action="refused").count() == before
        ):
            wrong.append(f"{name}: the refusal was not written to the access log")
        elif (
            got == OK
            and page.method == "get"
            and response.status_code == 200
            and is_case_page(page)
            and not AccessLog.objects.filter(user=user, at__gte=asked_at)
            .exclude(action=AccessLog.Action.REFUSED)
            .exists()
        ):
            wrong.append(f"{name}: shows the case but wrote no access-log row")
        if response.status_code == 404:
            assert b"Page not found" in response.content  # the real 404 page, drawn
            assert records.case.family.family_name.encode() not in response.content
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def is_case_page(page: Page) -> bool:
    """A page of a case record (anything a case's team and its managers may open)."""
    return page.expected in (CASE, CASE_MANAGE, CASE_ELSEWHERE)


def test_every_case_page_is_checked_for_its_access_log_row():
    # The matrix asserts a row for every 200 on these; there must be some, of each kind.
    case_gets = [p for p in PAGES.values() if is_case_page(p) and p.method == "get"]
    assert len(case_gets) >= 60


# Who draws each page once for real: the first of these whom the page lets in.
DRAWN_BY = ["key_worker", "team_manager", "administrator", "anonymous"]


def drawn_by(page: Page) -> str:
    # Pages that let nobody in here (they send everyone on) are asked as the key worker.
    for answer in (OK, ELSEWHERE):
        for role in DRAWN_BY:
            if page.expected[role] == answer:
                return role
    return "key_worker"


@pytest.mark.parametrize("role", DRAWN_BY)
def test_every_page_draws_for_someone_it_lets_in(world, records, signed_in, client, role):
    user = user_for(world, role)
    if user is not None:
        signed_in(user)
    pages = {name: page for name, page in PAGES.items() if drawn_by(page) == role}
    wrong = []
    for name, page in in_matrix_order(pages):
        url = url_of(name, page, records)
        response = ask(client, page, url, records)
        got = outcome(response, page)
        if got != page.expected[role]:
            wrong.append(
                f"{name} ({page.method.upper()} {url}): expected {page.expected[role]}, got {got}"
            )
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_every_page_anyone_may_see_is_drawn_by_someone_it_lets_in():
    # A page that only a role outside DRAWN_BY may see would otherwise never be drawn.
    undrawn = sorted(
        name
        for name, page in PAGES.items()
        if OK in page.expected.values() and page.expected[drawn_by(page)] != OK
    )
    assert not undrawn, f"Add a role that may see these to DRAWN_BY: {undrawn}"


def test_the_admin_is_closed_to_staff_who_are_not_administrators(world, signed_in):
    client = signed_in(world.key_worker)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_no_case_record_is_registered_in_the_admin():
    from django.contrib import admin

    from edgecare.models import CaseRecord

    # Configuration (the organisation's lists) is there; no part of a child's record is.
    registered = [m for m in admin.site._registry if issubclass(m, CaseRecord)]
    assert not registered

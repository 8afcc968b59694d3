"""Who may see and change what: every permission rule of the application, in one place.

Two forms of the same rules live here side by side so they cannot drift apart:
- `case_scope_q(user)`: a filter for querysets (lists, searches, reports, form choices);
- predicates registered with django-rules for single objects (`user.has_perm(..., case)`).

The rules:
- nobody sees another organisation's data;
- a key worker and a team manager see their own team's cases;
- a service manager sees every case in their service;
- an administrator configures the organisation and its staff but does not read case records
  (data minimisation: nothing about their job needs a child's record);
- an API service account (role service_account, never signed in to the pages) reads its team's
  cases, its service's, or with neither the whole organisation's.
"""

from __future__ import annotations

import rules
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q

NOTHING = Q(pk__in=[])


def case_scope_q(user, prefix: str = "") -> Q:
    """The cases `user` may see, as a Q over Case (or over a model `prefix` away from it)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.organisation_id is None:
        return NOTHING
    p = f"{prefix}__" if prefix else ""
    in_org = Q(**{f"{p}family__organisation_id": user.organisation_id})
    if user.role in ("key_worker", "team_manager") and user.team_id:
        return in_org & Q(**{f"{p}team_id": user.team_id})
    if user.role == "service_manager" and user.service_id:
        return in_org & Q(**{f"{p}service_id": user.service_id})
    if user.role == "service_account":
        if user.team_id:
            return in_org & Q(**{f"{p}team_id": user.team_id})
        if user.service_id:
            return in_org & Q(**{f"{p}service_id": user.service_id})
        return in_org
    return NOTHING


def _same_org(user, case) -> bool:
    return user.organisation_id is not None and case.family.organisation_id == user.organisation_id


@rules.predicate
def can_view_case(user, case) -> bool:
    if case is None or not user.is_authenticated or not user.is_active:
        return False
    if not _same_org(user, case):
        return False
    if user.role in ("key_worker", "team_manager"):
        return user.team_id is not None and case.team_id == user.team_id
    if user.role == "service_manager":
        return user.service_id is not None and case.service_id == user.service_id
    if user.role == "service_account":
        if user.team_id:
            return case.team_id == user.team_id
        if user.service_id:
            return case.service_id == user.service_id
        return True
    return False


@rules.predicate
def is_case_open(user, case) -> bool:
    return case is not None and case.status != "closed"


@rules.predicate
def is_practitioner(user) -> bool:
    return user.is_authenticated and user.role in ("key_worker", "team_manager", "service_manager")


@rules.predicate
def is_manager_of_case(user, case) -> bool:
    """The case's team manager, or the manager of its service."""
    if case is None or not can_view_case(user, case):
        return False
    return user.role in ("team_manager", "service_manager")


@rules.predicate
def is_manager(user) -> bool:
    return user.is_authenticated and user.role in ("team_manager", "service_manager")


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and (user.role == "administrator" or user.is_superuser)


@rules.predicate
def is_family_active(user, family) -> bool:
    return family is not None and family.archived_at is None


# Reading a case record.
rules.add_perm("families.view_case", can_view_case)
# Adding to or changing an open case record (closed cases are read-only).
rules.add_perm("families.change_case", can_view_case & is_case_open & is_practitioner)
# Allocating the lead professional, signing off, re-opening, viewing the access log.
rules.add_perm("families.manage_case", is_manager_of_case)
# Taking new referrals and recording families.
rules.add_perm("families.add_case", is_practitioner)
# Keeping a family's details and members up to date, and referring it again, until it is
# archived. Which families a user may see at all is families_for_user.
rules.add_perm("families.change_family", is_practitioner & is_family_active)
# Service-level pages.


@rules.predicate
def is_named_decider_of_pending_decision(user, decision) -> bool:
    """The manager or panel chair a key worker named, while the decision awaits them."""
    return (
        decision is not None
        and decision.is_pending
        and decision.decider_id == user.pk
        and can_view_case(user, decision.case)
        and is_case_open(user, decision.case)
    )


# An edge-of-care decision a key worker records is pending until the named decider confirms it.
rules.add_perm("families.confirm_decision", is_named_decider_of_pending_decision)

rules.add_perm("edgecare.view_caseloads", is_manager)
rules.add_perm("edgecare.configure", is_administrator)
# Importing families and open cases from the previous system's files (imports/): a manager
# (into the teams they manage) or an administrator (into any team of the organisation).
rules.add_perm("imports.import_cases", is_manager | is_administrator)


# --- sign-off (edgecare.signoff.SignOffRecord: assessments, closures) -------------------------
# Who may sign off (or return) a record: a manager of its case, while the case is open, who
# neither wrote it nor submitted it. Both halves matter: a manager who wrote an assessment
# and a worker's closure a manager submitted on their behalf both need a second pair of eyes,
# so neither the author nor the submitter signs. One rule for every record that needs
# sign-off; the transitions apply it too, so no code path can skip it.


@rules.predicate
def is_manager_of_record_case(user, record) -> bool:
    return (
        record is not None
        and is_manager_of_case(user, record.case)
        and is_case_open(user, record.case)
    )


@rules.predicate
def wrote_or_submitted(user, record) -> bool:
    return record is not None and user.pk in {record.author_id, record.submitted_by_id}


may_sign_off_record = is_manager_of_record_case & ~wrote_or_submitted
rules.add_rule("edgecare.sign_off_record", may_sign_off_record)
rules.add_perm("edgecare.sign_off_record", may_sign_off_record)


# --- assessments -----------------------------------------------------------------------------
# Assessment rules take an Assessment (or, for adding one, a Case) and reuse the case rules.


@rules.predicate
def can_view_assessment_case(user, assessment) -> bool:
    return assessment is not None and can_view_case(user, assessment.case)


@rules.predicate
def can_change_assessment_case(user, assessment) -> bool:
    return (
        assessment is not None
        and can_view_case(user, assessment.case)
        and is_case_open(user, assessment.case)
        and is_practitioner(user)
    )


@rules.predicate
def is_assessment_editable(user, assessment) -> bool:
    return assessment is not None and assessment.is_editable


rules.add_perm("assessments.add_assessment", can_view_case & is_case_open & is_practitioner)
rules.add_perm("assessments.view_assessment", can_view_assessment_case)
# Draft and returned assessments only: submitted ones wait for sign-off, signed-off ones are
# corrected with a new version.
rules.add_perm("assessments.change_assessment", can_change_assessment_case & is_assessment_editable)
rules.add_perm("assessments.correct_assessment", can_change_assessment_case)
rules.add_perm("assessments.sign_off_assessment", may_sign_off_record)


# --- plans -----------------------------------------------------------------------------------
# Plan rules take a Plan (or, for adding one, a Case) and reuse the case rules. A plan is
# changed only while it is a draft; an agreed plan is revised with a new version.


@rules.predicate
def can_view_plan_case(user, plan) -> bool:
    return plan is not None and can_view_case(user, plan.case)


@rules.predicate
def can_change_plan_case(user, plan) -> bool:
    return (
        plan is not None
        and can_view_case(user, plan.case)
        and is_case_open(user, plan.case)
        and is_practitioner(user)
    )


@rules.predicate
def is_plan_draft(user, plan) -> bool:
    return plan is not None and plan.is_editable


@rules.predicate
def is_plan_in_force(user, plan) -> bool:
    return plan is not None and plan.is_agreed


rules.add_perm("plans.add_plan", can_view_case & is_case_open & is_practitioner)
rules.add_perm("plans.view_plan", can_view_plan_case)
rules.add_perm("plans.change_plan", can_change_plan_case & is_plan_draft)
rules.add_perm("plans.revise_plan", can_change_plan_case & is_plan_in_force)
# How an action is going is recorded on the plan in force, between reviews, without a revision.
rules.add_perm("plans.record_progress", can_change_plan_case & is_plan_in_force)
# The organisation's glossary of jargon for the plain-language check.
rules.add_perm("plans.configure_glossary", is_administrator)


# --- reviews, closure and follow-up checks ---------------------------------------------------
# Review and closure rules take a Review / Closure (or, for starting one, a Case) and reuse the
# case rules. A closed case is read-only, except for the follow-up checks made after closure.


@rules.predicate
def can_change_record_case(user, record) -> bool:
    """`record` is a Review or Closure: its case is open and the user may change it."""
    return (
        record is not None
        and can_view_case(user, record.case)
        and is_case_open(user, record.case)
        and is_practitioner(user)
    )


@rules.predicate
def is_record_editable(user, record) -> bool:
    return record is not None and record.is_editable


@rules.predicate
def is_case_closed(user, case) -> bool:
    return case is not None and case.status == "closed"


@rules.predicate
def can_record_follow_up(user, check) -> bool:
    return check is not None and can_view_case(user, check.case) and is_practitioner(user)


rules.add_perm("reviews.add_review", can_view_case & is_case_open & is_practitioner)
rules.add_perm("reviews.change_review", can_change_record_case & is_record_editable)
rules.add_perm("reviews.add_closure", can_view_case & is_case_open & is_practitioner)
rules.add_perm("reviews.change_closure", can_change_record_case & is_record_editable)
# The manager's sign-off is what closes the case (the one sign-off rule, above).
rules.add_perm("reviews.sign_off_closure", may_sign_off_record)
rules.add_perm("reviews.reopen_case", is_manager_of_case & is_case_closed)
# Follow-up checks happen after closure, so they are recorded on a closed (read-only) case.
rules.add_perm("reviews.record_follow_up", can_record_follow_up)


# --- Documents on a case (attachments) --------------------------------------------------------
# Attaching takes the case: open, in scope, a practitioner. Withdrawing takes the document: the
# person who added it, or a manager of its case, while the case is open. A withdrawn document is
# hidden from the record; its case's managers can still open it (audit, retention, subject
# access).


@rules.predicate
def added_the_document(user, attachment) -> bool:
    return attachment is not None and attachment.added_by_id == user.pk


@rules.predicate
def can_change_document_case(user, attachment) -> bool:
    return attachment is not None and can_change_record_case(user, attachment)


@rules.predicate
def manages_document_case(user, attachment) -> bool:
    return attachment is not None and is_manager_of_case(user, attachment.case)


rules.add_perm("attachments.add_attachment", can_view_case & is_case_open & is_practitioner)
rules.add_perm(
    "attachments.withdraw_attachment",
    can_change_document_case & (added_the_document | manages_document_case),
)
rules.add_perm("attachments.view_withdrawn_attachment", manages_document_case)


# --- closure amendments (reviews.ClosureAmendment) ----------------------------------------------
# A signed-off closure's key outcome is corrected on the closed case, without re-opening it: a
# practitioner of the case proposes the correction with a reason, and a manager of the case who
# neither wrote nor submitted it signs it off (the one sign-off workflow; the case stays closed).


@rules.predicate
def is_manager_of_amended_case(user, amendment) -> bool:
    return amendment is not None and is_manager_of_case(user, amendment.case)


@rules.predicate
def can_change_amendment(user, amendment) -> bool:
    return (
        amendment is not None
        and can_view_case(user, amendment.case)
        and is_practitioner(user)
        and amendment.is_editable
    )


@rules.predicate
def can_amend_closure(user, closure) -> bool:
    """`closure` is signed off, its case is closed now (not re-opened), and the user works on
    the case."""
    return (
        closure is not None
        and closure.is_signed_off
        and closure.reopened_at is None
        and can_view_case(user, closure.case)
        and is_case_closed(user, closure.case)
        and is_practitioner(user)
    )


may_sign_off_amendment = is_manager_of_amended_case & ~wrote_or_submitted
rules.add_rule("reviews.sign_off_closure_amendment", may_sign_off_amendment)
rules.add_perm("reviews.sign_off_closure_amendment", may_sign_off_amendment)
rules.add_perm("reviews.amend_closure", can_amend_closure)
rules.add_perm("reviews.change_closure_amendment", can_change_amendment)


# --- Data protection --------------------------------------------------------------------------
# A subject access export holds everything about a person: managers only (who review and redact
# it before release), and only for families they can see (checked by the family selector).
rules.add_perm("families.subject_access", is_manager)


# --- Staff administration ---------------------------------------------------------------------
# An organisation's administrator manages its staff: list, add, change, deactivate. The object
# is the member of staff. Which members they may see at all is staff.selectors.staff_for_user.


@rules.predicate
def is_organisation_administrator(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == "administrator"
        and user.organisation_id is not None
    )


@rules.predicate
def is_member_of_own_organisation(user, member) -> bool:
    # Without a member (the list, the add page) the organisation is the administrator's own.
    if member is None:
        return True
    return (
        member.organisation_id == user.organisation_id
        # A platform superuser's account is the platform's to change, not a council's.
        and (not member.is_superuser or user.is_superuser)
    )


@rules.predicate
def is_someone_else(user, member) -> bool:
    return member is not None and member.pk != user.pk


rules.add_perm("staff.manage_staff", is_organisation_administrator & is_member_of_own_organisation)
# Nobody changes their own role, team, service or active flag, or authorises their own first
# authenticator: another administrator (or the platform) does.
rules.add_perm(
    "staff.change_role",
    is_organisation_administrator & is_member_of_own_organisation & is_someone_else,
)
rules.add_perm(
    "staff.issue_enrolment_code",
    is_organisation_administrator & is_member_of_own_organisation & is_someone_else,
)


# --- The API's service accounts ---------------------------------------------------------------
# An organisation's administrator creates and revokes its service accounts (api/); which ones
# they see at all is api.selectors.service_accounts_for_user (their own organisation's).
rules.add_perm("api.manage_service_accounts", is_organisation_administrator)


# --- No other source of permissions ------------------------------------------------------------


class OnlyTheseRules(BaseBackend):
    """Listed right after django-rules' backend: a permission the rules above do not grant is
    refused here, so Django's ModelBackend (kept for password sign-in) is never asked. Nothing
    in the application grants Django's model permissions (the staff pages set none, and the
    admin is for superusers, whom Django lets through before any backend), so asking it could
    only add two queries to every page with a refused check (the menu's) or, for a permission
    someone assigned by hand, grant without the rules' scope."""

    def has_perm(self, user_obj, perm, obj=None):
        raise PermissionDenied

    def has_module_perms(self, user_obj, app_label):
        raise PermissionDenied

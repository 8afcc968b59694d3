"""Notifications: raised by other apps' state changes, shown in the header, read on opening,
e-mailed (a bare link) only when switched on."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from assessments import services as assessment_services
from assessments.models import Assessment
from edgecare.models import SentEmail
from families.models import Case
from families.services import case_allocate
from managers.models import Notification
from managers.services import notify
from plans.models import Plan
from reviews import services as review_services
from reviews.models import Closure
from tests.assessments.assessment_helpers import complete, start, submitted
from tests.background import closed_port, run_queued_tasks
from tests.factories import CaseFactory, UserFactory
from tests.managers.helpers import closure, days_ago
from tests.reviews.review_helpers import submitted_closure

pytestmark = pytest.mark.django_db


def told(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


def test_the_team_manager_is_told_an_assessment_awaits_sign_off(world):
    submitted(world.case, world.key_worker)
    [note] = told(world.team_manager)
    assert note.kind == Notification.Kind.AWAITING_SIGN_OFF
    assert note.text == (
        f"Assessment for {world.case.reference} ({world.case.family.family_name} family) "
        "awaits your sign-off"
    )
    assert note.url == Assessment.objects.get().get_absolute_url()
    assert told(world.key_worker) == []
    assert told(world.service_manager) == []  # the team has its own manager


def test_the_service_manager_is_told_when_the_team_has_no_manager(world):
    case = CaseFactory(team=world.other_service_team)
    worker = UserFactory(team=world.other_service_team)
    case.lead_professional = worker
    case.save()
    submitted(case, worker)
    assert [n.kind for n in told(world.other_service_manager)] == ["awaiting_sign_off"]


def test_the_assessor_is_told_of_sign_off_and_return(world):
    assessment = submitted(world.case, world.key_worker)
    assessment_services.assessment_return(
        assessment=assessment, by=world.team_manager, comments="Add the father's views."
    )
    [returned] = told(world.key_worker)
    assert returned.kind == Notification.Kind.RETURNED
    assert "Add the father" not in returned.text  # no case content
    assessment_services.assessment_submit(assessment=assessment, by=world.key_worker)
    assessment_services.assessment_sign_off(assessment=assessment, by=world.team_manager)
    assert [n.kind for n in told(world.key_worker)] == ["signed_off", "returned"]
    # Re-submitting told the manager a second time; saving without a change tells nobody.
    assert len(told(world.team_manager, "awaiting_sign_off")) == 2
    assessment.refresh_from_db()
    assessment.save()
    assert len(Notification.objects.all()) == 4


def test_a_draft_being_edited_tells_nobody(world):
    complete(start(world.case, world.key_worker))
    assert Notification.objects.count() == 0


def test_a_worker_is_told_a_case_was_allocated_to_them(world):
    case_allocate(
        case=world.case, worker=world.colleague, allocated_by=world.team_manager, reason="Leave"
    )
    [note] = told(world.colleague)
    assert note.kind == Notification.Kind.ALLOCATED
    assert note.url == world.case.get_absolute_url()


def test_nobody_is_told_of_allocating_themselves(world):
    case_allocate(
        case=world.case,
        worker=world.team_manager,
        allocated_by=world.team_manager,
        reason="Holding it",
    )
    assert Notification.objects.count() == 0


def test_the_lead_professional_is_told_a_plan_was_agreed_by_someone_else(world):
    from tests.managers.helpers import assessment

    plan = Plan.objects.create(
        case=world.case,
        assessment=assessment(world.case),
        start_date=days_ago(5),
        created_by=world.colleague,
    )
    Notification.objects.all().delete()
    plan.status = Plan.Status.AGREED
    plan.agreed_recorded_by = world.colleague
    plan.save()
    assert [n.kind for n in told(world.key_worker)] == ["plan_agreed"]
    assert told(world.colleague) == []


def test_closures_tell_the_manager_then_the_worker(world):
    # Notifications follow the sign-off workflow's transitions, not any save of a status.
    row = submitted_closure(world)  # after the assessment its plan needed was signed off
    Notification.objects.exclude(text__startswith="Closure of").delete()
    assert [n.kind for n in told(world.team_manager)] == ["awaiting_sign_off"]
    review_services.closure_return(closure=row, by=world.team_manager, comments="Needs a plan")
    assert [n.kind for n in told(world.key_worker)] == ["returned"]
    assert "Closure of" in told(world.key_worker)[0].text


def test_a_signed_off_closure_tells_its_author_and_submitter_but_not_the_signer(world):
    row = submitted_closure(world)
    Notification.objects.all().delete()  # the assessment its plan needed was signed off too
    review_services.closure_sign_off(closure=row, signed_off_by=world.team_manager)
    [note] = told(world.key_worker, Notification.Kind.SIGNED_OFF)
    assert note.text == (
        f"Closure of {world.case.reference} ({world.case.family.family_name} family) signed off"
    )
    assert told(world.team_manager, Notification.Kind.SIGNED_OFF) == []


def test_saving_a_status_outside_the_workflow_tells_nobody(world):
    row = closure(world.case, on=days_ago(1), status=Closure.Status.DRAFT)
    row.status = Closure.Status.SUBMITTED
    row.save()
    assert Notification.objects.count() == 0


def test_the_header_shows_the_unread_count_and_opening_marks_read(signed_in, world):
    note = notify(
        recipient=world.key_worker,
        kind=Notification.Kind.ALLOCATED,
        text="Case EC000001 allocated to you",
        url=world.case.get_absolute_url(),
    )
    client = signed_in(world.key_worker)
    page = client.get(reverse("home")).content.decode()
    assert '1<span class="govuk-visually-hidden"> unread</span>' in page
    response = client.get(reverse("managers:notification_open", args=[note.pk]))
    assert response.status_code == 302
    assert response.url == world.case.get_absolute_url()
    note.refresh_from_db()
    assert note.is_read
    assert " unread</span>" not in client.get(reverse("home")).content.decode()


def test_mark_all_read(signed_in, world):
    for _ in range(3):
        notify(recipient=world.key_worker, kind="allocated", text="Case allocated")
    client = signed_in(world.key_worker)
    assert client.get(reverse("managers:notifications_read")).status_code == 405
    assert client.post(reverse("managers:notifications_read")).status_code == 302
    assert Notification.objects.unread().count() == 0


def test_a_notification_never_redirects_off_site(signed_in, world):
    note = notify(recipient=world.key_worker, kind="allocated", text="x", url="https://evil.test/")
    response = signed_in(world.key_worker).get(
        reverse("managers:notification_open", args=[note.pk])
    )
    assert response.url == reverse("managers:notifications")


def test_no_email_unless_switched_on(world, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_BY_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=world.key_worker, kind="allocated", text="Case EC000001 allocated")
    run_queued_tasks()
    assert mail.outbox == []
    assert not SentEmail.objects.exists()


def test_the_email_carries_a_link_and_no_case_content(
    world, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BY_EMAIL = True
    settings.SERVICE_NAME = "Fernbridge case records"
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=world.key_worker,
            kind="allocated",
            text=f"Case {world.case.reference} ({world.case.family.family_name} family)",
        )
    # Queued, not sent inside the request: a worker sends it.
    assert mail.outbox == []
    run_queued_tasks()
    [message] = mail.outbox
    assert message.to == [world.key_worker.email]
    assert message.subject == "Something needs your attention in Fernbridge case records"
    assert reverse("managers:notifications") in message.body
    assert world.case.reference not in message.body + message.subject
    assert world.case.family.family_name not in message.body + message.subject
    [sent] = SentEmail.objects.all()
    assert (sent.status, sent.attempts, sent.reason) == (SentEmail.Status.SENT, 1, "notification")
    assert sent.recipient == world.key_worker
    assert sent.body == message.body


def test_a_refusing_mail_relay_is_tried_a_bounded_number_of_times_then_recorded_as_failed(
    world, settings, django_capture_on_commit_callbacks, caplog
):
    settings.NOTIFICATIONS_BY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=world.key_worker, kind="allocated", text="Case EC000001 allocated")
    with caplog.at_level(logging.WARNING, logger="edgecare.background"):
        run_queued_tasks()
    [sent] = SentEmail.objects.all()
    assert (sent.status, sent.attempts) == (SentEmail.Status.FAILED, 3)
    assert sent.last_error == "ConnectionRefusedError"
    messages = [r.getMessage() for r in caplog.records]
    assert sum("will retry" in m for m in messages) == 2
    assert any(f"e-mail failed id={sent.pk} attempt=3" in m and "giving up" in m for m in messages)
    assert not any(world.key_worker.email in m for m in messages)
    # The in-app notification was kept: a mail outage never undoes it.
    assert Notification.objects.filter(recipient=world.key_worker).exists()


def test_inactive_staff_are_not_told(world):
    world.colleague.is_active = False
    world.colleague.save()
    assert notify(recipient=world.colleague, kind="allocated", text="x") is None


def test_a_referral_closed_at_decision_tells_nobody(world):
    CaseFactory(team=world.team, status=Case.Status.CLOSED)
    assert Notification.objects.count() == 0

"""Staff administration: an organisation's administrator manages its own staff, nobody else's."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edgecare.models import AccessLog, SentEmail, User
from tests.background import run_queued_tasks
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def new_member(world, **overrides) -> dict:
    data = {
        "first_name": "Priya",
        "last_name": "Okafor",
        "username": "pokafor",
        "email": "priya.okafor@fernbridge.example",
        "job_title": "Family support worker",
        "phone": "01632 960123",
        "role": User.Role.KEY_WORKER,
        "team": world.team.pk,
        "service": "",
    }
    return data | overrides


def member_data(member: User, **overrides) -> dict:
    data = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "username": member.username,
        "email": member.email,
        "job_title": member.job_title,
        "phone": member.phone,
        "role": member.role,
        "team": member.team_id or "",
        "service": member.service_id or "",
    }
    return data | overrides


@pytest.mark.parametrize(
    "role", ["key_worker", "team_manager", "service_manager", "other_org_worker"]
)
def test_only_an_administrator_may_open_the_staff_pages(world, signed_in, role):
    client = signed_in(getattr(world, role))
    assert client.get(reverse("staff:list")).status_code == 403
    assert client.get(reverse("staff:add")).status_code == 403
    assert client.get(reverse("staff:detail", args=[world.key_worker.pk])).status_code == 403
    edit = client.post(
        reverse("staff:edit", args=[world.key_worker.pk]), member_data(world.key_worker)
    )
    assert edit.status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client, world):
    response = client.get(reverse("staff:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_staff_menu_entry_shows_for_administrators_only(world, signed_in):
    assert b'href="/staff/"' in signed_in(world.administrator).get(reverse("home")).content
    assert b'href="/staff/"' not in signed_in(world.team_manager).get(reverse("home")).content


def test_the_list_shows_the_administrators_own_organisation_only(world, signed_in):
    page = signed_in(world.administrator).get(reverse("staff:list"))
    assert page.status_code == 200
    listed = list(page.context["members"])
    assert world.key_worker in listed
    assert world.other_service_manager in listed
    assert world.other_org_worker not in listed
    assert str(world.other_service_manager).encode() in page.content
    assert str(world.other_org_worker).encode() not in page.content


def test_another_organisations_member_is_not_found_and_the_refusal_logged(world, signed_in):
    client = signed_in(world.administrator)
    target = world.other_org_worker
    for name in ("staff:detail", "staff:edit", "staff:deactivate"):
        assert client.get(reverse(name, args=[target.pk])).status_code == 404
    for name in ("staff:reactivate", "staff:send_set_up_link", "staff:enrolment_code"):
        assert client.post(reverse(name, args=[target.pk])).status_code == 404
    refused = AccessLog.objects.filter(
        action="refused", record_type=AccessLog.RecordType.STAFF_MEMBER
    )
    assert refused.filter(record_id=target.pk).count() == 6


def test_an_administrator_of_another_organisation_gets_not_found(world, signed_in):
    outsider = UserFactory(
        team=None, organisation=world.other_org_team.service.organisation, role="administrator"
    )
    client = signed_in(outsider)
    assert client.get(reverse("staff:detail", args=[world.key_worker.pk])).status_code == 404
    changed = client.post(
        reverse("staff:edit", args=[world.key_worker.pk]),
        member_data(world.key_worker, role=User.Role.TEAM_MANAGER),
    )
    assert changed.status_code == 404
    world.key_worker.refresh_from_db()
    assert world.key_worker.role == User.Role.KEY_WORKER
    assert world.key_worker not in client.get(reverse("staff:list")).context["members"]


def test_adding_a_member_gives_them_no_password_and_emails_a_one_time_set_up_link(
    world, signed_in, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world.administrator).post(reverse("staff:add"), new_member(world))
    member = User.objects.get(username="pokafor")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:detail", args=[member.pk])
    assert member.organisation == world.org
    assert member.team == world.team
    assert not member.has_usable_password()
    assert not member.is_superuser
    assert not member.is_staff
    run_queued_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["priya.okafor@fernbridge.example"]
    link = re.search(r"http://testserver(/staff/set-up/\S+)", mail.outbox[0].body).group(1)

    client.post(reverse("logout"))
    opened = client.get(link, follow=True)
    assert b"Choose your password" in opened.content
    form_url = opened.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 400
    chosen = "a kettle on the windowsill"
    done = client.post(form_url, {"new_password1": chosen, "new_password2": chosen})
    assert done.status_code == 302
    assert done["Location"] == reverse("login")
    member.refresh_from_db()
    assert member.check_password(chosen)
    again = client.get(link, follow=True)
    assert b"This set-up link has expired" in again.content


def test_a_member_added_elsewhere_in_the_organisation_needs_a_placement_for_their_role(
    world, signed_in
):
    client = signed_in(world.administrator)
    no_team = client.post(reverse("staff:add"), new_member(world, team=""))
    assert no_team.status_code == 400
    assert b"Choose their team" in no_team.content
    no_service = client.post(
        reverse("staff:add"), new_member(world, role=User.Role.SERVICE_MANAGER, team="")
    )
    assert no_service.status_code == 400
    assert b"Choose the service they manage" in no_service.content
    assert not User.objects.filter(username="pokafor").exists()


def test_team_and_service_choices_are_the_administrators_own_organisations(world, signed_in):
    client = signed_in(world.administrator)
    page = client.get(reverse("staff:add"))
    choices = page.context["form"].fields["team"].queryset
    assert world.team in choices
    assert world.other_service_team in choices
    assert world.other_org_team not in choices
    foreign_service = world.other_org_team.service
    assert foreign_service not in page.context["form"].fields["service"].queryset
    refused = client.post(reverse("staff:add"), new_member(world, team=world.other_org_team.pk))
    assert refused.status_code == 400
    refused = client.post(
        reverse("staff:add"),
        new_member(world, role=User.Role.SERVICE_MANAGER, team="", service=foreign_service.pk),
    )
    assert refused.status_code == 400
    assert not User.objects.filter(username="pokafor").exists()


def test_a_service_manager_keeps_only_their_service_and_an_administrator_no_placement(
    world, signed_in
):
    client = signed_in(world.administrator)
    client.post(
        reverse("staff:edit", args=[world.key_worker.pk]),
        member_data(
            world.key_worker, role=User.Role.SERVICE_MANAGER, service=world.other_service.pk
        ),
    )
    world.key_worker.refresh_from_db()
    assert world.key_worker.role == User.Role.SERVICE_MANAGER
    assert world.key_worker.service == world.other_service
    assert world.key_worker.team is None


def test_changing_a_member_is_kept_in_history_with_the_administrator_who_did_it(world, signed_in):
    client = signed_in(world.administrator)
    response = client.post(
        reverse("staff:edit", args=[world.key_worker.pk]),
        member_data(world.key_worker, role=User.Role.TEAM_MANAGER, job_title="Senior worker"),
    )
    assert response.status_code == 302
    world.key_worker.refresh_from_db()
    assert world.key_worker.role == User.Role.TEAM_MANAGER
    latest = world.key_worker.history.latest()
    assert latest.history_user == world.administrator
    assert latest.history_change_reason == "Changed"
    page = client.get(reverse("staff:detail", args=[world.key_worker.pk]))
    assert b"Changed: " in page.content
    assert b"Role" in page.content


def test_nobody_changes_their_own_role_or_placement(world, signed_in):
    client = signed_in(world.administrator)
    response = client.post(
        reverse("staff:edit", args=[world.administrator.pk]),
        member_data(
            world.administrator,
            role=User.Role.SERVICE_MANAGER,
            service=world.service.pk,
            job_title="Systems administrator",
        ),
    )
    assert response.status_code == 302
    world.administrator.refresh_from_db()
    assert world.administrator.role == User.Role.ADMINISTRATOR
    assert world.administrator.service is None
    assert world.administrator.job_title == "Systems administrator"  # the rest is theirs


def test_nobody_deactivates_or_reactivates_their_own_account(world, signed_in):
    client = signed_in(world.administrator)
    own = world.administrator.pk
    assert client.get(reverse("staff:deactivate", args=[own])).status_code == 403
    assert client.post(reverse("staff:deactivate", args=[own])).status_code == 403
    assert client.post(reverse("staff:reactivate", args=[own])).status_code == 403
    world.administrator.refresh_from_db()
    assert world.administrator.is_active


def test_the_staff_form_cannot_make_a_superuser_or_move_anyone_to_another_organisation(
    world, signed_in
):
    client = signed_in(world.administrator)
    other_org = world.other_org_team.service.organisation
    for target in (world.key_worker, world.administrator):
        client.post(
            reverse("staff:edit", args=[target.pk]),
            member_data(
                target,
                is_superuser="on",
                is_staff="on",
                organisation=other_org.pk,
                user_permissions=[1],
                groups=[1],
                password="chosen by the administrator",
            ),
        )
        target.refresh_from_db()
        assert not target.is_superuser
        assert not target.is_staff
        assert target.organisation == world.org
        assert not target.user_permissions.exists()
    client.post(reverse("staff:add"), new_member(world, is_superuser="on", is_staff="on"))
    added = User.objects.get(username="pokafor")
    assert not added.is_superuser
    assert not added.is_staff


def test_a_platform_superuser_in_the_organisation_is_not_the_councils_to_change(world, signed_in):
    platform = UserFactory(team=None, organisation=world.org, role="administrator")
    User.objects.filter(pk=platform.pk).update(is_superuser=True)
    client = signed_in(world.administrator)
    assert platform not in client.get(reverse("staff:list")).context["members"]
    assert client.get(reverse("staff:detail", args=[platform.pk])).status_code == 404
    assert client.post(reverse("staff:deactivate", args=[platform.pk])).status_code == 404
    platform.refresh_from_db()
    assert platform.is_active


def test_deactivating_a_member_stops_their_sign_in_and_keeps_their_record(world, signed_in):
    from django.test import Client

    worker = Client()
    worker.force_login(world.key_worker, backend="django.contrib.auth.backends.ModelBackend")
    assert worker.get(reverse("home")).status_code == 200

    client = signed_in(world.administrator)
    confirm = client.get(reverse("staff:deactivate", args=[world.key_worker.pk]))
    assert b"Deactivate" in confirm.content
    done = client.post(reverse("staff:deactivate", args=[world.key_worker.pk]))
    assert done.status_code == 302
    world.key_worker.refresh_from_db()
    assert not world.key_worker.is_active
    assert User.objects.filter(pk=world.key_worker.pk).exists()
    assert world.key_worker.history.latest().history_change_reason == "Deactivated"
    assert world.key_worker.history.latest().history_user == world.administrator
    # Their open session ends at its next request.
    assert "/accounts/login/" in worker.get(reverse("home"))["Location"]

    client.post(reverse("staff:reactivate", args=[world.key_worker.pk]))
    world.key_worker.refresh_from_db()
    assert world.key_worker.is_active


def test_an_administrator_may_send_a_new_set_up_link(world, signed_in):
    client = signed_in(world.administrator)
    response = client.post(reverse("staff:send_set_up_link", args=[world.key_worker.pk]))
    assert response.status_code == 302
    run_queued_tasks()
    assert mail.outbox[0].to == [world.key_worker.email]
    assert "/staff/set-up/" in mail.outbox[0].body
    # The record of what was sent never keeps a working set-up link.
    [sent] = SentEmail.objects.filter(recipient=world.key_worker)
    assert sent.status == SentEmail.Status.SENT
    assert "/staff/set-up/" not in sent.body


def test_a_username_or_e_mail_already_taken_is_refused_with_a_message(world, signed_in):
    client = signed_in(world.administrator)
    taken = client.post(reverse("staff:add"), new_member(world, username="kw"))
    assert taken.status_code == 400
    assert b"Somebody already has that username" in taken.content
    taken = client.post(reverse("staff:add"), new_member(world, email=world.colleague.email))
    assert taken.status_code == 400
    assert b"Somebody already has that e-mail address" in taken.content


def test_the_staff_list_query_count_does_not_grow_with_its_rows(world, signed_in):
    team = TeamFactory(service=world.service)
    client = signed_in(world.administrator)

    def queries_for_list_of(rows: int) -> int:
        UserFactory.create_batch(rows - team.members.count(), team=team)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("staff:list")).status_code == 200
        return len(queries)

    assert queries_for_list_of(5) == queries_for_list_of(50)


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert('x')</script>",
        "null\x00byte",
        "x" * 5000,
        "{{ request.user.password }} {% debug %}",
        "\u202eevil\u202c",
    ],
)
@pytest.mark.parametrize("field", ["first_name", "last_name", "username", "email", "job_title"])
def test_hostile_input_on_the_staff_form_is_refused_or_kept_as_text_never_a_500(
    world, signed_in, field, value
):
    client = signed_in(world.administrator)
    response = client.post(reverse("staff:add"), new_member(world, **{field: value}))
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert b"<script>alert" not in page.content

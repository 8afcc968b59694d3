"""Who changed what and when; who looked at which record; nothing is ever hard-deleted."""

import pytest
from django.db import DatabaseError

from edgecare.models import AccessLog
from families.models import Case

pytestmark = pytest.mark.django_db


def test_a_change_to_a_case_keeps_who_when_before_and_after(world):
    case = world.case
    case._history_user = world.key_worker
    case.presenting_concerns = "Revised after speaking to the school."
    case.save()
    latest, before = case.history.all()[:2]
    assert latest.history_user == world.key_worker
    assert latest.history_date is not None
    delta = latest.diff_against(before)
    assert "presenting_concerns" in delta.changed_fields


def test_viewing_a_case_writes_an_access_log_entry(signed_in, world):
    client = signed_in(world.key_worker)
    response = client.get(world.case.get_absolute_url())
    assert response.status_code == 200
    entry = AccessLog.objects.get(action="view", case_id=world.case.pk)
    assert entry.user == world.key_worker
    assert entry.record_type == AccessLog.RecordType.CASE


def test_asking_for_another_teams_case_is_a_404_and_is_logged_as_refused(signed_in, world):
    client = signed_in(world.key_worker)
    response = client.get(world.other_team_case.get_absolute_url())
    assert response.status_code == 404
    assert world.other_team_case.family.family_name.encode() not in response.content
    refusal = AccessLog.objects.get(action="refused")
    assert refusal.user == world.key_worker
    assert refusal.record_id == world.other_team_case.pk


def test_a_case_that_does_not_exist_gets_the_same_answer(signed_in, world):
    client = signed_in(world.key_worker)
    assert client.get("/families/cases/999999/").status_code == 404


def test_the_access_log_cannot_be_changed_or_deleted(world):
    entry = AccessLog.objects.create(
        action="view", record_type=AccessLog.RecordType.CASE, record_id=1
    )
    entry.action = "print"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.update(action="print")


def test_case_records_are_never_hard_deleted(world):
    with pytest.raises(PermissionError):
        world.case.delete()
    with pytest.raises(PermissionError):
        Case.objects.filter(pk=world.case.pk).delete()
    with pytest.raises(PermissionError):
        world.case.family.delete()
    assert Case.objects.filter(pk=world.case.pk).exists()


def test_if_the_access_log_cannot_be_written_the_record_is_not_shown(signed_in, world, monkeypatch):
    def broken_create(*args, **kwargs):
        raise DatabaseError("access log unavailable")

    monkeypatch.setattr(AccessLog.objects, "create", broken_create)
    client = signed_in(world.key_worker)
    client.raise_request_exception = False
    response = client.get(world.case.get_absolute_url())
    assert response.status_code == 500
    assert world.case.family.family_name.encode() not in response.content


def test_recording_access_with_a_free_string_is_refused_and_writes_nothing(rf, world):
    from edgecare.access import record_access

    request = rf.get("/")
    request.user = world.key_worker
    for unknown in ("contacts", "case"):  # a drifted plural, and a right value not as a member
        with pytest.raises(ValueError, match="not an AccessLog.RecordType member"):
            record_access(request, action=AccessLog.Action.VIEW, record_type=unknown)
    assert not AccessLog.objects.exists()


def test_recording_access_with_a_member_stores_its_value(rf, world):
    from edgecare.access import record_access

    request = rf.get("/")
    request.user = world.key_worker
    entry = record_access(
        request, action=AccessLog.Action.VIEW, record_type=AccessLog.RecordType.CASE_EVENT
    )
    entry.refresh_from_db()
    assert entry.record_type == "case-event"

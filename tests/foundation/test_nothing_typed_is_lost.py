"""Nothing a worker types is lost to the idle sign-out (issue 15, point 6): the keep-alive
behind the timeout warning, a form posted after the session ended kept and put back after
signing in again, and drafts of the long free-text forms."""

from __future__ import annotations

import datetime
import json
import logging
import re
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from edgecare import typed_text
from edgecare.models import AccessLog
from families.drafts import purge_expired_drafts
from families.models import Contact, FormDraft
from tests.factories import ContactFactory
from tests.reviews.review_helpers import signed_off_closure
from tests.security.test_form_integrity import filled

pytestmark = pytest.mark.django_db

NOTE = "Evening visit: Mum and Jory talked through the row about the phone; calmer by nine."


def json_block(response, element_id: str) -> list | None:
    """The JSON data block the page's script fills the form in from, or None."""
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1)) if match else None


def parked_fields(response) -> list | None:
    return json_block(response, "app-parked-form")


def draft_fields(response) -> list | None:
    return json_block(response, "app-form-draft")


def end_the_session() -> None:
    """The idle timeout passed: the session is gone from the server."""
    Session.objects.all().delete()


@pytest.fixture
def contact_form(world, signed_in):
    client = signed_in(world.key_worker)
    url = reverse("families:contact_add", args=[world.case.pk])
    page = client.get(url)
    assert client.cookies.get(typed_text.WORKER_COOKIE), "signed in, the worker is named"
    data = filled(page, editing=False) | {"what_happened": NOTE}
    return client, url, data


# The keep-alive behind the timeout warning -----------------------------------------------------


def test_the_timeout_warning_is_on_every_signed_in_page_with_the_time_left(world, signed_in):
    response = signed_in(world.key_worker).get(reverse("home"))
    body = response.content.decode()
    assert 'id="app-timeout-warning"' in body
    assert "Stay signed in" in body
    left = int(re.search(r'data-seconds-left="(\d+)"', body).group(1))
    assert 0 < left <= settings.SESSION_COOKIE_AGE
    assert f'data-warning-seconds="{settings.SESSION_WARNING_SECONDS}"' in body


def test_the_sign_in_page_has_no_timeout_warning(client):
    assert 'id="app-timeout-warning"' not in client.get(reverse("login")).content.decode()


def test_stay_signed_in_renews_the_session_and_says_how_long_it_now_has(world, signed_in):
    client = signed_in(world.key_worker)
    client.get(reverse("home"))
    session = Session.objects.get()
    # As if most of the idle time had passed.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=60)
    )
    response = client.post(reverse("keep_alive"))
    assert response.status_code == 200
    assert response.json()["signed_in"] is True
    assert response.json()["seconds_left"] > settings.SESSION_COOKIE_AGE - 60
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_the_keep_alive_is_throttled_while_typing(world, signed_in, settings):
    settings.KEEP_ALIVE_MIN_SECONDS = 60
    client = signed_in(world.key_worker)
    assert client.post(reverse("keep_alive")).status_code == 200
    again = client.post(reverse("keep_alive"))
    assert again.status_code == 429
    assert 0 < int(again["Retry-After"]) <= 60


def test_the_keep_alive_never_goes_past_the_absolute_session_cap(world, signed_in, settings):
    client = signed_in(world.key_worker)
    client.get(reverse("home"))
    settings.SESSION_ABSOLUTE_SECONDS = 120
    response = client.post(reverse("keep_alive"))
    assert response.json()["seconds_left"] <= 120


def test_the_keep_alive_signed_out_says_so_without_a_redirect(client):
    response = client.post(reverse("keep_alive"))
    assert response.status_code == 401
    assert response.json() == {"signed_in": False, "seconds_left": 0}


def test_the_keep_alive_only_answers_a_post(world, signed_in):
    assert signed_in(world.key_worker).get(reverse("keep_alive")).status_code == 405


# A form posted after the session ended ----------------------------------------------------------


def test_a_contact_posted_after_the_session_ended_is_kept_and_put_back_after_sign_in(
    world, contact_form, signed_in
):
    client, url, data = contact_form
    end_the_session()

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL_PATH)
    assert "kept=1" in response["Location"]
    assert not Contact.objects.exists()  # nothing is saved for the worker
    login_page = client.get(response["Location"])
    assert "What you typed has been kept" in login_page.content.decode()

    signed_in(world.key_worker)  # password and second factor, as at any sign-in
    form_again = client.get(url)
    kept = parked_fields(form_again)
    assert [name for name, _ in kept].count("what_happened") == 1
    assert ["what_happened", NOTE] in kept
    assert not any(name in typed_text.NOT_KEPT for name, _ in kept)
    assert NOTE in form_again.content.decode()  # shown to copy, for a browser without script

    # The worker sends it again themselves, with the page's own fresh token.
    again = filled(form_again, editing=False) | {
        name: value for name, value in kept if name == "what_happened"
    }
    saved = client.post(url, again)
    assert saved.status_code == 302
    assert Contact.objects.get().what_happened == NOTE
    assert parked_fields(client.get(url)) is None  # saved: no longer kept


def test_what_was_kept_is_never_given_to_someone_else_signing_in_on_that_browser(
    world, contact_form, signed_in
):
    client, url, data = contact_form
    end_the_session()
    client.post(url, data)

    signed_in(world.team_manager)  # a colleague at the same computer
    page = client.get(url)
    assert page.status_code == 200
    assert parked_fields(page) is None
    assert NOTE not in page.content.decode()


def test_a_forged_worker_cookie_keeps_nothing(world, contact_form):
    client, url, data = contact_form
    end_the_session()
    client.cookies[typed_text.WORKER_COOKIE] = typed_text.worker_cookie_value(
        world.key_worker.pk
    ).replace(":", ";", 1)
    response = client.post(url, data)
    assert "kept=1" not in response["Location"]
    assert typed_text.parked_for(world.key_worker.pk, url) is None


def test_signing_out_on_purpose_forgets_who_was_typing(world, contact_form):
    client, url, data = contact_form
    client.post(reverse("logout"))
    assert client.cookies[typed_text.WORKER_COOKIE].value == ""
    response = client.post(url, data)
    assert "kept=1" not in response["Location"]


def test_the_kept_form_is_put_back_only_on_the_page_it_came_from(world, contact_form, signed_in):
    client, url, data = contact_form
    end_the_session()
    client.post(url, data)
    signed_in(world.key_worker)
    assert parked_fields(client.get(world.case.get_absolute_url())) is None
    assert parked_fields(client.get(url)) is not None


def test_a_kept_form_for_a_page_the_worker_may_no_longer_see_is_not_shown(
    world, contact_form, signed_in
):
    client, url, data = contact_form
    end_the_session()
    client.post(url, data)
    world.case.team = world.other_team
    world.case.save()  # moved to another team while the worker was signed out

    signed_in(world.key_worker)
    response = client.get(url)
    assert response.status_code == 404
    assert NOTE not in response.content.decode()


def test_a_kept_edit_still_meets_the_stale_save_check(world, signed_in):
    contact = ContactFactory(case=world.case, what_happened="First version.")
    client = signed_in(world.key_worker)
    url = reverse("families:contact_edit", args=[world.case.pk, contact.pk])
    data = filled(client.get(url), editing=True) | {"what_happened": NOTE}
    end_the_session()
    client.post(url, data)
    contact.what_happened = "A colleague's correction."
    contact.save()  # meanwhile, a colleague saved the note

    signed_in(world.key_worker)
    kept = dict(parked_fields(client.get(url)))
    resent = filled(client.get(url), editing=True) | kept
    response = client.post(url, resent)
    assert response.status_code == 400
    assert NOTE in response.content.decode()  # the text kept on the refused form
    contact.refresh_from_db()
    assert contact.what_happened == "A colleague's correction."


def test_kept_text_never_reaches_the_logs(world, contact_form, signed_in, caplog):
    client, url, data = contact_form
    end_the_session()
    with caplog.at_level(logging.DEBUG):
        client.post(url, data)
        signed_in(world.key_worker)
        client.get(url)
    assert NOTE not in caplog.text
    assert "form kept after sign-out" in caplog.text


def test_a_kept_form_lapses_after_the_setting(world, contact_form, signed_in, settings):
    settings.PARKED_FORM_SECONDS = 1
    client, url, data = contact_form
    end_the_session()
    client.post(url, data)
    assert typed_text.parked_for(world.key_worker.pk, url) is not None
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        assert typed_text.parked_for(world.key_worker.pk, url) is None


# Drafts of the long free-text forms ------------------------------------------------------------


def save_a_draft(client, case, page, **fields):
    return client.post(reverse("families:draft", args=[case.pk]), {"draft_page": page, **fields})


def test_a_draft_saved_while_typing_is_put_back_and_discarded_on_save(world, contact_form):
    client, url, data = contact_form
    response = save_a_draft(client, world.case, url, what_happened=NOTE, purpose="Visit")
    assert response.status_code == 200
    assert response.json()["saved"] is True
    draft = FormDraft.objects.get()
    assert (draft.user, draft.case, draft.page) == (world.key_worker, world.case, url)

    coming_back = client.get(url)
    assert ["what_happened", NOTE] in draft_fields(coming_back)
    assert "data-app-draft-banner" in coming_back.content.decode()

    assert client.post(url, data).status_code == 302
    assert not FormDraft.objects.exists()


def test_a_draft_is_the_workers_own(world, contact_form, signed_in):
    client, url, _data = contact_form
    save_a_draft(client, world.case, url, what_happened=NOTE)
    colleague = signed_in(world.team_manager)
    assert draft_fields(colleague.get(url)) is None


def test_a_draft_for_a_case_out_of_scope_is_a_404_and_a_refusal(world, signed_in):
    client = signed_in(world.key_worker)
    other = world.other_team_case
    page = reverse("families:contact_add", args=[other.pk])
    response = save_a_draft(client, other, page, what_happened=NOTE)
    assert response.status_code == 404
    assert AccessLog.objects.filter(action=AccessLog.Action.REFUSED, record_id=other.pk).exists()
    assert not FormDraft.objects.exists()


def test_a_draft_of_a_page_that_keeps_none_or_of_another_case_is_refused(world, contact_form):
    client, url, _data = contact_form
    assert save_a_draft(client, world.case, "/", what_happened=NOTE).status_code == 400
    elsewhere = reverse("families:contact_add", args=[world.other_team_case.pk])
    assert save_a_draft(client, world.case, elsewhere, what_happened=NOTE).status_code == 400
    assert not FormDraft.objects.exists()


def test_a_draft_on_a_case_the_worker_may_no_longer_change_is_refused(world, contact_form):
    client, url, _data = contact_form
    signed_off_closure(world)  # closed: the record is read-only
    response = save_a_draft(client, world.case, url, what_happened=NOTE)
    assert response.status_code == 403
    assert not FormDraft.objects.exists()


def test_a_draft_saved_when_signed_out_is_a_401_not_a_kept_form(world, contact_form):
    client, url, _data = contact_form
    end_the_session()
    response = save_a_draft(client, world.case, url, what_happened=NOTE)
    assert response.status_code == 401
    assert not FormDraft.objects.exists()
    assert typed_text.parked_for(world.key_worker.pk, url) is None


def test_a_draft_can_be_discarded(world, contact_form):
    client, url, _data = contact_form
    save_a_draft(client, world.case, url, what_happened=NOTE)
    response = save_a_draft(client, world.case, url, discard="1")
    assert response.json()["discarded"] is True
    assert not FormDraft.objects.exists()


def test_a_draft_never_carries_the_forms_one_time_tokens(world, contact_form):
    client, url, data = contact_form
    save_a_draft(client, world.case, url, **data)
    names = {name for name, _ in FormDraft.objects.get().fields}
    assert not names & typed_text.NOT_KEPT


def test_drafts_left_longer_than_draft_days_are_purged(world, contact_form, settings):
    settings.DRAFT_DAYS = 14
    client, url, _data = contact_form
    save_a_draft(client, world.case, url, what_happened=NOTE)
    recent_page = reverse("reviews:review_start", args=[world.case.pk])
    old = FormDraft.objects.get()
    FormDraft.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=15)
    )
    fresh = FormDraft.objects.create(
        user=world.key_worker, case=world.case, page=recent_page, fields=[]
    )
    assert purge_expired_drafts() == 1
    assert list(FormDraft.objects.all()) == [fresh]


def test_the_purge_drafts_command_says_how_many_went_and_nothing_else(world, contact_form):
    client, url, _data = contact_form
    save_a_draft(client, world.case, url, what_happened=NOTE)
    FormDraft.objects.update(updated_at=timezone.now() - datetime.timedelta(days=400))
    out = StringIO()
    call_command("purge_drafts", stdout=out)
    assert out.getvalue().startswith("1 draft older than")
    assert NOTE not in out.getvalue()
    assert not FormDraft.objects.exists()

"""One save per submit: what a repeated form gets (OneSavePerSubmitMiddleware).

Every add page sent twice is walked in test_form_integrity.py; these are the other answers.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from edgecare import submission
from families.models import Contact
from tests.security.test_form_integrity import filled

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_page(world, signed_in):
    client = signed_in(world.key_worker)
    url = reverse("families:contact_add", args=[world.case.pk])
    return client, url, filled(client.get(url), editing=False)


def test_a_form_sent_again_while_the_first_is_still_saving_is_told_so_and_not_saved(
    world, contact_page
):
    client, url, data = contact_page
    assert submission.claim(world.key_worker.pk, data["submission_token"])  # the first, running

    response = client.post(url, data)

    assert response.status_code == 409
    assert "This is already being saved" in response.content.decode()
    assert not Contact.objects.filter(case=world.case).exists()


def test_a_refused_form_can_be_corrected_and_sent_again_with_the_same_token(world, contact_page):
    client, url, data = contact_page
    refused = client.post(url, data | {"contact_date": ""})
    assert refused.status_code == 400

    saved = client.post(url, data)

    assert saved.status_code == 302
    assert Contact.objects.filter(case=world.case).count() == 1


def test_a_token_is_one_users_alone(world, contact_page, signed_in):
    client, url, data = contact_page
    first = client.post(url, data)
    assert first.status_code == 302

    colleague = signed_in(world.team_manager)
    again = colleague.post(url, data)

    # Not sent to the key worker's record: the manager's own POST is taken on its merits.
    assert again.status_code == 302
    assert Contact.objects.filter(case=world.case).count() == 2


def test_the_token_keeps_where_the_save_went_and_nothing_from_the_form(world, contact_page):
    client, url, data = contact_page
    first = client.post(url, data)
    key = submission._key(world.key_worker.pk, data["submission_token"])
    assert cache.get(key) == first["Location"]
    assert data["submission_token"] not in key  # the key is a digest: the token is not stored


def test_a_form_from_a_page_opened_before_tokens_existed_still_saves(world, contact_page):
    client, url, data = contact_page
    del data["submission_token"]
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Contact.objects.filter(case=world.case).count() == 2


def test_save_buttons_ignore_a_double_click(contact_page):
    client, url, _data = contact_page
    page = client.get(url).content.decode()
    assert 'data-prevent-double-click="true"' in page

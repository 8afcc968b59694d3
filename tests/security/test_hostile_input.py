"""Hostile input on the main forms: never a 500, never stored markup rendered unescaped, and a
clear message when something is refused.

Every form is filled as the page renders it (tests/security/form_filler.py), so a field added
later is covered without changing this test.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment
from tests.assessments.assessment_helpers import start
from tests.plans.plan_helpers import draft_plan
from tests.security.form_filler import fill, main_form

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "Robert'); DROP TABLE families_case;--",
    "' OR '1'='1",
    "\u202eevil\u202c right-to-left override",
    "Zoë Ní Bhriain – Łukasz 李小龍 🙂",
    "tab\tand\nnew line\r\nand bell\x07",
    "null\x00byte",
    "x" * 5000,
    "{{ request.user.password }} {% debug %}",
    "../../etc/passwd",
    "",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(min_size=0, max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(
        lambda s: f"{SCRIPT}{s}"
    ),
)

PROPERTY = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def form_urls(world) -> dict[str, str]:
    case = world.case
    plan = draft_plan(world)  # built on its own signed-off assessment
    assessment = start(case, world.key_worker, type=Assessment.Type.REASSESSMENT)
    row = assessment.domain_assessments.first()
    return {
        "new family": reverse("families:referral_new_family"),
        "family details": reverse("families:family_edit", args=[case.family_id]),
        "family member": reverse("families:person_add", args=[case.family_id]),
        "referral details": reverse("families:case_edit", args=[case.pk]),
        "decision": reverse("families:decision_add", args=[case.pk]),
        "contact": reverse("families:contact_add", args=[case.pk]),
        "case event": reverse("families:case_event_add", args=[case.pk]),
        "agency": reverse("families:agency_add", args=[case.pk]),
        "assessment summary": reverse("assessments:edit_summary", args=[case.pk, assessment.pk]),
        "assessment domain": reverse(
            "assessments:edit_domain", args=[case.pk, assessment.pk, row.pk]
        ),
        "identified need": reverse("assessments:add_need", args=[case.pk, assessment.pk]),
        "plan goal": reverse("plans:add_goal", args=[case.pk, plan.pk]),
        "contingency": reverse("plans:add_contingency", args=[case.pk, plan.pk]),
    }


@pytest.fixture
def pages(world, signed_in):
    return signed_in(world.key_worker), form_urls(world)


def post_hostile(client, url: str, text: str):
    page = client.get(url)
    assert page.status_code == 200, url
    data = fill(
        main_form(page.content.decode()),
        text,
        day=timezone.localdate() - datetime.timedelta(days=1),
    )
    return client.post(url, data)


def assert_rendered_safely(response, text: str):
    body = response.content.decode()
    assert response.status_code < 500
    if SCRIPT in text:
        assert SCRIPT not in body, "stored markup was rendered unescaped"


@pytest.mark.parametrize(
    "form_name",
    [
        "new family",
        "family details",
        "family member",
        "referral details",
        "decision",
        "contact",
        "case event",
        "agency",
        "assessment summary",
        "assessment domain",
        "identified need",
        "plan goal",
        "contingency",
    ],
)
def test_hostile_text_never_breaks_a_form_or_renders_as_markup(pages, form_name):
    client, urls = pages

    @PROPERTY
    @given(text=hostile_text)
    def check(text):
        response = post_hostile(client, urls[form_name], text)
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code in (200, 400):
            # Refused: the page says why, in the error summary.
            assert "There is a problem" in response.content.decode()
            assert_rendered_safely(response, text)
        else:
            # Saved: wherever it shows, it shows as text.
            shown = client.get(response["Location"])
            assert_rendered_safely(shown, text)

    check()


def test_a_null_byte_is_refused_with_a_message_not_a_database_error(pages):
    client, urls = pages
    response = post_hostile(client, urls["contact"], "null\x00byte")
    assert response.status_code in (200, 400)
    assert "Null characters are not allowed" in response.content.decode()


def test_a_very_long_name_is_refused_with_a_message(pages):
    client, urls = pages
    response = post_hostile(client, urls["family details"], "x" * 5000)
    assert response.status_code in (200, 400)
    assert "must be 120 characters or fewer" in response.content.decode()

"""The read-only API's service accounts and their tokens, scope, access log, pages and filters."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from api.models import ServiceAccount
from api.services import create_service_account
from edgecare.models import AccessLog, User
from managers.forms import OutcomeFilterForm
from managers.outcome_cache import report_for
from managers.outcome_exports import case_rows, figure_rows
from staff.services import inactive_accounts
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _account(world, scope="team", **kwargs):
    placement = {"team": world.team} if scope == "team" else {}
    if scope == "service":
        placement = {"service": world.service}
    return create_service_account(
        by=world.administrator,
        name=kwargs.pop("name", "Performance team Power BI"),
        scope=scope,
        expires_on=kwargs.pop("expires_on", timezone.localdate() + datetime.timedelta(days=90)),
        **placement,
    )


def _api(token: str | None) -> Client:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client(**headers)


# Tokens ------------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_sha256_digest(world):
    account, token = _account(world)
    account.refresh_from_db()
    assert account.token_digest == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in ServiceAccount.objects.filter(pk=account.pk).values().get().values()]
    assert token not in stored
    assert len(token) >= 40  # 256 random bits


def test_the_token_is_shown_on_the_creation_page_once_and_never_on_the_list(world, signed_in):
    client = signed_in(world.administrator)
    response = client.post(
        "/staff/service-accounts/add/",
        {
            "name": "Warehouse feed",
            "scope": "organisation",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    account = ServiceAccount.objects.get(name="Warehouse feed")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/service-accounts/{account.pk}/created/"
    shown = client.get(response["Location"])
    assert shown["Cache-Control"] == "no-store"
    token = shown.context["token"]
    assert token.encode() in shown.content
    assert account.token_digest == hashlib.sha256(token.encode()).hexdigest()
    again = client.get(response["Location"])
    assert token.encode() not in again.content
    assert b"cannot be shown again" in again.content
    listing = client.get("/staff/service-accounts/")
    assert b"Warehouse feed" in listing.content
    assert token.encode() not in listing.content
    assert _api(token).get("/api/v1/cases/").status_code == 200


@pytest.mark.parametrize("token", [None, "not-a-token", "revoked", "expired"])
def test_a_missing_wrong_revoked_or_expired_token_is_refused_with_401(world, token):
    account, good = _account(world)
    if token == "revoked":
        account.revoke(by=world.administrator)
        token = good
    elif token == "expired":
        ServiceAccount.objects.filter(pk=account.pk).update(
            expires_on=timezone.localdate() - datetime.timedelta(days=1)
        )
        token = good
    response = _api(token).get("/api/v1/cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert world.case.family.family_name.encode() not in response.content


def test_a_token_works_on_its_last_day_and_its_use_is_recorded(world):
    account, token = _account(world, expires_on=timezone.localdate())
    assert _api(token).get("/api/v1/cases/").status_code == 200
    account.refresh_from_db()
    assert account.last_used_at is not None


def test_a_signed_in_member_of_staff_gets_401_from_the_api_never_case_data(world, signed_in):
    client = signed_in(world.service_manager)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert world.case.reference.encode() not in response.content


def test_a_service_account_can_never_sign_in_to_the_pages(world, client):
    account, _token = _account(world)
    user = account.user
    assert not user.has_usable_password()
    assert user.email == ""
    # Even if someone gave it a password, the sign-in refuses a service account.
    user.set_password("a long enough passphrase 123")
    user.save()
    response = client.post(
        "/accounts/login/",
        {"username": user.username, "password": "a long enough passphrase 123"},
    )
    assert response.status_code == 200  # the sign-in form again, with its error
    assert "_auth_user_id" not in client.session


def test_revoking_keeps_the_account_with_who_and_when(world, signed_in):
    account, token = _account(world)
    client = signed_in(world.administrator)
    assert client.get(f"/staff/service-accounts/{account.pk}/revoke/").status_code == 200
    response = client.post(f"/staff/service-accounts/{account.pk}/revoke/")
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.revoked_by == world.administrator
    assert account.revoked_at is not None
    assert _api(token).get("/api/v1/cases/").status_code == 401
    with pytest.raises(PermissionError):
        account.delete()


def test_another_organisations_administrator_cannot_see_or_revoke_the_account(world, signed_in):
    account, _token = _account(world)
    other_admin = User.objects.create(
        username="otheradmin",
        organisation=world.other_org_case.family.organisation,
        role=User.Role.ADMINISTRATOR,
    )
    client = signed_in(other_admin)
    assert account.name.encode() not in client.get("/staff/service-accounts/").content
    assert client.post(f"/staff/service-accounts/{account.pk}/revoke/").status_code == 404
    account.refresh_from_db()
    assert account.revoked_at is None


def test_practitioners_may_not_manage_service_accounts(world, signed_in):
    client = signed_in(world.service_manager)
    assert client.get("/staff/service-accounts/").status_code == 403
    assert client.get("/staff/service-accounts/add/").status_code == 403


def test_creating_without_a_team_for_a_team_scope_is_a_clear_form_error(world, signed_in):
    client = signed_in(world.administrator)
    response = client.post(
        "/staff/service-accounts/add/",
        {"name": "Feed", "scope": "team", "expires_on": "2000-01-01"},
    )
    assert response.status_code == 400
    assert b"Choose the team it may read" in response.content
    assert b"must be today or later" in response.content
    assert b'value="Feed"' in response.content
    assert not ServiceAccount.objects.exists()


def test_a_service_account_is_not_staff_and_never_deactivated_as_unused(world, signed_in):
    account, _token = _account(world)
    client = signed_in(world.administrator)
    staff_list = client.get("/staff/").content
    assert account.user.username.encode() not in staff_list
    assert b'href="/staff/service-accounts/"' in staff_list
    assert client.get(f"/staff/{account.user.pk}/").status_code == 404
    far = timezone.now() + datetime.timedelta(days=3650)
    assert account.user not in inactive_accounts(now=far)


# Scope and the access log -------------------------------------------------------------------


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_team_account_lists_only_its_teams_cases(world):
    _account_, token = _account(world, scope="team")
    assert _ids(_api(token).get("/api/v1/cases/")) == {world.case.pk}


def test_a_service_account_scoped_to_a_service_lists_that_services_cases(world):
    _account_, token = _account(world, scope="service")
    assert _ids(_api(token).get("/api/v1/cases/")) == {world.case.pk, world.other_team_case.pk}


def test_an_organisation_account_lists_every_case_of_its_organisation_and_no_other(world):
    _account_, token = _account(world, scope="organisation")
    assert _ids(_api(token).get("/api/v1/cases/")) == {
        world.case.pk,
        world.other_team_case.pk,
        world.other_service_case.pk,
    }


def test_a_case_summary_has_no_free_text_about_the_family(world):
    _account_, token = _account(world)
    row = _api(token).get(f"/api/v1/cases/{world.case.pk}/").json()
    assert row["reference"] == world.case.reference
    assert row["team"] == {"id": world.team.pk, "name": world.team.name}
    assert row["lead_professional"] == world.key_worker.get_full_name()
    text = str(row)
    assert world.case.presenting_concerns not in text
    assert world.case.family.family_name not in text


@pytest.mark.parametrize("other", ["other_team_case", "other_org_case"])
def test_a_case_out_of_scope_is_404_and_the_refusal_is_logged(world, other):
    account, token = _account(world)
    case = getattr(world, other)
    response = _api(token).get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 404
    assert case.family.family_name.encode() not in response.content
    assert AccessLog.objects.filter(
        user=account.user, action="refused", case_id=case.pk, record_type="case"
    ).exists()


def test_an_id_too_large_for_any_case_is_404_not_an_error(world):
    _account_, token = _account(world)
    assert _api(token).get(f"/api/v1/cases/{2**70}/").status_code == 404


def test_every_read_of_case_data_is_logged_against_the_service_account(world):
    account, token = _account(world)
    api = _api(token)
    api.get("/api/v1/cases/")
    api.get(f"/api/v1/cases/{world.case.pk}/")
    api.get("/api/v1/outcome-report/")
    api.get("/api/v1/anonymised-case-rows/")
    rows = list(
        AccessLog.objects.filter(user=account.user)
        .order_by("at", "pk")
        .values_list("action", "record_type", "case_id")
    )
    assert rows == [
        ("view", "case", None),
        ("view", "case", world.case.pk),
        ("view", "outcome-report", None),
        ("export", "outcome-report", None),
    ]
    assert all(
        log.organisation_id == world.org.pk for log in AccessLog.objects.filter(user=account.user)
    )


# Pagination and filters ---------------------------------------------------------------------


def test_cases_are_paginated_with_limit_and_offset(world):
    for _ in range(4):
        CaseFactory(team=world.team)
    _account_, token = _account(world)
    first = _api(token).get("/api/v1/cases/?limit=2").json()
    second = _api(token).get("/api/v1/cases/?limit=2&offset=2").json()
    third = _api(token).get("/api/v1/cases/?limit=2&offset=4").json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert "offset=2" in first["next"]
    ids = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(set(ids)) == 5


def test_the_case_lists_query_count_does_not_grow_with_its_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _account_, token = _account(world)
    api = _api(token)
    api.get("/api/v1/cases/")  # the token's first use is recorded once (last_used_at)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/cases/?limit=100").status_code == 200
        return len(captured)

    for _ in range(4):
        CaseFactory(team=world.team)
    five = queries()
    for _ in range(45):
        CaseFactory(team=world.team)
    assert queries() == five


def test_cases_are_filtered_by_referral_date_team_and_status(world):
    old = CaseFactory(team=world.team, referral_date=datetime.date(2020, 1, 10))
    _account_, token = _account(world, scope="service")
    api = _api(token)
    assert _ids(api.get("/api/v1/cases/?referred_to=2020-12-31")) == {old.pk}
    assert old.pk not in _ids(api.get("/api/v1/cases/?referred_from=2021-01-01"))
    assert _ids(api.get(f"/api/v1/cases/?team={world.other_team.pk}")) == {world.other_team_case.pk}
    assert _ids(api.get("/api/v1/cases/?status=closed")) == set()


@pytest.mark.parametrize(
    "query",
    ["referred_from=yesterday", "referred_from=2024-02-01&referred_to=2024-01-01", "status=lost"],
)
def test_a_bad_filter_is_a_400_naming_the_filter(world, query):
    _account_, token = _account(world)
    response = _api(token).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    name = query.split("=")[0] if "referred_to" not in query else "referred_to"
    assert name in response.json()


def test_a_team_outside_the_scope_is_refused_as_a_filter_not_listed(world):
    _account_, token = _account(world)
    other_org_team = world.other_org_case.team_id
    for url in (
        f"/api/v1/cases/?team={other_org_team}",
        f"/api/v1/outcome-report/?team={world.other_team.pk}",
    ):
        response = _api(token).get(url)
        assert response.status_code == 400
        assert "team" in response.json()


# The outcome report's figures and the anonymised rows ------------------------------------------


def test_the_outcome_figures_are_the_managers_report_for_the_same_scope_and_filters(world):
    account, token = _account(world, scope="service")
    since = (timezone.localdate() - datetime.timedelta(days=200)).isoformat()
    body = _api(token).get(f"/api/v1/outcome-report/?date_from={since}&team={world.team.pk}")
    body = body.json()
    form = OutcomeFilterForm({"date_from": since, "team": str(world.team.pk)}, user=account.user)
    assert form.is_valid()
    expected = figure_rows(report_for(account.user, form.report_filters()))
    assert [(f["section"], f["measure"]) for f in body["figures"]] == [
        (r[0], r[1]) for r in expected
    ]
    referrals = next(f for f in body["figures"] if f["measure"] == "Referrals received")
    assert referrals["value"] == "1"  # the team's one case, not the other team's
    assert body["date_from"] == since


def test_the_outcome_figures_count_nothing_out_of_scope(world):
    _account_, token = _account(world, scope="organisation")
    body = _api(token).get("/api/v1/outcome-report/").json()
    referrals = next(f for f in body["figures"] if f["measure"] == "Referrals received")
    assert referrals["value"] == "3"  # the organisation's three cases; not the other council's


def test_the_anonymised_rows_are_the_csv_exports_rows(world):
    account, token = _account(world, scope="service")
    body = _api(token).get("/api/v1/anonymised-case-rows/").json()
    header, rows = case_rows(
        report_for(
            account.user, OutcomeFilterForm({}, user=account.user).report_filters(), with_cases=True
        )
    )
    assert body["columns"] == header
    assert body["count"] == len(rows) == 2
    assert {r["row_id"] for r in body["results"]} == {row[0] for row in rows}
    assert world.case.reference not in str(body)


def test_the_framework_and_reference_lists_answer_in_scope(world):
    _account_, token = _account(world)
    api = _api(token)
    framework = api.get("/api/v1/outcome-framework/")
    assert framework.status_code == 200
    assert framework.json()["score_range"] == [0, 10]
    lists = api.get("/api/v1/reference-lists/").json()
    assert [t["id"] for t in lists["teams"]] == [world.team.pk]
    assert {"value": "closed", "label": "Closed"} in lists["case_statuses"]


# Throttling ------------------------------------------------------------------------------------


@override_settings(API_THROTTLE_RATE="2/minute")
def test_requests_past_the_rate_are_refused_with_429(world):
    _account_, token = _account(world)
    api = _api(token)
    assert [api.get("/api/v1/reference-lists/").status_code for _ in range(3)] == [200, 200, 429]

"""Signing in with the council's own account, against a real OpenID Provider on 127.0.0.1.

The provider is npm's `oidc-provider` (tests/oidc_provider), started once for these tests. Each
sign-in goes the whole way: discovery, the authorisation request with PKCE and a nonce, the
provider's sign-in page, the callback, the token request and the ID token's checks.
"""

from __future__ import annotations

import base64
import json
import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import jwt
import pytest
import requests
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc.utils import generate_code_challenge

from edgecare import oidc
from edgecare.models import User
from tests.factories import TEST_PASSWORD, UserFactory
from tests.oidc_provider.server import PASSWORD, running_provider

pytestmark = pytest.mark.django_db

APP = "http://testserver"
CALLBACK = f"{APP}/accounts/sign-in/council/callback/"
WORKER = "casey.worker@fernbridge.example"
WORKER_SUBJECT = "0f1c2d3e-worker"


@pytest.fixture(scope="module")
def provider_process():
    with running_provider([APP]) as running:
        yield running


@pytest.fixture
def council(provider_process, settings):
    for name, value in provider_process.settings().items():
        setattr(settings, name, value)
    oidc.forget_provider()
    # The provider runs on the machine's real clock, not the test run's noon (tests/conftest.py):
    # tokens and its cookies are timed by it, so these tests do too.
    with time_machine.travel(time_machine.escape_hatch.time.time(), tick=True):
        yield provider_process
    oidc.forget_provider()


def at_provider(url: str, email: str, password: str = PASSWORD) -> requests.Response:
    """A browser at the provider: follows its redirects, fills in its sign-in page, and stops
    at the first answer that is not a redirect within the provider (the way back to the app is
    returned as that redirect)."""
    browser = requests.Session()
    return _follow(browser, url, email, password)


def _follow(browser, url, email, password):
    for _ in range(10):
        response = browser.get(url, allow_redirects=False)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if url.startswith(APP):
                return response
            continue
        if response.status_code == 200 and "/interaction/" in url:
            response = browser.post(
                f"{url}/login", data={"email": email, "password": password}, allow_redirects=False
            )
            if response.status_code not in (302, 303):
                return response
            url = urljoin(url, response.headers["Location"])
            continue
        return response
    raise AssertionError("the provider kept redirecting")


def back_at_app(response: requests.Response) -> str:
    location = response.headers["Location"]
    assert location.startswith(CALLBACK), location
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def sign_in_with_council(client, email: str = WORKER):
    start = client.get(reverse("oidc_sign_in"))
    assert start.status_code == 302
    return client.get(back_at_app(at_provider(start["Location"], email)))


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def member(world, email=WORKER, **fields) -> User:
    return UserFactory(team=world.team, email=email, username=email.split("@")[0], **fields)


# Discovery and the request ----------------------------------------------------------------------


def test_the_provider_is_found_from_its_issuer_alone(council):
    found = oidc.provider()
    assert found.issuer == council.issuer
    assert found.token_endpoint.startswith(council.issuer)
    assert found.end_session_endpoint


def test_the_sign_in_request_carries_pkce_a_nonce_and_a_state(client, council):
    start = client.get(reverse("oidc_sign_in"))
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(f"{council.issuer}/auth")
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["nonce"][0]
    assert query["state"][0]
    assert query["redirect_uri"] == [CALLBACK]


def test_the_sign_in_page_offers_the_council_account(client, council):
    response = client.get(reverse("login"))
    assert "Sign in with Fernbridge account" in response.content.decode()


# Who gets in ------------------------------------------------------------------------------------


def test_a_member_of_staff_signs_in_with_their_council_account(client, world, council):
    person = member(world)
    response = sign_in_with_council(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    person.refresh_from_db()
    assert person.identity_subject == WORKER_SUBJECT
    assert person.last_sign_in_method == User.SignInMethod.PROVIDER
    assert person.last_login is not None


def test_after_the_first_sign_in_the_account_is_found_by_its_subject_not_its_email(
    client, world, council
):
    person = member(world, email="casey.old.address@fernbridge.example")
    person.identity_subject = WORKER_SUBJECT
    person.save()
    # Someone else now has the address the provider sends: they are not the one signed in.
    member(world, email=WORKER)
    sign_in_with_council(client)
    assert int(signed_in_user_id(client)) == person.pk


def test_an_account_linked_to_another_identity_is_not_taken_over_by_email(client, world, council):
    person = member(world)
    person.identity_subject = "someone-else-entirely"
    person.save()
    response = sign_in_with_council(client)
    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_someone_the_service_does_not_know_is_refused_and_nobody_is_created(
    client, world, council, caplog
):
    before = User.objects.count()
    response = sign_in_with_council(client, "sam.stranger@elsewhere.example")
    assert response.status_code == 403
    assert "not set up for this service" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert User.objects.count() == before
    assert "eyJ" not in caplog.text  # no token, header or payload in the log


def test_a_deactivated_member_is_refused(client, world, council):
    member(world, is_active=False)
    response = sign_in_with_council(client)
    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_an_account_disabled_at_the_provider_cannot_sign_in(client, world, council):
    member(world, email="lee.leaver@fernbridge.example")
    start = client.get(reverse("oidc_sign_in"))
    answer = at_provider(start["Location"], "lee.leaver@fernbridge.example")
    assert answer.status_code == 403  # the provider's own refusal: no code comes back
    assert signed_in_user_id(client) is None


def test_a_deactivated_members_open_session_ends_at_their_next_request(client, world, council):
    person = member(world)
    sign_in_with_council(client)
    User.objects.filter(pk=person.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Two-factor -------------------------------------------------------------------------------------


def test_a_manager_whose_provider_asked_for_a_second_factor_is_not_asked_again(
    client, world, council
):
    member(world, email="morgan.manager@fernbridge.example", role=User.Role.TEAM_MANAGER)
    sign_in_with_council(client, "morgan.manager@fernbridge.example")
    assert client.get(reverse("home")).status_code == 200


def test_a_manager_signed_in_without_a_second_factor_still_gives_their_code(client, world, council):
    member(world, email="riley.manager@fernbridge.example", role=User.Role.TEAM_MANAGER)
    sign_in_with_council(client, "riley.manager@fernbridge.example")
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


# Bad callbacks ----------------------------------------------------------------------------------


def test_a_callback_with_a_state_this_browser_never_sent_is_refused(client, world, council):
    member(world)
    start = client.get(reverse("oidc_sign_in"))
    callback = back_at_app(at_provider(start["Location"], WORKER))
    forged = callback.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_a_replayed_callback_is_refused(client, world, council, django_user_model):
    member(world)
    start = client.get(reverse("oidc_sign_in"))
    callback = back_at_app(at_provider(start["Location"], WORKER))
    assert client.get(callback).status_code == 302
    client.post(reverse("logout"))
    assert client.get(callback).status_code == 400
    assert signed_in_user_id(client) is None


def test_a_used_code_sent_with_a_fresh_state_is_refused_by_the_provider(client, world, council):
    member(world)
    start = client.get(reverse("oidc_sign_in"))
    used = parse_qs(urlsplit(back_at_app(at_provider(start["Location"], WORKER))).query)
    client.get(f"{reverse('oidc_callback')}?{urlencode({k: v[0] for k, v in used.items()})}")
    client.post(reverse("logout"))
    fresh_state = parse_qs(urlsplit(client.get(reverse("oidc_sign_in"))["Location"]).query)
    response = client.get(
        f"{reverse('oidc_callback')}?"
        + urlencode({"code": used["code"][0], "state": fresh_state["state"][0]})
    )
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_a_provider_error_on_the_callback_is_refused(client, council):
    state = parse_qs(urlsplit(client.get(reverse("oidc_sign_in"))["Location"]).query)["state"]
    response = client.get(f"{reverse('oidc_callback')}?error=access_denied&state={state[0]}")
    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_a_callback_with_no_code_or_state_is_refused(client, council):
    assert client.get(reverse("oidc_callback")).status_code == 400
    assert client.get(f"{reverse('oidc_callback')}?code=abc&state=").status_code == 400


def test_an_unreachable_provider_gets_a_page_not_an_error(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID = "edgecare-test"
    oidc.forget_provider()
    response = client.get(reverse("oidc_sign_in"))
    assert response.status_code == 503
    assert "cannot be reached" in response.content.decode()
    oidc.forget_provider()


def test_without_a_provider_configured_its_pages_do_not_exist(client, settings):
    settings.OIDC_ISSUER = ""
    assert client.get(reverse("oidc_sign_in")).status_code == 404
    assert client.get(reverse("oidc_callback")).status_code == 404


# The ID token's checks, on real tokens from the provider ----------------------------------------


@pytest.fixture
def real_token(council):
    """An ID token the provider issued for this test's own client-side code exchange."""
    verifier = secrets.token_urlsafe(48)
    nonce = secrets.token_urlsafe(16)
    found = oidc.provider()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": council.client_id,
            "redirect_uri": CALLBACK,
            "scope": "openid email",
            "state": "s",
            "nonce": nonce,
            "code_challenge": generate_code_challenge(verifier, "S256"),
            "code_challenge_method": "S256",
        }
    )
    back = at_provider(f"{found.authorization_endpoint}?{query}", WORKER)
    code = parse_qs(urlsplit(back.headers["Location"]).query)["code"][0]
    tokens = requests.post(
        found.token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": council.client_id,
            "client_secret": council.client_secret,
            "code_verifier": verifier,
        },
        timeout=10,
    ).json()
    return tokens["id_token"], nonce


def checked(token, nonce):
    backend = oidc.ProviderBackend()
    backend._use(oidc.provider())
    return backend.verify_token(token, nonce=nonce)


def test_a_real_token_passes_every_check(real_token):
    token, nonce = real_token
    assert checked(token, nonce)["sub"] == WORKER_SUBJECT


def test_a_token_with_a_changed_payload_is_refused(real_token):
    token, nonce = real_token
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(oidc.TokenRejected):
        checked(f"{header}.{forged}.{signature}", nonce)


def test_an_unsigned_token_is_refused(real_token):
    token, nonce = real_token
    claims = jwt.decode(token, options={"verify_signature": False})
    with pytest.raises(oidc.TokenRejected):
        checked(jwt.encode(claims, None, algorithm="none"), nonce)


def test_a_token_signed_with_a_key_that_is_not_the_providers_is_refused(real_token):
    token, nonce = real_token
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    from cryptography.hazmat.primitives.asymmetric import rsa

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(oidc.TokenRejected):
        checked(jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": kid}), nonce)


def test_a_token_for_another_application_is_refused(real_token, settings):
    token, nonce = real_token
    settings.OIDC_RP_CLIENT_ID = "another-application"
    with pytest.raises(oidc.TokenRejected):
        checked(token, nonce)


def test_a_token_from_another_issuer_is_refused(real_token):
    token, nonce = real_token
    backend = oidc.ProviderBackend()
    found = oidc.provider()
    backend._use(oidc.Provider(**{**found.__dict__, "issuer": "https://login.example/other"}))
    with pytest.raises(oidc.TokenRejected):
        backend.verify_token(token, nonce=nonce)


def test_an_expired_token_is_refused(real_token):
    token, nonce = real_token
    with (
        time_machine.travel(timezone.now() + timedelta(hours=2)),
        pytest.raises(oidc.TokenRejected),
    ):
        checked(token, nonce)


def test_a_token_with_another_sign_ins_nonce_is_refused(real_token):
    token, _nonce = real_token
    with pytest.raises(oidc.TokenRejected):
        checked(token, "another-nonce")


# Role and team from the provider, sign-out, password sign-in turned off -------------------------


def test_role_and_team_follow_the_providers_claims_when_the_council_maps_them(
    client, world, council, settings
):
    person = member(world, email="jo.mapped@fernbridge.example")
    settings.OIDC_ROLE_MAP = {"EdgeCare.TeamManager": User.Role.TEAM_MANAGER}
    settings.OIDC_TEAM_MAP = {"team-north-group": world.other_team.pk}
    sign_in_with_council(client, "jo.mapped@fernbridge.example")
    person.refresh_from_db()
    assert person.role == User.Role.TEAM_MANAGER
    assert person.team == world.other_team
    assert person.history.first().history_change_reason.startswith("Linked")


def test_without_a_mapping_the_providers_claims_change_nothing(client, world, council):
    person = member(world, email="jo.mapped@fernbridge.example")
    sign_in_with_council(client, "jo.mapped@fernbridge.example")
    person.refresh_from_db()
    assert person.role == User.Role.KEY_WORKER
    assert person.team == world.team


def test_signing_out_ends_the_providers_session_too(client, world, council):
    member(world)
    browser = requests.Session()
    start = client.get(reverse("oidc_sign_in"))
    client.get(back_at_app(_follow(browser, start["Location"], WORKER, PASSWORD)))
    response = client.post(reverse("logout"))
    assert signed_in_user_id(client) is None
    end_session = urlsplit(response["Location"])
    assert response["Location"].startswith(oidc.provider().end_session_endpoint)
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == [f"{APP}/accounts/login/"]
    assert query["id_token_hint"][0].count(".") == 2
    # The provider asks the browser to confirm, then sends it back to the sign-in page.
    confirm = browser.get(response["Location"])
    assert confirm.status_code == 200
    xsrf = confirm.text.split('name="xsrf" value="')[1].split('"')[0]
    done = browser.post(
        urljoin(response["Location"], "/session/end/confirm"),
        data={"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False,
    )
    assert done.headers["Location"].startswith(f"{APP}/accounts/login/")
    # Signing in again asks for the password at the provider: its session has ended.
    again = client.get(reverse("oidc_sign_in"))
    page = browser.get(again["Location"], allow_redirects=True)
    assert 'name="password"' in page.text


def test_password_sign_in_turned_off_lets_only_the_break_glass_administrator_in(
    client, world, settings
):
    settings.PASSWORD_SIGN_IN = False
    settings.BREAK_GLASS_USERNAMES = ["admin1"]
    refused = client.post(reverse("login"), {"username": "kw", "password": TEST_PASSWORD})
    assert refused.status_code == 200  # the form again, with its error
    assert signed_in_user_id(client) is None
    allowed = client.post(reverse("login"), {"username": "admin1", "password": TEST_PASSWORD})
    assert allowed.status_code == 302
    # The break-glass administrator still gives their authenticator code.
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))
    world.administrator.refresh_from_db()
    assert world.administrator.last_sign_in_method == User.SignInMethod.PASSWORD

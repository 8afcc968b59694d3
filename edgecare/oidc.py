"""Signing in with the council's own identity provider: OpenID Connect (Microsoft Entra ID).

mozilla-django-oidc does the protocol (the authorisation code flow with PKCE and a nonce, the
token request, the signature check against the provider's published keys). This module adds
what a council needs on top:

- the provider's endpoints come from its discovery document (`OIDC_ISSUER` is all one sets);
- the ID token is checked in full: signature, algorithm, issuer, audience (and `azp` when there
  are several), expiry, issue time, nonce; anything else is refused;
- nobody registers themselves: an administrator creates the member of staff as now, and their
  first sign-in links the account by the provider's stable id (`OIDC_SUBJECT_CLAIM`), matching
  on e-mail that once only; a deactivated account, or a person the app does not know, is
  refused;
- a token whose `amr` says the provider asked for a second factor spares the person the app's
  own (edgecare.two_factor), otherwise managers still give their authenticator code;
- optional role and team from the token's claims (off unless OIDC_ROLE_MAP / OIDC_TEAM_MAP);
- signing out ends the provider's session too, where it publishes an end-session endpoint.

A refused callback is a 4xx page; the log says why in a word, never a token, code or claim.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from edgecare.models import Team, User
from edgecare.sign_in import PROVIDER_BACKEND, provider_configured
from edgecare.two_factor import PROVIDER_MFA_SESSION_KEY

log = logging.getLogger("edgecare.oidc")

# The ID token, kept (server-side) as the hint the provider's end-session endpoint asks for.
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 - a session key's name, not a secret
# mozilla-django-oidc's own names: pending sign-ins by state, and where to go afterwards.
STATES_SESSION_KEY = "oidc_states"
NEXT_SESSION_KEY = "oidc_login_next"
# Seconds of clock difference tolerated between the provider and this server.
CLOCK_LEEWAY_SECONDS = 60


class ProviderUnavailable(Exception):
    """The provider could not be reached, or its discovery document is not one to trust."""


class TokenRejected(Exception):
    """The ID token failed a check. The message is the check's name, never the token."""


class SignInRefused(Exception):
    """A valid token for someone who may not sign in (unknown, deactivated, ambiguous)."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None


configured = provider_configured


_discovered: dict[str, tuple[float, Provider]] = {}
_discovery_lock = threading.Lock()


def provider() -> Provider:
    """The provider's endpoints from `<issuer>/.well-known/openid-configuration`, fetched once
    an OIDC_DISCOVERY_SECONDS (keys and endpoints rarely move; a rotation is picked up)."""
    issuer = settings.OIDC_ISSUER
    if not configured():
        raise ProviderUnavailable("not configured")
    with _discovery_lock:
        cached = _discovered.get(issuer)
        if cached and time.monotonic() - cached[0] < settings.OIDC_DISCOVERY_SECONDS:
            return cached[1]
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
            found = Provider(
                issuer=document["issuer"],
                authorization_endpoint=document["authorization_endpoint"],
                token_endpoint=document["token_endpoint"],
                jwks_uri=document["jwks_uri"],
                end_session_endpoint=document.get("end_session_endpoint"),
            )
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            raise ProviderUnavailable(f"discovery failed: {type(exc).__name__}") from None
        # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer it was fetched
        # for, or tokens "from" it could come from anyone.
        if found.issuer.rstrip("/") != issuer:
            raise ProviderUnavailable("discovery document names another issuer")
        _discovered[issuer] = (time.monotonic(), found)
        return found


def forget_provider() -> None:
    """Fetch the discovery document afresh next time (a changed issuer, a test)."""
    with _discovery_lock:
        _discovered.clear()


class ProviderBackend(OIDCAuthenticationBackend):
    """The authentication backend for the provider's callback. In AUTHENTICATION_BACKENDS so
    sessions it began are recognised; it answers only `provider_callback=True`, so a password
    sign-in passes straight by without reaching the provider."""

    def __init__(self, *args, **kwargs):
        # mozilla-django-oidc reads fixed endpoints from settings here; ours come from
        # discovery, and only when a callback needs them.
        self.UserModel = User
        self.id_token: str | None = None

    def _use(self, endpoints: Provider) -> None:
        self.provider = endpoints
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks_uri
        self.OIDC_OP_USER_ENDPOINT = None
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, provider_callback=False, **kwargs):
        if not provider_callback or request is None:
            return None
        self._use(provider())
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        # As Django's ModelBackend: a deactivated account's open session ends at its next request.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    # -- the ID token --------------------------------------------------------------------------

    def verify_token(self, token, **kwargs):
        if not token or not isinstance(token, str):
            raise TokenRejected("no ID token")
        try:
            return super().verify_token(token, **kwargs)
        except TokenRejected:
            raise
        except SuspiciousOperation as exc:
            # mozilla-django-oidc's own refusals: nonce, algorithm, no matching key.
            raise TokenRejected(_plain_reason(str(exc))) from None
        except (jwt.PyJWTError, KeyError, ValueError, TypeError) as exc:
            raise TokenRejected(type(exc).__name__) from None

    def _verify_jws(self, payload, key):
        """The signature with the provider's key, then every claim OpenID Connect Core 3.1.3.7
        asks a client to check. mozilla-django-oidc checks neither issuer nor audience."""
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise TokenRejected("unexpected algorithm")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.provider.issuer,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise TokenRejected(type(exc).__name__) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise TokenRejected("InvalidAuthorizedParty")
        return claims

    def store_tokens(self, access_token, id_token):
        # Kept on the backend, written to the session only after sign-in: signing in as someone
        # else replaces the session, and the hint with it.
        self.id_token = id_token

    def get_userinfo(self, access_token, id_token, payload):
        # The verified ID token carries what is needed (Entra ID's userinfo endpoint does not
        # return the object id, groups, roles or amr).
        return payload

    # -- who is signing in ---------------------------------------------------------------------

    def get_or_create_user(self, access_token, id_token, payload):
        claims = payload
        subject = claims.get(settings.OIDC_SUBJECT_CLAIM)
        if not isinstance(subject, str) or not subject:
            raise SignInRefused("no subject claim")
        with transaction.atomic():
            user = User.objects.select_for_update().filter(
                identity_subject=subject
            ).first() or self._first_sign_in(claims)
            if not user.is_active:
                log.warning("provider sign-in refused reason=deactivated user=%s", user.pk)
                raise SignInRefused("deactivated")
            changes = []
            if user.identity_subject != subject:
                user.identity_subject = subject
                changes.append("Linked to the council's sign-in")
            if _apply_claim_mapping(user, claims):
                changes.append("Role or team set from the council's sign-in")
            if changes:
                user._history_user = None
                user._change_reason = "; ".join(changes)
                user.save()
        user.provider_mfa = _second_factor_given(claims)
        return user

    def _first_sign_in(self, claims: dict) -> User:
        email = claims.get(settings.OIDC_EMAIL_CLAIM)
        if not isinstance(email, str) or "@" not in email:
            raise SignInRefused("unknown person")
        # Only accounts not yet linked: an account linked to one provider identity is never
        # taken over by another that happens to carry the same address.
        matches = list(
            User.objects.select_for_update().filter(
                email__iexact=email.strip(), identity_subject__isnull=True
            )[:2]
        )
        if len(matches) != 1:
            raise SignInRefused("unknown person" if not matches else "ambiguous e-mail")
        return matches[0]


def _plain_reason(message: str) -> str:
    return message.split(".")[0][:80]


def _claim_values(claims: dict, name: str) -> list[str]:
    value = claims.get(name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _second_factor_given(claims: dict) -> bool:
    return bool(set(_claim_values(claims, "amr")) & set(settings.OIDC_MFA_AMR_VALUES))


def _apply_claim_mapping(user: User, claims: dict) -> bool:
    """Role and team from the token, when the council maps them. Only an unambiguous answer is
    applied: a person the provider gives two roles (or two teams) keeps what they have."""
    changed = False
    if settings.OIDC_ROLE_MAP:
        roles = {
            settings.OIDC_ROLE_MAP[value]
            for value in _claim_values(claims, settings.OIDC_ROLE_CLAIM)
            if settings.OIDC_ROLE_MAP.get(value) in User.Role.values
        }
        if len(roles) == 1 and (role := roles.pop()) != user.role:
            user.role = role
            changed = True
        elif len(roles) > 1:
            log.warning("provider sign-in: several roles mapped, kept user=%s", user.pk)
    if settings.OIDC_TEAM_MAP:
        team_ids = {
            settings.OIDC_TEAM_MAP[value]
            for value in _claim_values(claims, settings.OIDC_TEAM_CLAIM)
            if value in settings.OIDC_TEAM_MAP
        }
        teams = list(
            Team.objects.filter(pk__in=team_ids, service__organisation_id=user.organisation_id)
        )
        if len(teams) == 1 and teams[0].pk != user.team_id:
            user.team = teams[0]
            changed = True
        elif len(teams) > 1:
            log.warning("provider sign-in: several teams mapped, kept user=%s", user.pk)
    if changed:
        user.keep_only_used_placement()
    return changed


# -- the pages -----------------------------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class SignInWithProvider(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge (kept in
    the session by mozilla-django-oidc)."""

    def __init__(self, *args, **kwargs):
        # The authorisation endpoint comes from discovery, per request (see get).
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider().authorization_endpoint
        except ProviderUnavailable as exc:
            log.warning("provider sign-in unavailable reason=%s", exc)
            return _refused(request, UNAVAILABLE, status=503)
        return super().get(request)


class CallbackRefused(Exception):
    def __init__(self, reason: str, status: int, message: str):
        super().__init__(reason)
        self.reason, self.status, self.message = reason, status, message


NOT_COMPLETED = (
    "Signing in with your council account did not complete. This can happen if you used the "
    "back button or waited too long. Start again."
)
NOT_ALLOWED = (
    "Your council account is not set up for this service, or has been deactivated. Ask an "
    "administrator of this service to check your staff record."
)
UNAVAILABLE = (
    "The council's sign-in service cannot be reached just now. Try again in a few minutes."
)


@login_not_required
def provider_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back with a code. Every way this can go wrong is a
    4xx page (503 if the provider cannot be reached), and nobody is signed in."""
    if not configured():
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    try:
        user, backend = _authenticate_callback(request)
    except CallbackRefused as refusal:
        log.warning("provider sign-in refused reason=%s status=%s", refusal.reason, refusal.status)
        return _refused(request, refusal.message, status=refusal.status)
    auth.login(request, user, backend=PROVIDER_BACKEND)
    request.session[PROVIDER_MFA_SESSION_KEY] = user.provider_mfa
    request.session[ID_TOKEN_SESSION_KEY] = backend.id_token
    log.info("provider sign-in user=%s mfa=%s", user.pk, user.provider_mfa)
    return redirect(request.session.pop(NEXT_SESSION_KEY, None) or settings.LOGIN_REDIRECT_URL)


def _authenticate_callback(request: HttpRequest) -> tuple[User, ProviderBackend]:
    states = request.session.get(STATES_SESSION_KEY)
    state = request.GET.get("state", "")
    pending = states.pop(state, None) if isinstance(states, dict) else None
    if pending is not None:
        # Used once, whatever happens next: a replayed callback finds no state.
        request.session.modified = True
    if request.GET.get("error"):
        raise CallbackRefused("provider returned an error", 403, NOT_COMPLETED)
    if pending is None or not request.GET.get("code"):
        raise CallbackRefused("unknown state", 400, NOT_COMPLETED)
    backend = ProviderBackend()
    try:
        user = backend.authenticate(
            request,
            provider_callback=True,
            nonce=pending.get("nonce"),
            code_verifier=pending.get("code_verifier"),
        )
    except TokenRejected as exc:
        raise CallbackRefused(f"token rejected: {exc}", 400, NOT_COMPLETED) from None
    except SignInRefused as exc:
        raise CallbackRefused(str(exc), 403, NOT_ALLOWED) from None
    except requests.HTTPError as exc:
        # The token endpoint refused the code: replayed, expired, or another client's.
        status = exc.response.status_code if exc.response is not None else None
        raise CallbackRefused(f"code refused status={status}", 400, NOT_COMPLETED) from None
    except (requests.RequestException, ProviderUnavailable, ValueError) as exc:
        raise CallbackRefused(
            f"provider unreachable: {type(exc).__name__}", 503, UNAVAILABLE
        ) from None
    if user is None:
        raise CallbackRefused("no user", 403, NOT_ALLOWED)
    return user, backend


def _refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(
        request, "registration/provider_refused.html", {"message": message}, status=status
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ends this session, then, for a provider sign-in, the provider's (RP-initiated logout),
    which sends the browser back to the sign-in page."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    auth.logout(request)
    after = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if id_token and configured():
        try:
            end_session = provider().end_session_endpoint
        except ProviderUnavailable:
            end_session = None
        if end_session:
            query = urlencode(
                {
                    "id_token_hint": id_token,
                    "post_logout_redirect_uri": request.build_absolute_uri(after),
                    "client_id": settings.OIDC_RP_CLIENT_ID,
                }
            )
            return redirect(f"{end_session}?{query}")
    return redirect(after)

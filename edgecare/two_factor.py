"""Two-factor sign-in: an authenticator app (TOTP) with single-use backup codes.

Available to all staff; required for the roles in settings.TWO_FACTOR_REQUIRED_ROLES (managers
and administrators by default). Anyone who has set it up must use it at every sign-in.

Where it is required, the first enrolment also needs a one-time enrolment code issued by an
administrator (the staff app issues and checks them, see use_enrolment_codes): otherwise
whoever learnt a manager's password first could enrol their own authenticator on the account.
"""

from __future__ import annotations

import functools

import segno
from crispy_forms_gds.layout import Field, Fixed
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django_otp import DEVICE_ID_SESSION_KEY, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from edgecare.forms import form_status, gds_helper
from edgecare.sign_in import is_break_glass

BACKUP_CODE_COUNT = 10
SETUP_DEVICE_NAME = "Authenticator app"
ENROLMENT_SESSION_KEY = "two_factor_enrolment_code"
# Set by edgecare.oidc at a provider sign-in whose token says a second factor was given.
PROVIDER_MFA_SESSION_KEY = "provider_mfa"

# Set by the staff app (StaffConfig.ready): an object with accept(user, code) -> code id or None,
# and redeem(user, code_id) -> bool. Until one is set, no enrolment code is ever accepted.
_enrolment_codes = None


def use_enrolment_codes(provider) -> None:
    global _enrolment_codes  # noqa: PLW0603 - one provider, set once at start-up
    _enrolment_codes = provider


def two_factor_required(user) -> bool:
    return (
        user.is_superuser or user.role in settings.TWO_FACTOR_REQUIRED_ROLES or is_break_glass(user)
    )


def enrolment_code_needed(user) -> bool:
    """A first authenticator on an account that must have one: an administrator's code is owed.
    Someone already verified with their own device may replace it without one."""
    return two_factor_required(user) and not user_has_device(user, confirmed=True)


def needs_verification(user, request: HttpRequest | None = None) -> bool:
    """Signed in with a password, but the second factor is still owed."""
    if not user.is_authenticated or user.is_verified():
        return False
    return two_factor_required(user) or has_confirmed_device(user, request)


# What the device lookups found, remembered in the session so a signed-in request makes none:
# {"user": pk, "version": the user's two_factor_version, "has_device": bool or absent,
# "verified": the persistent id of the device that verified this session, or absent}. Any save
# or removal of one of the user's devices bumps two_factor_version (bump_two_factor_version),
# so a memo from before the change no longer matches and the devices are looked up again.
TWO_FACTOR_MEMO_KEY = "edgecare_two_factor"


def _memo(request: HttpRequest | None, user) -> dict:
    if request is None:
        return {}
    memo = request.session.get(TWO_FACTOR_MEMO_KEY)
    if (
        isinstance(memo, dict)
        and memo.get("user") == user.pk
        and memo.get("version") == user.two_factor_version
    ):
        return memo
    return {}


def _remember(request: HttpRequest, user, **found) -> None:
    memo = {**_memo(request, user), **found, "user": user.pk, "version": user.two_factor_version}
    if request.session.get(TWO_FACTOR_MEMO_KEY) != memo:
        request.session[TWO_FACTOR_MEMO_KEY] = memo


def has_confirmed_device(user, request: HttpRequest | None = None) -> bool:
    """user_has_device(user, confirmed=True), remembered in the request's session."""
    known = _memo(request, user).get("has_device")
    if known is not None:
        return known
    found = user_has_device(user, confirmed=True)
    if request is not None:
        _remember(request, user, has_device=found)
    return found


def bump_two_factor_version(sender, instance, **kwargs) -> None:
    """A device of the user's was saved or removed: what sessions remember of them is stale."""
    from edgecare.models import User

    User.objects.filter(pk=instance.user_id).update(two_factor_version=F("two_factor_version") + 1)


def watch_devices() -> None:
    """Connected once at start-up (EdgecareConfig.ready)."""
    for model in (TOTPDevice, StaticDevice):
        post_save.connect(bump_two_factor_version, sender=model, dispatch_uid=f"2fa-{model}")
        post_delete.connect(bump_two_factor_version, sender=model, dispatch_uid=f"2fa-{model}-d")


class RememberedOTPMiddleware(OTPMiddleware):
    """django_otp's OTPMiddleware (user.otp_device, user.is_verified()), but the device that
    verified this session is looked up once, not on every request: while the user's devices are
    unchanged (two_factor_version) the session's own record of it is trusted, and the device is
    loaded only if something reads user.otp_device's fields."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if not persistent_id:
            return user
        if _memo(request, user).get("verified") == persistent_id:
            user.otp_device = SimpleLazyObject(
                functools.partial(self._device_from_persistent_id, persistent_id)
            )
            return user
        device = self._finalize_device(
            request, user, self._device_from_persistent_id(persistent_id)
        )
        user.otp_device = device
        if device is not None:
            _remember(request, user, verified=persistent_id, has_device=True)
        return user


def _verified() -> bool:
    return True


class TwoFactorMiddleware:
    """Holds a signed-in user at the two-factor pages until the second factor is given.

    Comes after RememberedOTPMiddleware (which sets user.is_verified()).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and request.session.get(PROVIDER_MFA_SESSION_KEY):
            # The council's provider asked for a second factor at this sign-in (its token's
            # `amr`, edgecare.oidc): asking again would add a step and no safety.
            user.is_verified = _verified
        if needs_verification(user, request) and not self._exempt(request.path):
            if has_confirmed_device(user, request):
                target = reverse("two_factor_verify")
            else:
                target = reverse("two_factor_setup")
            return redirect(f"{target}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = (
            reverse("two_factor_verify"),
            reverse("two_factor_setup"),
            reverse("logout"),
            reverse("healthz"),
            settings.STATIC_URL,
        )
        return path.startswith(exempt)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, submit: str = "Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("code", field_width=Fixed.TEN), submit=submit)
        # The page's own <form> carries the "next" field alongside.
        self.helper.form_tag = False

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label="Enrolment code",
        max_length=40,
        help_text="The code your administrator gave you, like ABCD-EFGH-JKLM. It works once.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the enrolment code your administrator gave you."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Posts back to the page's own address, so the "next" in its query string is kept.
        self.helper = gds_helper(
            Field.text("enrolment_code", field_width=Fixed.TWENTY), submit="Continue"
        )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    if not user_has_device(user, confirmed=True):
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _is_throttled(user)
        device = None if throttled else match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(
                    request, f"You used a backup code. You have {left} backup codes left."
                )
            return redirect(_safe_next(request))
        form.add_error(
            "code", THROTTLED if throttled else "That code is not right, or has been used."
        )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _safe_next(request)},
        status=form_status(form),
    )


THROTTLED = "Too many wrong codes in a row. Wait a minute, then enter the newest code."


def _is_throttled(user) -> bool:
    # django-otp slows guessing down after each wrong code; say so rather than look broken.
    return any(
        not device.verify_is_allowed()[0]
        for device in TOTPDevice.objects.filter(user=user, confirmed=True)
    )


def _qr_svg(url: str) -> str:
    # segno writes plain SVG paths: nothing executable, and it prints.
    return mark_safe(  # noqa: S308 - generated by segno from our own URL, not user input
        segno.make(url, error="m").svg_inline(scale=4, dark="#0b0c0c", light="#ffffff")
    )


def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan, enter a code to prove it works, keep backup codes."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect("two_factor_verify")
    code_needed = enrolment_code_needed(user)
    if code_needed and not request.session.get(ENROLMENT_SESSION_KEY):
        return _enrolment_code_step(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=SETUP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None, submit="Turn on two-factor sign-in")
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                authorised = not code_needed or _redeem_enrolment_code(request)
                if authorised:
                    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(
                        pk=device.pk
                    ).delete()
                    device.confirmed = True
                    device.save()
                    codes = _new_backup_codes(user)
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            if not authorised:
                messages.error(request, ENROLMENT_CODE_SPENT)
                return redirect(_setup_url(request))
            otp_login(request, device)
            return render(request, "registration/two_factor_codes.html", {"codes": codes})
        form.add_error(
            "code",
            "That code is not right. Check the time on your phone is correct."
            if allowed
            else THROTTLED,
        )
    secret = _base32(device.bin_key)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": two_factor_required(user),
            "next": _safe_next(request),
        },
        status=form_status(form),
    )


ENROLMENT_CODE_REFUSED = (
    "That enrolment code is not right, has been used or has expired. Check it, or ask your "
    "administrator for a new one."
)
ENROLMENT_CODE_INTRO = (
    "Your role needs two-factor sign-in. To set it up for the first time you need an enrolment "
    "code from your administrator, who issues it from your staff record. A code works once, "
    "and only for a few days after it is issued."
)
ENROLMENT_CODE_SPENT = (
    "Your enrolment code has expired or been used, so two-factor sign-in is not on yet. Ask "
    "your administrator for a new code."
)


def _enrolment_code_step(request: HttpRequest) -> HttpResponse:
    """Before the authenticator's key is shown: the code the administrator issued."""
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["enrolment_code"]
        code_id = _enrolment_codes.accept(request.user, code) if _enrolment_codes else None
        if code_id is not None:
            # Checked now, used up only when the authenticator is confirmed: a slip while
            # scanning does not cost the person their code.
            request.session[ENROLMENT_SESSION_KEY] = code_id
            return redirect(_setup_url(request))
        form.add_error("enrolment_code", ENROLMENT_CODE_REFUSED)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": "Set up two-factor sign-in",
            "intro": ENROLMENT_CODE_INTRO,
        },
        status=form_status(form),
    )


def _setup_url(request: HttpRequest) -> str:
    return f"{reverse('two_factor_setup')}?{urlencode({'next': _safe_next(request)})}"


def _redeem_enrolment_code(request: HttpRequest) -> bool:
    code_id = request.session.get(ENROLMENT_SESSION_KEY)
    return bool(
        code_id and _enrolment_codes and _enrolment_codes.redeem(request.user, int(code_id))
    )


def _new_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    device.confirmed = True
    device.save()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")

"""Who may sign in with a password, and how each sign-in is remembered.

Once a council signs its staff in through its own identity provider (edgecare.oidc), password
sign-in is turned off (PASSWORD_SIGN_IN=false) for everyone except the named break-glass
administrator accounts (BREAK_GLASS_USERNAMES): the way in when the provider itself is down.
They keep their authenticator app, as every administrator must (TWO_FACTOR_REQUIRED_ROLES).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils.decorators import method_decorator

from edgecare.forms import SignInForm
from edgecare.models import User

PROVIDER_BACKEND = "edgecare.oidc.ProviderBackend"


def provider_configured() -> bool:
    """Sign-in through the council's identity provider is offered (edgecare.oidc)."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def is_break_glass(user) -> bool:
    return user.username in settings.BREAK_GLASS_USERNAMES and (
        user.is_superuser or user.role == User.Role.ADMINISTRATOR
    )


def uses_password(user) -> bool:
    """Whether this account signs in with a password (and so needs a set-up link)."""
    return settings.PASSWORD_SIGN_IN or is_break_glass(user)


class PasswordPolicyBackend(BaseBackend):
    """Listed before Django's ModelBackend: a password attempt for an account that may not use
    one raises PermissionDenied, which ends Django's authenticate() there, refused, without the
    password being checked (the person sees the usual "not right" message)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is not None and user.is_service_account:
            # An API service account has no password (unusable); refused here as well, so no
            # later change to its password can ever open the pages to it.
            raise PermissionDenied("a service account does not sign in")
        if settings.PASSWORD_SIGN_IN:
            return None
        if user is None or not uses_password(user):
            raise PermissionDenied("password sign-in is turned off for this account")
        return None


@receiver(user_logged_in, dispatch_uid="edgecare.sign_in.remember_method")
def remember_sign_in_method(sender, request, user, **kwargs) -> None:
    # Django's own receiver has just set last_login; this adds how, for the staff list.
    backend = request.session.get(BACKEND_SESSION_KEY) if request is not None else None
    method = (
        User.SignInMethod.PROVIDER
        if (backend or getattr(user, "backend", "")) == PROVIDER_BACKEND
        else User.SignInMethod.PASSWORD
    )
    User.objects.filter(pk=user.pk).update(last_sign_in_method=method)
    user.last_sign_in_method = method


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    """The sign-in page: the council's account first where there is one; the password form
    for everyone while PASSWORD_SIGN_IN is on, otherwise folded away for break-glass use."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider_sign_in"] = provider_configured()
        context["provider_name"] = settings.OIDC_PROVIDER_NAME
        context["password_for_everyone"] = settings.PASSWORD_SIGN_IN or not provider_configured()
        return context

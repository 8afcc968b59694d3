"""The service accounts pages for an organisation's administrators: list, create (the token is
shown once, on the page that answers the creation), and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from api import services
from api.forms import ServiceAccountForm
from api.selectors import service_account_for_user_or_404, service_accounts_for_user
from edgecare.forms import form_status


def _require_administrator(request: HttpRequest) -> None:
    if not request.user.has_perm("api.manage_service_accounts"):
        raise PermissionDenied


@require_http_methods(["GET"])
def account_list(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    accounts = service_accounts_for_user(request.user)
    return render(request, "api/account_list.html", {"accounts": accounts})


@require_http_methods(["GET", "POST"])
def account_add(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    form = ServiceAccountForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account, token = services.create_service_account(
            by=request.user,
            name=data["name"],
            scope=data["scope"],
            service=data.get("service"),
            team=data.get("team"),
            expires_on=data["expires_on"],
        )
        # Shown once, on the page this redirects to, which takes it out of the session as it
        # shows it: the token is in the administrator's server-side session for that one
        # redirect, never in a URL, a message cookie or the database's accounts.
        request.session[_token_key(account.pk)] = token
        return redirect("service_accounts:created", pk=account.pk)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": "Create a service account",
            "intro": (
                "A service account lets one of the council's systems (Power BI, a data "
                "warehouse) read the API. It reads only what its scope allows, and cannot sign "
                "in to these pages."
            ),
            "back_url": reverse("service_accounts:list"),
        },
        status=form_status(form),
    )


def _token_key(pk: int) -> str:
    return f"service-account-token:{pk}"


@require_http_methods(["GET"])
def account_created(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    account = service_account_for_user_or_404(request.user, pk)
    token = request.session.pop(_token_key(account.pk), None)
    response = render(request, "api/account_created.html", {"account": account, "token": token})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def account_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    account = service_account_for_user_or_404(request.user, pk)
    if request.method == "POST":
        services.revoke_service_account(account=account, by=request.user)
        messages.success(request, f"{account.name} has been revoked: its token no longer works.")
        return redirect("service_accounts:list")
    return render(request, "api/account_revoke.html", {"account": account})

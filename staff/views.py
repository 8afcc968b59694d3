"""Staff administration for an organisation's administrators: list, add, change, deactivate,
and issue two-factor enrolment codes. Everything goes through the scoped selectors."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from edgecare.models import User
from edgecare.paging import page_context
from edgecare.section_page import render_form_page
from edgecare.sign_in import uses_password
from edgecare.two_factor import two_factor_required
from staff import services
from staff.forms import AccountSetUpForm, StaffMemberForm
from staff.models import CODE_LIFETIME
from staff.selectors import (
    history_of,
    member_for_user_or_404,
    require_staff_administrator,
    staff_for_user,
    unused_deactivated_for_user,
)

STAFF_PER_PAGE = 50
# The most recent accounts deactivated as unused, named at the top of the staff list.
UNUSED_LISTED = 20


def _site_url(request: HttpRequest) -> str:
    # The address the administrator is using (a host ALLOWED_HOSTS accepted), unless the
    # deployment names one for e-mails.
    return getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")


@require_http_methods(["GET"])
def staff_list(request: HttpRequest) -> HttpResponse:
    require_staff_administrator(request)
    members = staff_for_user(request.user).order_by("-is_active", "first_name", "last_name")
    return render(
        request,
        "staff/staff_list.html",
        {
            **page_context(request, members, STAFF_PER_PAGE, rows_name="members"),
            "unused_deactivated": unused_deactivated_for_user(request.user)[:UNUSED_LISTED],
            "inactive_days": settings.INACTIVE_ACCOUNT_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
def staff_add(request: HttpRequest) -> HttpResponse:
    require_staff_administrator(request)
    form = StaffMemberForm(request.POST or None, instance=User(), by=request.user)
    if request.method == "POST" and form.is_valid():
        member = services.staff_member_add(
            organisation=request.user.organisation,
            member=form.save(commit=False),
            by=request.user,
            site_url=_site_url(request),
        )
        messages.success(
            request,
            f"{member} has been added. Their set-up link has been e-mailed to {member.email}."
            if uses_password(member)
            else f"{member} has been added. They sign in with {settings.OIDC_PROVIDER_NAME}.",
        )
        return redirect("staff:detail", pk=member.pk)
    back = reverse("staff:list")
    return render_form_page(request, form, title="Add a member of staff", back_url=back)


@require_http_methods(["GET"])
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_user_or_404(request, pk)
    required = two_factor_required(member)
    return render(
        request,
        "staff/staff_detail.html",
        {
            "member": member,
            "own_record": member.pk == request.user.pk,
            "two_factor_required": required,
            # Only where a code is what stands between a password and a first authenticator.
            "can_issue_code": required
            and request.user.has_perm("staff.issue_enrolment_code", member)
            and member.is_active
            and not member.has_authenticator,
            "can_change_role": request.user.has_perm("staff.change_role", member)
            and member.pk != request.user.pk,
            "history": history_of(member),
        },
    )


@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_user_or_404(request, pk)
    form = StaffMemberForm(request.POST or None, instance=member, by=request.user)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            services.staff_member_change(member=form.save(commit=False), by=request.user)
            messages.success(request, f"{member}: changes saved.")
        return redirect("staff:detail", pk=member.pk)
    back = reverse("staff:detail", kwargs={"pk": member.pk})
    return render_form_page(request, form, title=f"Change {member}", back_url=back)


def _require_someone_else(request: HttpRequest, member: User, what: str) -> None:
    if member.pk == request.user.pk or not request.user.has_perm("staff.change_role", member):
        raise PermissionDenied(f"You cannot {what} your own account: ask another administrator.")


@require_http_methods(["GET", "POST"])
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_user_or_404(request, pk)
    _require_someone_else(request, member, "deactivate")
    if not member.is_active:
        messages.info(request, f"{member} is already deactivated.")
        return redirect("staff:detail", pk=member.pk)
    if request.method == "POST":
        services.staff_member_deactivate(member=member, by=request.user)
        messages.success(request, f"{member} has been deactivated: they can no longer sign in.")
        return redirect("staff:detail", pk=member.pk)
    return render(request, "staff/staff_deactivate.html", {"member": member})


@require_POST
def staff_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_user_or_404(request, pk)
    _require_someone_else(request, member, "reactivate")
    if not member.is_active:
        services.staff_member_reactivate(member=member, by=request.user)
        messages.success(request, f"{member} has been reactivated and can sign in again.")
    return redirect("staff:detail", pk=member.pk)


@require_POST
def staff_send_set_up_link(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_user_or_404(request, pk)
    _require_someone_else(request, member, "send a set-up link to")
    if member.is_active and member.email:
        services.send_set_up_link(member=member, site_url=_site_url(request))
        messages.success(request, f"A new set-up link has been e-mailed to {member.email}.")
    else:
        messages.error(request, f"{member} needs to be active, with an e-mail address.")
    return redirect("staff:detail", pk=member.pk)


@require_POST
def staff_enrolment_code(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_user_or_404(request, pk)
    if not request.user.has_perm("staff.issue_enrolment_code", member) or (
        member.pk == request.user.pk
    ):
        raise PermissionDenied("Nobody issues an enrolment code for their own account.")
    if not member.is_active or user_has_device(member, confirmed=True):
        messages.info(request, f"{member} does not need an enrolment code.")
        return redirect("staff:detail", pk=member.pk)
    code = services.enrolment_code_issue(member=member, by=request.user)
    # Shown on this response only (never stored in plain text, never in a message or a log),
    # and the page is not cached (edgecare.middleware.NoStoreMiddleware).
    return render(
        request,
        "staff/enrolment_code.html",
        {"member": member, "code": code, "hours": CODE_LIFETIME // timedelta(hours=1)},
    )


class AccountSetUpView(auth_views.PasswordResetConfirmView):
    """The page a new member's set-up link opens: they choose their password, then sign in."""

    form_class = AccountSetUpForm
    template_name = "staff/set_up_account.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return response

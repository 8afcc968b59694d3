"""The Django admin's site: for the platform's superusers only.

Councils' administrators manage their staff in the application (the staff app), scoped to their
own organisation; `is_staff` alone no longer opens the admin, so no permission given to a
council's administrator can reach every organisation's users and logs through it.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class SuperuserAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not user.is_superuser:
            raise ValidationError(
                "The admin is for the platform's superusers. Manage staff from the Staff page.",
                code="invalid_login",
            )


class SuperuserAdminSite(AdminSite):
    site_header = "Edge of Care case records: platform administration"
    login_form = SuperuserAuthenticationForm

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

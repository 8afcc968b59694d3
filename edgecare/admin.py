"""The admin, for the platform's superusers only (edgecare.admin_site.SuperuserAdminSite).

Councils manage their own staff in the application (the staff app). Case records are not
registered here: they are read and changed through the application, where access is scoped and
logged. Logs are read-only, and no two-factor secret (a TOTP key, a backup code) is ever shown.
"""

from axes import admin as axes_admin
from axes import models as axes_models
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from edgecare.models import AccessLog, Organisation, Service, Team, User


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log: looked at, never added to, changed or deleted from here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(NoDeleteAdmin):
    list_display = ["name"]


@admin.register(Service)
class ServiceAdmin(NoDeleteAdmin):
    list_display = ["name", "family_facing_name", "organisation", "intervention_model"]


@admin.register(Team)
class TeamAdmin(NoDeleteAdmin):
    list_display = ["name", "family_facing_name", "service"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "organisation",
        "role",
        "team",
        "service",
        "is_active",
    ]
    list_filter = ["organisation", "role", "is_active", "is_superuser"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "Role and team",
            {"fields": ("organisation", "role", "team", "service", "job_title", "phone")},
        ),
    )

    def has_delete_permission(self, request, obj=None):
        # Staff leave by being made inactive: their name stays on the records they wrote.
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "record_type", "record_id", "case_id"]
    list_filter = ["action", "record_type"]


# --- Two-factor devices: who has one, never the secret ----------------------------------------
# django-otp's own admin shows a TOTP key (and a QR code of it) and the backup codes. These
# replace it: a superuser can see who has set up an authenticator and remove one that was lost
# (the person then enrols again with a new enrolment code), and nothing more.


class DeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
    admin.site.register(device_model, DeviceAdmin)


# --- The sign-in throttle's logs (django-axes): read-only ------------------------------------
# A locked-out person is let back in with `manage.py axes_reset_username`, which is itself
# logged by the operator's shell, rather than by deleting the evidence here.

for axes_model, axes_model_admin in (
    (axes_models.AccessAttempt, axes_admin.AccessAttemptAdmin),
    (axes_models.AccessLog, axes_admin.AccessLogAdmin),
    (axes_models.AccessFailureLog, axes_admin.AccessFailureLogAdmin),
):
    if admin.site.is_registered(axes_model):
        admin.site.unregister(axes_model)
    admin.site.register(
        axes_model, type(axes_model_admin.__name__, (ReadOnlyAdmin, axes_model_admin), {})
    )

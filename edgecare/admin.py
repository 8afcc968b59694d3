"""The admin is for configuring the organisation and its staff. Case records are not registered
here: they are read and changed through the application, where access is scoped and logged."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from edgecare.models import AccessLog, Organisation, Service, Team, User


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(NoDeleteAdmin):
    list_display = ["name"]


@admin.register(Service)
class ServiceAdmin(NoDeleteAdmin):
    list_display = ["name", "organisation", "intervention_model"]


@admin.register(Team)
class TeamAdmin(NoDeleteAdmin):
    list_display = ["name", "service"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "service", "is_active"]
    list_filter = ["role", "is_active"]
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
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "record_type", "record_id", "case_id"]
    list_filter = ["action", "record_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""The outcome framework in the Django admin, for superusers: configuration only, never case
records. Nothing here can be deleted; administrators normally use the in-app settings page."""

from django.contrib import admin

from assessments.models import OutcomeDomain, OutcomeFramework, RiskFactor


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class OutcomeDomainInline(admin.StackedInline):
    model = OutcomeDomain
    extra = 0
    can_delete = False


@admin.register(OutcomeFramework)
class OutcomeFrameworkAdmin(NoDeleteAdmin):
    list_display = ["name", "organisation", "is_active"]
    list_filter = ["organisation", "is_active"]
    inlines = [OutcomeDomainInline]


@admin.register(RiskFactor)
class RiskFactorAdmin(NoDeleteAdmin):
    list_display = ["name", "organisation", "order", "is_active"]
    list_filter = ["organisation", "is_active"]

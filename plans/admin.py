"""The organisation's own terms for the plain-language check in the Django admin, for the
platform's superusers (an organisation's administrators keep them on the glossary page):
configuration only, never case records. A term is switched off, never deleted."""

from django.contrib import admin

from plans.models import JargonTerm


@admin.register(JargonTerm)
class JargonTermAdmin(admin.ModelAdmin):
    list_display = ["term", "plain_alternative", "organisation", "capitals_only", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["term", "plain_alternative"]
    fields = ["organisation", "term", "plain_alternative", "capitals_only", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["organisation"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

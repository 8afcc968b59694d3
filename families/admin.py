"""The organisation's lists (referral sources, agency types, relationships) in the Django admin,
for the platform's superusers: configuration only, never case records. An entry is taken out of
use, never deleted, and its code never changes once made (records hold it)."""

from django.contrib import admin

from families.models import ListEntry


@admin.register(ListEntry)
class ListEntryAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "organisation", "code", "order", "is_active"]
    list_filter = ["organisation", "kind", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["label", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["organisation", "kind", "code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

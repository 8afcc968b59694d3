"""A worker's draft of a long free-text form, saved as they type (families/drafts.py).
Importable from `families.models` like every model of the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FormDraft(models.Model):
    """What one worker has typed, not yet saved, into one form page of one case.

    Case content, but not a record: it keeps no history, is seen by nobody but its worker,
    is dropped when the form is saved and purged after DRAFT_DAYS (`purge_expired_drafts`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_drafts"
    )
    case = models.ForeignKey("families.Case", on_delete=models.CASCADE, related_name="+")
    # The form page's path: one draft per page, as the page is one form.
    page = models.CharField(max_length=300)
    fields = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "case", "page"], name="one_draft_per_page")
        ]

    def __str__(self) -> str:
        return f"Draft of {self.page}"

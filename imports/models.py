"""The import history: every file checked or imported, by whom, when, with its counts.

Identifiers and counts only: the file itself is never kept (it is read within the request or
the command, and dropped), and nothing from its rows is stored here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from edgecare.models import Organisation, Team


class CaseImport(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", "Checked: ready to import"
        REFUSED = "refused", "Checked: has problems to fix"
        IMPORTED = "imported", "Imported"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="case_imports"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    file_name = models.CharField(max_length=200)
    # SHA-256 of the file's bytes: an import must be of the very file a dry run checked.
    file_sha256 = models.CharField(max_length=64)
    default_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    # "page" or "command": where it was run from.
    via = models.CharField(max_length=10, default="page")
    rows = models.PositiveIntegerField(default=0)
    families = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    cases = models.PositiveIntegerField(default=0)
    problems = models.PositiveIntegerField(default=0)
    possible_duplicates = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.file_name}"

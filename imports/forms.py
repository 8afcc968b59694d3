"""The import page's form: the file, and the team for rows that name none."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms
from django.conf import settings

from edgecare.forms import gds_helper
from imports.checking import importable_teams

EMPTY = "The selected file is empty. Choose the file again, or a different one."


def max_bytes() -> int:
    # The upload limit every file upload has (FILE_UPLOAD_HANDLERS stops reading past it).
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return (
        f"The selected file must be smaller than {settings.ATTACHMENT_MAX_MB} MB. Split it into "
        "smaller files (whole families in each), or import it with the import_cases command."
    )


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label="Choose the file",
        help_text="A CSV file (UTF-8) or an Excel workbook (.xlsx) with the template's columns, "
        f"up to {settings.IMPORT_MAX_ROWS:,} rows.",
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
                "class": "govuk-file-upload",
            }
        ),
        error_messages={"required": "Choose the file to import", "empty": EMPTY},
    )
    default_team = forms.ModelChoiceField(
        label="Team for cases whose row names no team",
        queryset=None,
        required=False,
        empty_label="Every row names its team",
    )

    def __init__(self, *args, user, too_large: bool = False, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["default_team"].queryset = importable_teams(user).order_by(
            "service__name", "name"
        )
        self.helper = gds_helper(Field("file"), Field("default_team"), submit=submit)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(too_large_message(), code="too_large")
        return upload

    def full_clean(self):
        super().full_clean()
        if self.too_large and self.is_bound:
            self.errors.pop("file", None)
            self.add_error("file", forms.ValidationError(too_large_message(), code="too_large"))

"""The attach form (a file chosen or a photo taken, what it is, its date) and the withdraw form.

The file is checked in the form, before anything is kept: the size (while it was read,
uploads.py), empty, name, type by content (checks.py), then the virus scan (scanner.py), which
runs last and only when everything else on the form is right, so a refused title does not cost
a scan. When a file is refused the rest of what the worker typed stays on the form.
"""

from __future__ import annotations

import logging

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.utils import timezone

from attachments import checks, scanner
from attachments.models import Attachment
from edgecare.forms import DateInput, RowVersionFormMixin, gds_helper

log = logging.getLogger("edgecare.attachments")

INFECTED = (
    "The selected file contains a virus, so it was not kept. Do not open it again on your "
    "device, and tell your IT service desk."
)
SCANNER_DOWN = (
    "The file could not be checked for viruses just now, so it was not kept. What you typed is "
    "still below: choose the file again and try in a few minutes. If it keeps happening, tell "
    "your IT service desk."
)
CHOOSE_ONE = "Choose a file or take a photo"
NOT_BOTH = "Choose a file or take a photo, not both"
IN_FUTURE = "The date of the document must be today or in the past"


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="What it is, as the team would look for it, e.g. 'Signed family plan'.",
        error_messages={"required": "Enter a title for the document"},
    )
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=Attachment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of document it is"},
    )
    document_date = forms.DateField(
        label="Date of the document",
        help_text="The date it was signed, written or taken.",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of the document",
            "invalid": "The date of the document must be a real date",
        },
    )
    file = forms.FileField(
        label="Choose a file",
        required=False,
        help_text=f"A PDF, photo (JPEG, PNG, HEIC), Word document or plain text file, smaller "
        f"than {checks.max_bytes() // (1024 * 1024)} MB.",
        widget=forms.FileInput(attrs={"accept": checks.ACCEPT, "class": "govuk-file-upload"}),
        error_messages={"empty": checks.EMPTY},
    )
    # On a phone, this one opens the camera (`capture`): a photo of a signed page.
    photo = forms.FileField(
        label="Or take a photo",
        required=False,
        help_text="On a phone or tablet this opens the camera.",
        widget=forms.FileInput(
            attrs={"accept": "image/*", "capture": "environment", "class": "govuk-file-upload"}
        ),
        error_messages={"empty": checks.EMPTY},
    )

    def __init__(self, *args, too_large: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.file_type: checks.FileType | None = None
        self.file_name = ""
        self.upload = None
        self.helper = gds_helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field("document_date"),
            Field("file"),
            Field("photo"),
            submit="Attach the document",
        )

    def clean_document_date(self):
        day = self.cleaned_data["document_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(IN_FUTURE)
        return day

    def _clean_upload(self, name: str):
        if name in self.too_large:
            raise forms.ValidationError(checks.too_large_message(), code="too_large")
        upload = self.cleaned_data.get(name)
        if upload is None:
            return None
        if upload.size == 0:
            raise forms.ValidationError(checks.EMPTY, code="empty")
        if upload.size > checks.max_bytes():
            raise forms.ValidationError(checks.too_large_message(), code="too_large")
        file_type = checks.identify(upload)
        self.file_name = checks.clean_file_name(upload.name, file_type)
        self.file_type = file_type
        return upload

    def clean_file(self):
        return self._clean_upload("file")

    def clean_photo(self):
        return self._clean_upload("photo")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        chosen = [name for name in ("file", "photo") if cleaned.get(name) is not None]
        if not chosen:
            self.add_error("file", CHOOSE_ONE)
            return cleaned
        if len(chosen) > 1:
            self.add_error("file", NOT_BOTH)
            return cleaned
        field = chosen[0]
        self.upload = cleaned[field]
        try:
            verdict = scanner.scan(self.upload)
        except scanner.ScannerUnavailable as error:
            log.error("attachment refused: scanner unavailable (%s)", error)
            self.add_error(field, SCANNER_DOWN)
            return cleaned
        if not verdict.clean:
            # The signature's name only: never the file, its name or the case's content.
            log.warning("attachment refused: virus found signature=%s", verdict.signature)
            self.add_error(field, INFECTED)
        self.scanned_at = timezone.now()
        return cleaned


class WithdrawForm(RowVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["withdrawal_reason"]
        widgets = {"withdrawal_reason": forms.Textarea(attrs={"rows": 3})}
        labels = {"withdrawal_reason": "Why is this document being withdrawn?"}
        help_texts = {
            "withdrawal_reason": "For example, it was added to the wrong case. It will be hidden "
            "from the record but kept for the audit trail."
        }
        error_messages = {
            "withdrawal_reason": {"required": "Enter why the document is being withdrawn"}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawal_reason"].required = True
        self.helper = gds_helper("withdrawal_reason", submit="Withdraw the document")

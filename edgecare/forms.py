"""Form building blocks shared by every app: one way to do each thing."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm


class DateInput(forms.DateInput):
    """A native date picker: works with a keyboard, a screen reader and on a phone."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class StaleEditError(forms.ValidationError):
    pass


STALE_MESSAGE = (
    "Someone else saved changes to this record while you were editing it (they changed: "
    "{what}). Your changes have not been saved yet: they are still in the form below. Check the "
    "record, then save again."
)
MISSING_VERSION_MESSAGE = (
    "We could not tell which version of this record you were editing, so your changes have not "
    "been saved yet: they are still in the form below. Check the record, then save again."
)


class RowVersionFormMixin:
    """Refuses a save made from a stale copy of a record (two workers editing at once).

    The form carries the record's row_version as it was when the page was opened, rendered
    whatever the layout. If somebody else saved in between, or the version is missing, the save
    is refused with a message naming what they changed, and the worker's own text stays on the
    form so nothing they typed is lost. The save itself only writes if the row still has that
    version (CaseRecord.save), so of two simultaneous saves one wins and the other is refused.
    Use on ModelForms of models derived from edgecare.models.CaseRecord.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["row_version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=False,
            initial=instance.row_version if instance is not None and instance.pk else 0,
        )

    # crispy renders only the fields its layout names: every helper given to this form renders
    # hidden fields as well, so no layout can leave the version behind.
    @property
    def helper(self):
        try:
            return self.__dict__["_row_version_helper"]
        except KeyError:
            raise AttributeError("helper") from None

    @helper.setter
    def helper(self, helper):
        helper.render_hidden_fields = True
        self.__dict__["_row_version_helper"] = helper

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance is None or instance.pk is None:
            return cleaned
        submitted = cleaned.get("row_version")
        current = (
            type(instance)
            .objects.filter(pk=instance.pk)
            .values_list("row_version", flat=True)
            .first()
        )
        if current is None:
            return cleaned
        if submitted is None or submitted != current:
            if submitted is None:
                message = MISSING_VERSION_MESSAGE
            else:
                changed = self._fields_changed_since(instance, submitted)
                message = STALE_MESSAGE.format(what=", ".join(changed) or "this record")
            # The re-shown form now carries the version the worker has been shown the news
            # about, so saving again (having checked) goes through instead of failing forever.
            self.data = self.data.copy()
            self.data[self.add_prefix("row_version")] = current
            raise StaleEditError(message, code="stale")
        # The save writes only if the row is still at the version the worker saw.
        instance.row_version = submitted
        return cleaned

    def _fields_changed_since(self, instance, version: int) -> list[str]:
        history = getattr(type(instance), "history", None)
        if history is None:
            return []
        records = list(history.filter(id=instance.pk).order_by("-history_date"))
        newest = records[0] if records else None
        base = next((r for r in records if r.row_version == version), None)
        if newest is None or base is None:
            return []
        delta = newest.diff_against(base)
        names = []
        for field_name in delta.changed_fields:
            try:
                names.append(str(instance._meta.get_field(field_name).verbose_name))
            except Exception:  # noqa: BLE001 - a history-only field: show its raw name
                names.append(field_name)
        return [n for n in names if n not in {"updated at", "row version"}]

    def save(self, commit=True):
        # Keep the model's own row_version bump; the submitted value only guards the save.
        self.cleaned_data.pop("row_version", None)
        return super().save(commit=commit)


def form_status(*forms) -> int:
    """The status of a form page: 400 when a submitted form is refused (the page shows the
    errors, and nothing was saved), 200 otherwise. Every form page answers this one way."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms) else 200


def gds_helper(*fields, submit: str = "Save") -> FormHelper:
    """A FormHelper for the GOV.UK layout: fields in order, one primary button."""
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", submit))
    return helper


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No autofocus: the first Tab must reach the skip link, and screen-reader users should
        # start at the top of the page, not past the heading and the confidentiality notice.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper = gds_helper(
            Field.text("username", field_width=Fluid.ONE_HALF),
            Field.text("password", field_width=Fluid.ONE_HALF),
            submit="Sign in",
        )

"""Form building blocks shared by every app: one way to do each thing."""

from __future__ import annotations

import datetime
import re

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from edgecare.validators import validate_plain_name


class DateInput(forms.DateInput):
    """A native date picker: works with a keyboard, a screen reader and on a phone."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class MemorableDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes, for a date someone knows rather than
    looks up (a date of birth). A phone's calendar picker is a poor way to reach a day fifteen
    years back; three number boxes are quick with any keyboard and any screen reader."""

    # Rendered by the form renderer, which reads apps' template folders (not templates/).
    template_name = "edgecare/widgets/memorable_date.html"
    PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "label": label,
                    "inputmode": "numeric",
                    # The dates are other people's: the browser would offer the worker's own
                    # birthday.
                    "autocomplete": "off",
                }
            )
            for _part, label, width in self.PARTS
        ]
        super().__init__(widgets, attrs)
        self.widgets_names = [f"_{part}" for part, _label, _width in self.PARTS]

    def decompress(self, value):
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = [data.get(name + suffix) for suffix in self.widgets_names]
        if any(part is not None for part in parts) or name not in data:
            return parts
        # One yyyy-mm-dd value (what the date picker sent, and what a script may send) is
        # read as the three boxes, so nothing that worked before stops working.
        value = (data.get(name) or "").strip()
        if not value:
            return ["", "", ""]
        match = ISO_DATE.match(value)
        if match is None:
            # Not a date at all: every box holds it, so it is refused as not a real date.
            return [value, value, value]
        year, month, day = match.groups()
        return [day, month, year]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        boxes = context["widget"]["subwidgets"]
        # The field's own id is the day box's, so the error summary's link lands in the date.
        if boxes and boxes[0]["attrs"].get("id"):
            boxes[0]["attrs"]["id"] = context["widget"]["attrs"]["id"]
        return context

    def id_for_label(self, id_):
        return id_


class MemorableDateField(forms.MultiValueField):
    """A date typed into the GOV.UK date input, with the GOV.UK error messages: which part is
    missing, an impossible date (31 February), a year without 4 numbers, and (for a date of
    birth) a date in the future. `what` names the date in the messages ("Date of birth")."""

    widget = MemorableDateWidget

    def __init__(self, *, what: str = "Date", not_in_future: bool = False, **kwargs):
        kwargs.setdefault("help_text", "For example, 27 3 2010")
        messages = {"required": f"Enter the {what.lower()}", **kwargs.pop("error_messages", {})}
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, error_messages=messages, **kwargs)
        self.what = what
        self.not_in_future = not_in_future

    def compress(self, data_list):
        # Never reached: clean() below reads the three boxes itself, with GOV.UK's messages.
        raise NotImplementedError

    def clean(self, value):
        parts = [str(v).strip() if v is not None else "" for v in (value or [])][:3]
        parts += [""] * (3 - len(parts))
        day, month, year = parts
        if not any(parts):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        names = ("day", "month", "year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(
                f"{self.what} must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(f"{self.what} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                f"{self.what} must be a real date", code="invalid"
            ) from None
        if self.not_in_future and date > timezone.localdate():
            raise forms.ValidationError(f"{self.what} must be today or in the past", code="future")
        self.validate(date)
        self.run_validators(date)
        return date

    def validate(self, value):
        # The parts were checked above; a MultiValueField's own check expects a list.
        pass

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != initial
        except forms.ValidationError:
            return True


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
        if "_row_version_helper" in self.__dict__:
            return self.__dict__["_row_version_helper"]
        # A form class whose helper is its own property (built from its layout): the same
        # helper, rendering hidden fields too. AttributeError if the form has no helper at all.
        helper = super().helper  # type: ignore[misc]
        helper.render_hidden_fields = True
        return helper

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


# The most a free-text field takes, by what it is for. A narrative is what a key worker writes
# after a long evening visit (about 3,000 words), which no real write-up has reached; the bound
# exists so that nobody can paste a book into a record and stop its documents, not to cut work
# short. A field whose model already sets a smaller max_length keeps it.
TEXT_LIMITS = {
    "name": 200,  # a person's, a family's, an agency's or a setting's name
    "line": 500,  # a one-line answer: a reason, a title, a search
    "narrative": 20_000,  # anything typed in a text area
}
# People's and families' names also refuse hidden characters (edgecare.validators). Matched on
# the end of the field's name, so a prefixed copy (yp_first_name) is a name too.
PERSON_NAME_FIELDS = ("family_name", "first_name", "last_name", "preferred_name")
# The character count appears once this share of a narrative's limit is used: a count from the
# first keystroke would nag about a limit almost nobody comes near.
CHARACTER_COUNT_THRESHOLD = 75


def text_kind(name: str, field: forms.Field) -> str:
    if isinstance(field.widget, forms.Textarea):
        return "narrative"
    if name.endswith("name"):
        return "name"
    return "line"


def bound_text_fields(fields: dict[str, forms.Field]) -> None:
    """Gives every free-text field in `fields` its limit (TEXT_LIMITS) with a GOV.UK message,
    and the name check to people's and families' names. Safe to run twice.

    Applied to every form class of the project when the application starts
    (EdgecareConfig.ready); a form that adds text fields in its __init__ calls it itself.
    """
    for name, field in fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field, forms.JSONField):
            continue
        limit = TEXT_LIMITS[text_kind(name, field)]
        if field.max_length is None or field.max_length > limit:
            field.max_length = limit
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ] + [MaxLengthValidator(limit)]
        label = str(field.label or name.replace("_", " ").capitalize()).replace("%", "%%")
        field.error_messages["max_length"] = (
            f"{label} must be {field.max_length:,} characters or fewer. "
            "It has %(show_value)d: shorten it, then save again."
        )
        if name.endswith(PERSON_NAME_FIELDS) and validate_plain_name not in field.validators:
            field.validators.append(validate_plain_name)


def bound_every_form() -> int:
    """Runs bound_text_fields over every form class the project's apps define (including the
    ones formset factories made), so a new form is bounded without remembering to be.
    Returns how many form classes it bounded."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("forms", "record_forms")
    import edgecare.two_factor  # noqa: F401 - its code form, outside a forms module

    project = {
        "edgecare",
        "families",
        "assessments",
        "plans",
        "reviews",
        "attachments",
        "managers",
        "staff",
        "casefile",
        "api",
    }
    seen: set[type] = set()
    pending = list(forms.BaseForm.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        pending.extend(cls.__subclasses__())
    # By ancestry, not by module: a formset factory's form class is made in django.forms.models.
    bounded = [
        c for c in seen if any(base.__module__.split(".")[0] in project for base in c.__mro__)
    ]
    for cls in bounded:
        bound_text_fields(cls.base_fields)
    return len(bounded)


def drop_blank_radio_choices(fields: dict[str, forms.Field]) -> None:
    """Django offers a blank "---------" choice for a model field without a default; drawn as
    a radio button it reads as an answer. A required question has none (leaving every button
    unchosen is refused with the field's own message)."""
    for field in fields.values():
        if not field.required or not isinstance(field.widget, forms.RadioSelect):
            continue
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = None
        elif isinstance(field, forms.ChoiceField):
            field.choices = [c for c in field.choices if c[0] != ""]


class GdsFormHelper(FormHelper):
    """The GOV.UK helper, adding the character count to every bounded text area as it renders
    (crispy-forms-gds draws the govuk-character-count markup from Field.textarea's
    max_characters; here it comes from the form field's own limit, so the two cannot differ)."""

    def render_layout(self, form, context, template_pack=None):
        bound_text_fields(form.fields)
        drop_blank_radio_choices(form.fields)
        self._count_characters(self.layout, form)
        if template_pack is None:
            return super().render_layout(form, context)
        return super().render_layout(form, context, template_pack=template_pack)

    def _count_characters(self, container, form) -> None:
        for index, item in enumerate(container.fields):
            if isinstance(item, str):
                if self._limit(form, item):
                    item = container.fields[index] = Field(item)
                else:
                    continue
            if isinstance(item, Field):
                limit = self._limit(form, item.fields[0]) if len(item.fields) == 1 else None
                if limit:
                    # crispy-forms-gds appends the count's message id to aria-describedby,
                    # and fails when a field without help text has none to append to.
                    form.fields[item.fields[0]].widget.attrs.setdefault("aria-describedby", "")
                    item.context = {
                        **item.context,
                        "max_characters": limit,
                        "threshold": CHARACTER_COUNT_THRESHOLD,
                    }
                    if "govuk-js-character-count" not in item.attrs.get("class", ""):
                        item.add_class("govuk-js-character-count")
            elif isinstance(item, LayoutObject) and hasattr(item, "fields"):
                self._count_characters(item, form)

    @staticmethod
    def _limit(form, name: str) -> int | None:
        field = form.fields.get(name)
        if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
            return field.max_length
        return None


def gds_helper(*fields, submit: str = "Save") -> FormHelper:
    """A FormHelper for the GOV.UK layout: fields in order, one primary button."""
    helper = GdsFormHelper()
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


class SignOffForm(forms.Form):
    """A manager's sign-off of a record (edgecare.signoff): the day they signed it off, which
    may be days before they type it in (in supervision, at a panel), and their comments."""

    signed_off_on = forms.DateField(
        label="Date you signed it off",
        widget=DateInput,
        required=False,
        help_text="Today, or the day you signed it off in supervision or at a panel. Left "
        "empty, it is today.",
        error_messages={"invalid": "Enter the date you signed it off as a real date"},
    )
    comments = forms.CharField(
        label="Comments (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, record, submit: str = "Sign off", **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.initial.setdefault("signed_off_on", timezone.localdate())
        self.helper = gds_helper(
            Field.text("signed_off_on", field_width=Fixed.TEN),
            Field.textarea("comments", rows=3),
            submit=submit,
        )

    def clean_signed_off_on(self):
        day = self.cleaned_data["signed_off_on"] or timezone.localdate()
        for problem in self.record.sign_off_date_problems(day):
            raise forms.ValidationError(problem)
        return day

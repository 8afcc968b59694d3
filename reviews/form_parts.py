"""Pieces the review and closure forms share."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Layout
from django import forms

from edgecare.forms import GdsFormHelper, RowVersionFormMixin
from families.models import Case, Person


def row_helper(*fields) -> FormHelper:
    """A helper for one row of a formset: no <form> tag, no button (the page has one)."""
    helper = GdsFormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class OutcomeScoresForm(RowVersionFormMixin, forms.ModelForm):
    """One outcome area scored again, the worker's score and the family's own, as one row of
    the page (a review's re-scoring, a closure's final scores). A subclass names its model
    and labels the two scores."""

    class Meta:
        fields = ["worker_score", "family_score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = row_helper(
            Field.text("worker_score", field_width=Fixed.TWO),
            Field.text("family_score", field_width=Fixed.TWO),
            "row_version",
        )


def rows_formset(form_class: type[forms.ModelForm]) -> type[forms.BaseModelFormSet]:
    """The formset of a record's rows (a goal, an outcome area), one `form_class` form each:
    the rows are made with the record, so none is added or deleted on the page."""
    return forms.modelformset_factory(
        form_class._meta.model, form=form_class, extra=0, can_delete=False
    )


def family_members(case: Case):
    """The family's members, the young person first: for "done with" and "who" choices."""
    return Person.objects.filter(family_id=case.family_id).order_by("-is_focus", "first_name")

"""Pieces the review and closure forms share."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout

from edgecare.forms import GdsFormHelper
from families.models import Case, Person


def row_helper(*fields) -> FormHelper:
    """A helper for one row of a formset: no <form> tag, no button (the page has one)."""
    helper = GdsFormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


def family_members(case: Case):
    """The family's members, the young person first: for "done with" and "who" choices."""
    return Person.objects.filter(family_id=case.family_id).order_by("-is_focus", "first_name")

"""Every free-text field has a limit that fits its purpose, and names refuse hidden characters."""

import pytest
from django import forms

from edgecare.forms import TEXT_LIMITS, bound_every_form, bound_text_fields, gds_helper
from edgecare.validators import hidden_characters, validate_plain_name
from families.forms import FamilyForm, NewFamilyForm, PersonForm


class WriteUp(forms.Form):
    family_name = forms.CharField(label="Family name")
    reason = forms.CharField(label="Reason")
    notes = forms.CharField(label="What happened", widget=forms.Textarea)
    agency_name = forms.CharField(label="Agency")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_text_fields(self.fields)
        self.helper = gds_helper("family_name", "reason", "notes", "agency_name")


def test_each_kind_of_free_text_gets_its_limit():
    fields = WriteUp().fields
    assert fields["notes"].max_length == TEXT_LIMITS["narrative"] == 20_000
    assert fields["reason"].max_length == TEXT_LIMITS["line"] == 500
    assert fields["agency_name"].max_length == TEXT_LIMITS["name"] == 200
    assert fields["family_name"].max_length == 200


def test_an_evening_write_up_fits_and_a_pasted_book_is_refused_with_a_gov_uk_message():
    typed = {"family_name": "Okafor", "reason": "r", "agency_name": "a"}
    ok = WriteUp({**typed, "notes": "word " * 4_000})
    assert ok.is_valid(), ok.errors
    long = WriteUp({**typed, "notes": "x" * 20_001})
    assert not long.is_valid()
    assert long.errors["notes"] == [
        "What happened must be 20,000 characters or fewer. It has 20001: shorten it, "
        "then save again."
    ]


def test_a_long_text_area_renders_the_gov_uk_character_count():
    from crispy_forms.utils import render_crispy_form

    html = render_crispy_form(WriteUp())
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxlength="20000"' in html
    assert "govuk-js-character-count" in html
    assert 'id="id_notes-info"' in html
    # A one-line field gets no count.
    assert html.count('data-module="govuk-character-count"') == 1


def test_every_form_class_of_the_project_is_bounded():
    assert bound_every_form() >= 60
    for form_class in (FamilyForm, PersonForm):
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField):
                assert field.max_length is not None, name


def test_the_new_family_forms_own_fields_are_bounded_too():
    form = NewFamilyForm()
    assert form.fields["communication_needs"].max_length == TEXT_LIMITS["narrative"]
    assert validate_plain_name in form.fields["family_name"].validators
    assert validate_plain_name in form.fields["yp_first_name"].validators


@pytest.mark.parametrize(
    "name",
    [
        "\u202eevil",  # right-to-left override
        "Ann\u2066a\u2069",  # isolates
        "Zero\u200bwidth",
        "Join\u200d",
        "\ufeffBOM",
        "Bell\x07",
        "Tab\tname",
        "Line\u2028break",
    ],
)
def test_a_name_with_hidden_characters_is_refused_saying_which(name):
    with pytest.raises(forms.ValidationError) as refused:
        validate_plain_name(name)
    message = refused.value.messages[0]
    assert "hidden characters" in message
    assert hidden_characters(name)[0] in message


@pytest.mark.parametrize(
    "name", ["Zoë Ní Bhriain", "O'Brien-Smith", "Łukasz", "李小龍", "Anne Marie"]
)
def test_real_names_in_any_script_are_accepted(name):
    validate_plain_name(name)


def test_the_family_form_refuses_a_right_to_left_override_in_the_name():
    form = FamilyForm(data={"family_name": "Smith\u202e"})
    assert not form.is_valid()
    assert "hidden characters" in form.errors["family_name"][0]

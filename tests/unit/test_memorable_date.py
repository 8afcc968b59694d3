"""The GOV.UK date input for memorable dates: three boxes, GOV.UK's messages for each way a
date can be wrong, and the one yyyy-mm-dd value older pages and scripts send."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils import timezone

from edgecare.forms import MemorableDateField


class BirthForm(forms.Form):
    date_of_birth = MemorableDateField(
        label="Date of birth", what="Date of birth", not_in_future=True
    )


def boxes(day, month, year) -> dict:
    return {"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}


def test_a_date_typed_into_the_three_boxes_is_read_as_that_day():
    form = BirthForm(boxes("7", "3", "2011"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2011, 3, 7)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (boxes("31", "2", "2011"), "Date of birth must be a real date"),
        (boxes("12", "13", "2011"), "Date of birth must be a real date"),
        (boxes("x", "3", "2011"), "Date of birth must be a real date"),
        (boxes("7", "", "2011"), "Date of birth must include a month"),
        (boxes("", "", "2011"), "Date of birth must include a day and a month"),
        (boxes("7", "3", "11"), "Year must include 4 numbers"),
        (boxes("", "", ""), "Enter the date of birth"),
    ],
)
def test_each_way_a_date_can_be_wrong_has_its_own_message(data, message):
    form = BirthForm(data)
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [message]


def test_a_birth_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = BirthForm(boxes(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)))
    assert form.errors["date_of_birth"] == ["Date of birth must be today or in the past"]


def test_one_iso_value_is_still_read_and_an_impossible_one_refused():
    assert BirthForm({"date_of_birth": "2011-03-07"}).is_valid()
    assert BirthForm({"date_of_birth": "2011-02-30"}).errors["date_of_birth"] == [
        "Date of birth must be a real date"
    ]


def test_the_boxes_keep_what_was_typed_and_the_error_summary_lands_in_the_day_box():
    html = str(BirthForm(boxes("31", "2", "2011"))["date_of_birth"])
    assert 'id="id_date_of_birth"' in html  # the day box: the error summary links here
    assert 'name="date_of_birth_day" value="31"' in html
    assert 'name="date_of_birth_year" value="2011"' in html
    assert html.count('inputmode="numeric"') == 3

"""The one dates module: ages, months and years later, working days."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edgecare.dates import (
    add_months,
    add_working_days,
    add_years,
    age_on,
    is_working_day,
    working_days_between,
    years_before,
)


def test_a_person_is_a_year_older_on_their_birthday_and_not_the_day_before():
    born = date(2010, 6, 15)
    assert age_on(born, date(2024, 6, 14)) == 13
    assert age_on(born, date(2024, 6, 15)) == 14


def test_someone_born_on_29_february_turns_older_on_1_march_in_a_common_year():
    born = date(2008, 2, 29)
    assert age_on(born, date(2023, 2, 28)) == 14
    assert age_on(born, date(2023, 3, 1)) == 15
    assert age_on(born, date(2024, 2, 29)) == 16


def test_a_baby_is_nought_until_their_first_birthday():
    assert age_on(date(2024, 1, 10), date(2024, 12, 31)) == 0


def test_adding_a_month_keeps_the_day_of_the_month():
    assert add_months(date(2024, 1, 15), 1) == date(2024, 2, 15)


def test_adding_months_past_a_short_month_lands_on_its_last_day():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 8, 31), 1) == date(2024, 9, 30)


def test_adding_months_crosses_into_the_next_year_and_back():
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2024, 3, 31), -13) == date(2023, 2, 28)
    assert add_months(date(2024, 5, 1), 0) == date(2024, 5, 1)


def test_a_year_after_29_february_is_28_february():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert years_before(date(2024, 2, 29), 18) == date(2006, 2, 28)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 40))
def test_someone_born_years_before_a_day_is_that_many_years_old_on_it(day, years):
    assert age_on(years_before(day, years), day) == years


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 240))
def test_adding_months_never_moves_more_than_the_months_asked(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(date(2024, 12, 24))  # Tuesday
    assert not is_working_day(date(2024, 12, 25))  # Christmas Day
    assert not is_working_day(date(2024, 12, 28))  # Saturday
    assert not is_working_day(date(2024, 5, 27))  # spring bank holiday


def test_three_working_days_after_a_friday_skip_the_weekend():
    assert add_working_days(date(2024, 6, 7), 3) == date(2024, 6, 12)


def test_working_days_skip_christmas_and_boxing_day():
    # Monday 23 December 2024: Tuesday the 24th, then Friday the 27th.
    assert add_working_days(date(2024, 12, 23), 2) == date(2024, 12, 27)


def test_working_days_can_be_counted_backwards():
    assert add_working_days(date(2024, 4, 2), -1) == date(2024, 3, 28)  # over Easter


def test_nought_working_days_from_a_day_off_is_the_next_working_day():
    assert add_working_days(date(2024, 6, 8), 0) == date(2024, 6, 10)
    assert add_working_days(date(2024, 6, 10), 0) == date(2024, 6, 10)


def test_working_days_between_counts_the_end_but_not_the_start():
    assert working_days_between(date(2024, 6, 7), date(2024, 6, 10)) == 1
    assert working_days_between(date(2024, 12, 20), date(2025, 1, 3)) == 7
    assert working_days_between(date(2024, 6, 10), date(2024, 6, 10)) == 0
    assert working_days_between(date(2024, 6, 10), date(2024, 6, 3)) == 0


@pytest.mark.parametrize("days", [1, 5, 20, 60])
def test_counting_the_working_days_added_gives_the_number_added(days):
    start = date(2024, 12, 2)
    assert working_days_between(start, add_working_days(start, days)) == days


def test_a_count_of_working_days_never_ends_on_a_day_off():
    day = date(2022, 6, 1)  # before the Platinum Jubilee's Thursday and Friday off
    assert add_working_days(day, 1) == date(2022, 6, 6)
    assert all(is_working_day(add_working_days(day, n)) for n in range(1, 30))

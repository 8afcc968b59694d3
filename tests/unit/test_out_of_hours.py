import datetime
from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from edgecare.dates import easter_sunday, england_bank_holidays, is_bank_holiday
from edgecare.out_of_hours import is_out_of_hours

UTC = datetime.UTC
LONDON = ZoneInfo("Europe/London")


def dates(year: int, *month_days: tuple[int, int]) -> frozenset[date]:
    return frozenset(date(year, month, day) for month, day in month_days)


# Lists checked against the published GOV.UK bank holiday pages.
KNOWN_BANK_HOLIDAYS = {
    2015: dates(2015, (1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)),
    2016: dates(2016, (1, 1), (3, 25), (3, 28), (5, 2), (5, 30), (8, 29), (12, 26), (12, 27)),
    2020: dates(2020, (1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)),
    2021: dates(2021, (1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
    2022: dates(
        2022,
        (1, 3),
        (4, 15),
        (4, 18),
        (5, 2),
        (6, 2),
        (6, 3),
        (8, 29),
        (9, 19),
        (12, 26),
        (12, 27),
    ),
    2023: dates(
        2023, (1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)
    ),
    2024: dates(2024, (1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)),
    2025: dates(2025, (1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)),
    2026: dates(2026, (1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)),
    2027: dates(2027, (1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
}


@pytest.mark.parametrize("year", sorted(KNOWN_BANK_HOLIDAYS))
def test_bank_holidays_match_the_published_list(year):
    assert england_bank_holidays(year) == KNOWN_BANK_HOLIDAYS[year]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2015, date(2015, 4, 5)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_sunday_follows_the_gregorian_computus(year, expected):
    assert easter_sunday(year) == expected


def test_bank_holidays_never_fall_on_a_weekend():
    for year in range(2015, 2061):
        assert all(day.weekday() < 5 for day in england_bank_holidays(year)), year


def test_an_ordinary_year_has_eight_bank_holidays():
    for year in range(2024, 2061):
        assert len(england_bank_holidays(year)) == 8, year


def test_christmas_on_a_saturday_moves_both_days_to_monday_and_tuesday():
    assert {date(2021, 12, 27), date(2021, 12, 28)} <= england_bank_holidays(2021)
    assert date(2021, 12, 25) not in england_bank_holidays(2021)


def test_christmas_on_a_sunday_keeps_boxing_day_and_substitutes_tuesday():
    assert {date(2022, 12, 26), date(2022, 12, 27)} <= england_bank_holidays(2022)


def test_boxing_day_on_a_saturday_is_substituted_by_monday():
    assert date(2026, 12, 28) in england_bank_holidays(2026)
    assert date(2026, 12, 26) not in england_bank_holidays(2026)


def test_new_years_day_on_a_saturday_is_substituted_by_monday_the_third():
    assert date(2022, 1, 3) in england_bank_holidays(2022)
    assert date(2022, 1, 1) not in england_bank_holidays(2022)


def test_bank_holidays_are_cached_and_immutable():
    assert england_bank_holidays(2026) is england_bank_holidays(2026)
    assert isinstance(england_bank_holidays(2026), frozenset)


def test_is_bank_holiday_checks_the_days_own_year():
    assert is_bank_holiday(date(2026, 8, 31))
    assert not is_bank_holiday(date(2026, 9, 1))


def test_weekday_mid_morning_is_in_hours():
    assert not is_out_of_hours(datetime.datetime(2026, 3, 11, 10, 30))


def test_evening_visit_is_out_of_hours():
    assert is_out_of_hours(datetime.datetime(2026, 3, 11, 19, 0))


def test_one_minute_before_nine_is_out_of_hours():
    assert is_out_of_hours(datetime.datetime(2026, 3, 11, 8, 59))


def test_nine_oclock_exactly_is_in_hours():
    assert not is_out_of_hours(datetime.datetime(2026, 3, 11, 9, 0))


def test_one_second_before_five_is_in_hours():
    assert not is_out_of_hours(datetime.datetime(2026, 3, 11, 16, 59, 59))


def test_five_oclock_exactly_is_out_of_hours():
    assert is_out_of_hours(datetime.datetime(2026, 3, 11, 17, 0))


def test_saturday_noon_is_out_of_hours():
    assert is_out_of_hours(datetime.datetime(2026, 3, 14, 12, 0))


def test_sunday_noon_is_out_of_hours():
    assert is_out_of_hours(datetime.datetime(2026, 3, 15, 12, 0))


def test_bank_holiday_noon_is_out_of_hours():
    assert is_out_of_hours(datetime.datetime(2026, 5, 25, 12, 0))


def test_substitute_boxing_day_noon_is_out_of_hours():
    assert is_out_of_hours(datetime.datetime(2026, 12, 28, 12, 0))


def test_custom_working_day_is_respected():
    early = datetime.datetime(2026, 3, 11, 8, 30)
    late = datetime.datetime(2026, 3, 11, 17, 30)
    assert not is_out_of_hours(early, day_start=time(8, 0), day_end=time(18, 0))
    assert not is_out_of_hours(late, day_start=time(8, 0), day_end=time(18, 0))
    assert is_out_of_hours(late, day_start=time(8, 0), day_end=time(17, 30))


def test_aware_utc_time_in_summer_is_judged_in_london_time():
    # 16:30 UTC is 17:30 British Summer Time.
    assert is_out_of_hours(datetime.datetime(2026, 7, 1, 16, 30, tzinfo=UTC))


def test_aware_utc_time_early_in_summer_morning_is_judged_in_london_time():
    # 08:30 UTC is 09:30 BST: in hours, although 08:30 on its own would not be.
    assert not is_out_of_hours(datetime.datetime(2026, 7, 1, 8, 30, tzinfo=UTC))


def test_aware_utc_time_in_winter_matches_london_time():
    assert not is_out_of_hours(datetime.datetime(2026, 1, 14, 16, 30, tzinfo=UTC))
    assert is_out_of_hours(datetime.datetime(2026, 1, 14, 17, 0, tzinfo=UTC))


def test_late_utc_friday_evening_can_be_saturday_in_london():
    # 23:30 UTC on Friday 3 July is 00:30 on Saturday in London.
    moment = datetime.datetime(2026, 7, 3, 23, 30, tzinfo=UTC)
    assert is_out_of_hours(moment)


def test_aware_london_time_is_used_as_it_is():
    assert not is_out_of_hours(datetime.datetime(2026, 7, 1, 16, 30, tzinfo=LONDON))


def test_a_bare_date_is_refused():
    with pytest.raises(TypeError):
        is_out_of_hours(date(2026, 3, 11))  # type: ignore[arg-type]

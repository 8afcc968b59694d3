"""Calendar arithmetic used across the case record: ages, months and years later, working days.

One definition of each so that every page, report and document counts them the same way.
Pure functions of dates: no database, no settings, no time zone (callers pass the local day).

Bank holidays are computed rather than fetched: the service runs on closed council networks,
and a data file would silently go stale. Correct for England and Wales from 2015 onward,
including the one-off changes announced since then.
"""

from __future__ import annotations

import calendar
import datetime
from functools import lru_cache


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day`: a birthday counts from the day itself (born 29 February,
    a person turns a year older on 1 March in a year without one)."""
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (earlier when negative), or that month's last day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (earlier when negative); 29 February becomes 28 February in a
    year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def years_before(day: datetime.date, years: int) -> datetime.date:
    return add_years(day, -years)


# Working days ---------------------------------------------------------------------------------

# Royal Proclamations occasionally move a regular bank holiday to another day.
_MOVED_EARLY_MAY = {
    1995: datetime.date(1995, 5, 8),  # VE Day 50th anniversary
    2020: datetime.date(2020, 5, 8),  # VE Day 75th anniversary
}
_MOVED_SPRING = {
    2002: datetime.date(2002, 6, 4),  # Golden Jubilee
    2012: datetime.date(2012, 6, 4),  # Diamond Jubilee
    2022: datetime.date(2022, 6, 2),  # Platinum Jubilee
}
# One-off extra days that exist on top of the regular eight.
_EXTRA_DAYS = frozenset(
    {
        datetime.date(1999, 12, 31),  # Millennium
        datetime.date(2002, 6, 3),  # Golden Jubilee
        datetime.date(2011, 4, 29),  # Royal wedding
        datetime.date(2012, 6, 5),  # Diamond Jubilee
        datetime.date(2022, 6, 3),  # Platinum Jubilee
        datetime.date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
        datetime.date(2023, 5, 8),  # Coronation of King Charles III
    }
)

_SATURDAY = 5
_MONDAY = 0


def easter_sunday(year: int) -> datetime.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(_MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> datetime.date:
    # Day 1 of the next month minus a week lands in the last seven days of this month.
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_week = next_month - datetime.timedelta(days=7)
    return last_week + datetime.timedelta(days=(_MONDAY - last_week.weekday()) % 7)


def _next_free_weekday(day: datetime.date, taken: set[datetime.date]) -> datetime.date:
    while day.weekday() >= _SATURDAY or day in taken:
        day += datetime.timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def england_bank_holidays(year: int) -> frozenset[datetime.date]:
    """Bank holidays in England and Wales for ``year``, including substitute days."""
    easter = easter_sunday(year)
    holidays: set[datetime.date] = {
        _next_free_weekday(datetime.date(year, 1, 1), set()),
        easter - datetime.timedelta(days=2),
        easter + datetime.timedelta(days=1),
        _MOVED_EARLY_MAY.get(year, _first_monday(year, 5)),
        _MOVED_SPRING.get(year, _last_monday(year, 5)),
        _last_monday(year, 8),
    }
    # Christmas is placed first so that, when it falls on a Sunday, Boxing Day keeps
    # Monday 26th and Christmas's substitute moves on to Tuesday 27th.
    christmas_days: set[datetime.date] = set()
    for day in (datetime.date(year, 12, 25), datetime.date(year, 12, 26)):
        if day.weekday() < _SATURDAY:
            christmas_days.add(day)
    for day in (datetime.date(year, 12, 25), datetime.date(year, 12, 26)):
        if day.weekday() >= _SATURDAY:
            christmas_days.add(_next_free_weekday(day, christmas_days))
    holidays |= christmas_days
    holidays |= {day for day in _EXTRA_DAYS if day.year == year}
    return frozenset(holidays)


def is_bank_holiday(day: datetime.date) -> bool:
    return day in england_bank_holidays(day.year)


def is_weekend(day: datetime.date) -> bool:
    return day.weekday() >= _SATURDAY


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return not is_weekend(day) and not is_bank_holiday(day)


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """The working day `days` working days after `day` (before it when negative). Zero gives
    `day` itself when it is a working day, else the next one."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    if remaining == 0:
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
        return day
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it: where a
    date the system proposes (a review, a follow-up, a due date) lands."""
    return add_working_days(day, 0)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count


def recorded_days_later(
    happened_on: datetime.date | None, recorded_on: datetime.date | None, *, allowed: int
) -> int | None:
    """Working days from an event to the day it was recorded, when that is more than
    `allowed` (else None: recorded in good time). Weekends and bank holidays do not count."""
    if happened_on is None or recorded_on is None:
        return None
    late = working_days_between(happened_on, recorded_on)
    return late if late > allowed else None


def short_date(day: datetime.date) -> str:
    """ "4 Dec 2026": the day without a leading zero and the month capitalised, as every page
    prints a date (the templates' "j M Y")."""
    return f"{day.day} {day:%b %Y}"


def long_date(day: datetime.date) -> str:
    """ "4 December 2026" (the templates' "j F Y")."""
    return f"{day.day} {day:%B %Y}"

"""Derive "out of hours" from when a contact started.

Staff are paid and supervised differently for evening, weekend and bank holiday work, so
the flag must be computed from the contact's start, never typed in by hand. Weekends and bank
holidays come from `edgecare.dates` (its working days).
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from edgecare.dates import is_working_day

LONDON = ZoneInfo("Europe/London")

DEFAULT_DAY_START = datetime.time(9, 0)
DEFAULT_DAY_END = datetime.time(17, 0)


def to_london(moment: datetime.datetime) -> datetime.datetime:
    """Aware datetimes are converted to London time; naive ones are taken as London time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment
    return moment.astimezone(LONDON)


def is_out_of_hours(
    start: datetime.datetime,
    *,
    day_start: datetime.time = DEFAULT_DAY_START,
    day_end: datetime.time = DEFAULT_DAY_END,
) -> bool:
    """True for weekends, bank holidays, and times before ``day_start`` or from ``day_end``."""
    # A bare date has no time of day, and guessing one would misreport the flag.
    if not isinstance(start, datetime.datetime):
        raise TypeError("is_out_of_hours needs a datetime, not a date")
    local = to_london(start)
    if not is_working_day(local.date()):
        return True
    clock = local.time().replace(tzinfo=None)
    return clock < day_start.replace(tzinfo=None) or clock >= day_end.replace(tzinfo=None)

"""The outcome report, built at most once a while for the same scope and filters."""

from __future__ import annotations

import hashlib
from dataclasses import fields, replace

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from managers.models import CostAssumptions
from managers.outcome_facts import CaseFacts, ReportFilters
from managers.outcomes import OutcomeReport, build_report

# A cached report is thrown away, not misread, when a release changes what a report holds.
_REPORT_SHAPE = hashlib.sha256(
    repr(
        [(cls.__name__, [f.name for f in fields(cls)]) for cls in (OutcomeReport, CaseFacts)]
    ).encode()
).hexdigest()[:12]


def _generation_key(organisation_id) -> str:
    return f"outcome-report-generation:{organisation_id}"


def closures_changed(organisation_id) -> None:
    """Every cached report of the organisation is outdated: a closure was signed off or a
    signed-off closure corrected. Called by managers.signals after the sign-off commits."""
    key = _generation_key(organisation_id)
    cache.set(key, cache.get(key, 0) + 1, None)


def report_cache_key(user, filters: ReportFilters, assumptions: CostAssumptions) -> str:
    """What decides a report's figures: the scope (organisation, role, team, service: exactly
    what `case_scope_q` reads, so colleagues with the same scope share one report), the filters,
    today (re-referral windows and "awaiting" counts move with it) and the cost assumptions."""
    parts = [
        _REPORT_SHAPE,
        user.organisation_id,
        user.role,
        user.team_id,
        user.service_id,
        filters.date_from.isoformat(),
        filters.date_to.isoformat(),
        filters.team.pk if filters.team else "",
        filters.worker.pk if filters.worker else "",
        filters.intervention_model,
        filters.age_band,
        filters.gender,
        timezone.localdate().isoformat(),
        assumptions.pk or "",
        assumptions.updated_at.isoformat() if assumptions.updated_at else "",
        # A closure signed off, or a signed-off closure corrected (ClosureAmendment), changes
        # the figures at once, not when the cached report expires (managers.signals).
        cache.get(_generation_key(user.organisation_id), 0),
    ]
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return f"outcome-report:{digest}"


def report_for(user, filters: ReportFilters, *, with_cases: bool = False) -> OutcomeReport:
    """The report, worked out at most once every OUTCOME_REPORT_CACHE_SECONDS for the same scope
    and filters: the page, its CSVs and its PDF then agree, and month-end reporting by several
    managers costs one build. The cache is shared by every application server (the database
    cache by default) and holds identifiers, codes, dates and numbers only, never notes.

    The figures and the per-case facts behind them are kept apart: only the anonymised case
    rows need the facts (`with_cases`), and reading them back is most of a cached page's cost."""
    seconds = settings.OUTCOME_REPORT_CACHE_SECONDS
    if seconds <= 0:
        return build_report(user, filters)
    assumptions = CostAssumptions.for_organisation(user.organisation_id)
    key = report_cache_key(user, filters, assumptions)
    figures = cache.get(key)
    if isinstance(figures, OutcomeReport):
        if not with_cases:
            return figures
        cases = cache.get(f"{key}:cases")
        if isinstance(cases, list):
            return replace(figures, cases=cases)
    report = replace(build_report(user, filters, assumptions=assumptions), cache_key=key)
    cache.set_many({key: replace(report, cases=[]), f"{key}:cases": report.cases}, seconds)
    return report

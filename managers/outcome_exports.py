"""The outcome report's CSV rows: anonymised case rows (with their pseudonyms) and figure rows."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from families.selectors import FIRST_CONTACT_WITHIN_DAYS
from managers.outcomes import OutcomeReport, percent
from reviews.models import FollowUpCheck

# Case-level rows for export ---------------------------------------------------------------------


def pseudonym(pk: int) -> str:
    """A row id that is the same in every export but cannot be turned back into a case
    reference without the deployment's secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"outcome-row:{pk}".encode(), hashlib.sha256
    ).hexdigest()
    return "R" + digest[:12].upper()


def case_rows(report: OutcomeReport) -> tuple[list[str], list[list]]:
    """The anonymised case-level rows: codes, months and numbers, never a name, an address
    or anything a worker wrote. Cases referred or closed in the period."""
    filters = report.filters
    domains = [(d.domain_id, d.name) for d in report.distance]
    months = [f["months"] for f in report.follow_ups]
    header = [
        "row_id",
        "team",
        "intervention_model",
        "age_band_at_referral",
        "gender",
        "referral_month",
        "referral_source",
        "parent_asked_for_accommodation",
        "decision",
        "days_to_first_contact",
        "contacts",
        "out_of_hours_share_percent",
        "closure_month",
        "closure_reason",
        "key_outcome",
        "re_referred_within_12_months",
    ]
    for _pk, name in domains:
        for who in ("worker", "family"):
            header += [f"{name}: baseline ({who})", f"{name}: closure ({who})"]
    for n in months:
        header += [
            f"follow_up_{n}m_status",
            f"follow_up_{n}m_living_at_home",
            f"follow_up_{n}m_re_referred",
            f"follow_up_{n}m_entered_care",
        ]
    rows = []
    for case in report.cases:
        closure = case.closure
        closed_in = closure is not None and filters.in_period(closure["closure_date"])
        if not (filters.in_period(case.referral_date) or closed_in):
            continue
        row = [
            pseudonym(case.pk),
            case.team,
            case.intervention_model,
            case.age_band,
            case.gender,
            f"{case.referral_date:%Y-%m}",
            case.referral_source,
            "yes" if case.parent_requested_accommodation else "no",
            case.latest_decision,
            case.days_to_first_contact if case.days_to_first_contact is not None else "",
            case.contacts,
            percent(case.out_of_hours_contacts, case.contacts) if case.contacts else "",
            f"{closure['closure_date']:%Y-%m}" if closure else "",
            closure["reason"] if closure else "",
            closure["key_outcome"] if closure else "",
            ("yes" if case.re_referred_within_12_months else "no") if closure else "",
        ]
        scores = {s["domain_id"]: s for s in case.scores}
        for pk, _name in domains:
            score = scores.get(pk, {})
            for who in ("worker", "family"):
                row += [
                    _blank(score.get(f"baseline_{who}_score")),
                    _blank(score.get(f"{who}_score")),
                ]
        checks = {
            f["months_after"]: f
            for f in case.follow_ups
            if closure is None or f["closure_id"] == closure["pk"]
        }
        for n in months:
            check = checks.get(n)
            if check is None:
                row += ["", "", "", ""]
            else:
                done = check["status"] == FollowUpCheck.Status.DONE
                row += [
                    check["status"],
                    check["still_living_at_home"] if done else "",
                    ("yes" if check["re_referred"] else "no") if done else "",
                    ("yes" if check["entered_care"] else "no") if done else "",
                ]
        rows.append(row)
    return header, rows


def _blank(value):
    return "" if value is None else value


def figure_rows(report: OutcomeReport) -> list[list]:
    """The report's figures, one per row: section, measure, value, out of, definition."""
    d = report.definitions
    rows = [
        ["Referrals", "Referrals received", report.referrals, "", d["referrals"]],
        *[["Referrals", f"Referred in {m}", n, "", ""] for m, n in report.referrals_by_month],
        *[
            ["Referrals", f"Source: {s}", n, report.referrals, ""]
            for s, n in report.referrals_by_source
        ],
        [
            "Response",
            "Median days from referral to first contact",
            _blank(report.median_response_days),
            len(report.response_days),
            d["response"],
        ],
        [
            "Response",
            f"First contact within {FIRST_CONTACT_WITHIN_DAYS} day",
            report.responded_within_target,
            len(report.response_days),
            "",
        ],
        [
            "Response",
            "Median hours from referral to first contact",
            _blank(report.median_response_hours),
            len(report.response_hours),
            d["response_hours"],
        ],
        [
            "Response",
            "First contact within 24 hours",
            report.within_24_hours,
            len(report.response_hours),
            "",
        ],
        ["Response", "Still awaiting a first contact", report.awaiting_first_contact, "", ""],
        [
            "Contacts",
            "Out-of-hours share of contacts (%)",
            _blank(report.out_of_hours_share),
            report.contacts,
            d["out_of_hours"],
        ],
        ["Contacts", "Out-of-hours contacts", report.out_of_hours_contacts, report.contacts, ""],
        *[
            ["Closures", f"Closed: {reason}", n, "", d["closures"]]
            for reason, n in report.closures_by_reason
        ],
        [
            "Outcomes",
            "Living at home at closure (%)",
            _blank(report.at_home_share),
            report.closures_signed_off,
            d["at_home"],
        ],
        [
            "Outcomes",
            "Living at home at closure",
            report.at_home_at_closure,
            report.closures_signed_off,
            "",
        ],
    ]
    for check in report.follow_ups:
        rows.append(
            [
                "Outcomes",
                f"Still living at home {check['months']} months after closure (%)",
                _blank(check["share"]),
                check["answered"],
                d["follow_ups"],
            ]
        )
    rows.append(
        [
            "Outcomes",
            "Re-referred within 12 months of closure (%)",
            _blank(report.re_referral_share),
            report.closures_signed_off,
            d["re_referrals"],
        ]
    )
    for domain in report.distance:
        for who in ("worker", "family"):
            rows.append(
                [
                    "Distance travelled",
                    f"{domain.name} ({who}'s score): baseline, closure, change",
                    f"{_blank(getattr(domain, f'{who}_baseline'))}, "
                    f"{_blank(getattr(domain, f'{who}_closure'))}, "
                    f"{_blank(getattr(domain, f'{who}_change'))}",
                    getattr(domain, f"{who}_n"),
                    d["distance"],
                ]
            )
    cost = report.cost
    rows += [
        [
            "Cost avoided",
            "Estimated cost of care avoided (GBP)",
            cost.total,
            cost.young_people,
            d["cost"],
        ],
        ["Cost avoided", "Assumption: weekly placement cost (GBP)", cost.weekly_cost, "", ""],
        ["Cost avoided", "Assumption: weeks of care avoided per young person", cost.weeks, "", ""],
        [
            "Cost avoided",
            "Assumption: who counts",
            cost.assumptions.get_counted_cases_display(),
            "",
            "",
        ],
    ]
    return rows

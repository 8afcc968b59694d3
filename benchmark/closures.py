"""Generated closures: the closing summary, its scores and goal outcomes, and the follow-up
checks after it."""

from __future__ import annotations

import datetime

from benchmark import text as T
from benchmark.loading import at, clamp, same_domain, stamped
from edgecare.dates import add_months
from reviews.models import (
    Closure,
    ClosureDomainScore,
    ClosureGoalOutcome,
    FollowUpCheck,
)


class Closures:
    """The part of the builder that closes a case and schedules its follow-up checks."""

    def close_case(
        self,
        tb,
        case,
        day,
        manager,
        worker,
        fill,
        *,
        reason,
        assessment,
        plan,
        domain_rows,
        goals=(),
        signed=True,
    ):
        rng = self.rng
        d = datetime.timedelta
        entered_care = reason == "entered_care"
        closure = Closure(
            case=case,
            plan=plan,
            assessment=assessment,
            status="signed_off" if signed else "submitted",
            reason=reason,
            closure_date=day,
            key_outcome="care_foster"
            if entered_care
            else ("with_parents" if rng.random() < 0.95 else "kinship_informal"),
            key_outcome_other="",
            work_summary=T.CLOSURE_SUMMARY.format(**fill),
            ongoing_needs_assessment="Early help family worker for three months; school mentor.",
            contact_name="Early help duty worker",
            contact_role="Early help",
            contact_phone="0300 555 0190",
            out_of_hours_cover="Out-of-hours children's services: 0300 555 0199.",
            step_down_who="Early help team",
            step_down_what="Fortnightly visits for 3 months.",
            back_up_support="Grandparent nearby; the youth club on Fridays.",
            what_helped=T.WHAT_HELPED,
            family_confidence=rng.randint(5, 9),
            family_confidence_words="We know what to do now when it kicks off.",
            created_by=worker,
            submitted_by=worker,
            submitted_at=at(day, 16),
        )
        if signed:
            closure.signed_off_by = manager
            closure.signed_off_at = at(day + d(days=2), 11)
            closure.signed_off_on = day + d(days=2)
            case.status = "closed"
            case.closed_on = day
        case.updated_at = at(day, 17)
        tb.add("closures", Closure, stamped(closure, day))
        for row in domain_rows or []:
            score = clamp(
                row.worker_score + rng.choices([-1, 0, 1, 2, 3, 4], [3, 7, 20, 30, 25, 15])[0]
            )
            tb.new(
                "closure_domain_scores",
                ClosureDomainScore,
                day,
                closure=closure,
                **same_domain(row),
                baseline_worker_score=row.worker_score,
                baseline_family_score=row.family_score,
                worker_score=score,
                family_score=clamp(score + rng.randint(-1, 1)),
            )
        for g in goals:
            state = rng.choices(["achieved", "partly", "not_achieved"], [55, 35, 10])[0]
            tb.new(
                "closure_goal_outcomes",
                ClosureGoalOutcome,
                day,
                closure=closure,
                goal=g,
                state=state,
                final_score=g.target_score if state == "achieved" else g.baseline_score + 1,
                comment="Rows are rarer and shorter; we talk it through the next day.",
            )
        if not signed:
            return
        for months in (3, 6, 12):
            due = add_months(day, months)
            check = FollowUpCheck(case=case, closure=closure, months_after=months, due_date=due)
            if due < self.today:
                contacted = rng.random() < 0.9
                check.status = "done" if contacted else "no_contact"
                check.done_on = due + d(days=rng.randint(0, 10))
                check.done_by = manager
                if contacted:
                    at_home = not entered_care and rng.random() < 0.9
                    check.still_living_at_home = "yes" if at_home else "no"
                    check.entered_care = not at_home and rng.random() < 0.6
                    check.re_referred = rng.random() < 0.08
                else:
                    check.still_living_at_home = "unknown"
            tb.add("follow_up_checks", FollowUpCheck, stamped(check, min(due, self.today)))

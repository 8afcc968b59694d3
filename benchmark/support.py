"""Generated support at home: the assessment, the plan, its reviews and revisions."""

from __future__ import annotations

import datetime

from assessments.models import (
    Assessment,
    CarerView,
    DomainAssessment,
    IdentifiedNeed,
    IndicatorSet,
    YoungPersonView,
)
from benchmark import text as T
from benchmark.loading import at, clamp, same_domain, stamped
from plans.models import Action, Contingency, Goal, Plan, PlanContact
from reviews.models import (
    Review,
    ReviewDomainScore,
    ReviewGoalProgress,
)

RISK_LEVELS = ["low", "medium", "high", "very_high"]

# Every generated plan lists the same two people to call: the key worker in the day and the
# team's out-of-hours line in the evening, in this order.
PLAN_CONTACTS = [
    {
        "name": "Key worker",
        "role": "Family support worker",
        "phone": "0300 555 0141",
        "when_to_call": "Weekdays 9am to 5pm",
    },
    {
        "name": "Out-of-hours line",
        "role": "Edge of care team",
        "phone": "0300 555 0142",
        "when_to_call": "Evenings and weekends",
        "is_out_of_hours": True,
    },
]

# What a revised plan's goal carries over from the goal it copies (the rest is the new plan's
# own: its plan, and the link back to the original).
REVISED_GOAL_FIELDS = (
    "order",
    "domain",
    "domain_name",
    "need",
    "what_we_want_to_be_different",
    "how_we_will_know",
    "baseline_score",
    "family_baseline_score",
    "target_score",
)


class SupportAtHome:
    """The part of the builder that follows a decision to support the family at home."""

    def support_at_home(
        self, tb, case, *, members, fill, manager, worker_on, referral, close_on, busy
    ):
        """The assessment, the plan and its reviews, and the closure once the work ends.
        Returns the closure date if the case is closed by today, else None."""
        rng, today = self.rng, self.today
        d = datetime.timedelta
        yp = members["young"]
        carer = members["carers"][0]

        # Assessment ------------------------------------------------------------------------
        assessed_on = referral + d(days=rng.randint(10, 22))
        signed_on = assessed_on + d(days=rng.randint(3, 9))
        if today <= assessed_on:
            return None
        case.status = "assessment"
        assessor = worker_on(assessed_on)
        status = (
            "signed_off" if today > signed_on else ("submitted" if rng.random() < 0.5 else "draft")
        )
        assessment = Assessment(
            case=case,
            framework=self.framework,
            assessment_date=assessed_on,
            assessor=assessor,
            status=status,
            worries=T.WORRIES.format(**fill),
            working_well=T.WORKING_WELL.format(**fill),
            needs_to_happen=T.NEEDS_TO_HAPPEN.format(**fill),
            analysis="The strengths outweigh the risks if the evening support is in place.",
            risk_level=rng.choices(RISK_LEVELS, [10, 35, 40, 15])[0],
            risk_level_reason="Recent missing episodes and violence at home.",
        )
        if status in ("submitted", "signed_off"):
            assessment.submitted_at = at(assessed_on + d(days=1), 16)
            assessment.submitted_by = assessor
            self.notify(manager, "awaiting_sign_off", case, assessed_on + d(days=1))
        if status == "signed_off":
            assessment.signed_off_at = at(signed_on, 15)
            assessment.signed_off_on = signed_on
            assessment.signed_off_by = manager
        tb.add("assessments", Assessment, stamped(assessment, assessed_on))
        domain_rows = []
        for domain in self.domains:
            worker_score = rng.randint(1, 6)
            row = DomainAssessment(
                assessment=assessment,
                domain=domain,
                domain_name=domain.name,
                domain_order=domain.order,
                strengths="The family want things to change and have support nearby.",
                narrative="What the family told us about this part of their life.",
                worker_score=worker_score,
                family_score=clamp(worker_score + rng.randint(-1, 2)),
            )
            domain_rows.append(
                tb.add("domain_assessments", DomainAssessment, stamped(row, assessed_on))
            )
        need_domains = sorted(domain_rows, key=lambda r: (r.worker_score, r.domain_order))[:3]
        needs = []
        for priority, row in enumerate(need_domains, start=1):
            needs.append(
                tb.new(
                    "needs",
                    IdentifiedNeed,
                    assessed_on,
                    assessment=assessment,
                    domain=row.domain,
                    domain_name=row.domain_name,
                    priority=priority,
                    description=rng.choice(T.NEED_TEXT).format(**fill),
                )
            )
        for p in yp:
            tb.new(
                "young_person_views",
                YoungPersonView,
                assessed_on,
                assessment=assessment,
                person=p,
                seen_alone=rng.random() < 0.7,
                seen_on=assessed_on,
                views="I want to stay at home but not with the shouting.",
            )
        tb.new(
            "carer_views",
            CarerView,
            assessed_on,
            assessment=assessment,
            person=carer,
            seen_on=assessed_on,
            views="I love them but I can't keep going like this every night.",
        )
        indicators = IndicatorSet(
            case=case,
            assessment=assessment,
            occasion="assessment",
            recorded_on=assessed_on,
            period_weeks=12,
            school_attendance_percent=rng.randint(30, 85),
            exclusions=rng.randint(0, 3),
            missing_episodes=rng.randint(0, 5),
            offences=rng.randint(0, 2),
            police_callouts=rng.randint(0, 4),
            tool_informant="parent",
            tool_score=rng.randint(12, 30),
            recorded_by=assessor,
        )
        indicators.tool_band = indicators.compute_tool_band()
        tb.add("indicator_sets", IndicatorSet, stamped(indicators, assessed_on))
        if status != "signed_off":
            return None

        # Plan --------------------------------------------------------------------------------
        case.status = "active"
        agreed_on = signed_on + d(days=rng.randint(3, 10))
        cadence = rng.choice([4, 6, 6, 6, 8])
        plan_status = "agreed" if today > agreed_on else "draft"
        plan = Plan(
            case=case,
            assessment=assessment,
            version=1,
            status=plan_status,
            start_date=agreed_on,
            review_cadence_weeks=cadence,
            created_by=worker_on(signed_on),
        )
        if plan_status == "agreed":
            plan.agreed_on = agreed_on
            plan.family_comments = "We want it to be calmer at home and we'll give it a go."
            plan.agreed_recorded_by = worker_on(agreed_on)
            plan.agreed_recorded_at = at(agreed_on, 18)
            plan.next_review_date = agreed_on + d(weeks=cadence)
            self.notify(manager, "plan_agreed", case, agreed_on)
        tb.add("plans", Plan, stamped(plan, signed_on + d(days=1)))
        agreed_through = Plan.agreed_by_people.through
        if plan_status == "agreed":
            for p in [*yp, carer]:
                tb.add("plan_agreed_by", agreed_through, agreed_through(plan=plan, person=p))
        baselines = {r.domain.pk: r.worker_score for r in domain_rows}
        goals = self.new_plan_items(tb, plan, needs, members, fill, agreed_on, worker_on, baselines)
        if plan_status != "agreed":
            return None

        # Reviews, with one plan in five revised at a review ------------------------------------
        review_days = []
        day = agreed_on + d(weeks=cadence)
        end = min(close_on - d(days=7), today)
        while day <= end and len(review_days) < 40:
            review_days.append(day)
            day += d(weeks=cadence)
        is_open = today < close_on
        if is_open and review_days and rng.random() < 0.12:
            review_days.pop()  # an overdue review: the open case's next review has passed
        revise_at = (
            rng.randrange(len(review_days))
            if (review_days and (busy or rng.random() < 0.2))
            else None
        )
        risk = assessment.risk_level
        current_plan, current_goals = plan, goals
        n_reviews = len(review_days)
        for k, rday in enumerate(review_days):
            progress = (k + 1) / (n_reviews + 1)
            draft = is_open and k == n_reviews - 1 and rng.random() < 0.1
            previous_risk = risk
            risk = RISK_LEVELS[max(0, RISK_LEVELS.index(risk) - (1 if rng.random() < 0.3 else 0))]
            decision = "continue"
            if k == revise_at:
                decision = "revise"
            if not is_open and k == n_reviews - 1:
                decision = "prepare_closure"
            reviewer = worker_on(rday)
            review = Review(
                case=case,
                plan=current_plan,
                review_date=rday,
                review_type=rng.choices(["planned", "early", "multi_agency"], [75, 10, 15])[0],
                status="draft" if draft else "completed",
                attendees_others="School's head of year",
                progress_summary=T.REVIEW_PROGRESS.format(**fill),
                young_person_views=T.REVIEW_VIEWS_YP.format(**fill),
                family_views=T.REVIEW_VIEWS_FAMILY.format(**fill),
                risk_level=risk,
                risk_reason="Fewer incidents since the plan started.",
                previous_risk_level=previous_risk,
                decision="" if draft else decision,
                decision_reason="" if draft else "Progress is steady; keep going.",
                next_review_date=None if decision == "prepare_closure" else rday + d(weeks=cadence),
                created_by=reviewer,
                completed_by=None if draft else reviewer,
                completed_at=None if draft else at(rday, 17),
            )
            tb.add("reviews", Review, stamped(review, rday))
            for g in current_goals:
                tb.new(
                    "review_goal_progress",
                    ReviewGoalProgress,
                    rday,
                    review=review,
                    goal=g,
                    score=clamp(
                        g.baseline_score
                        + round((g.target_score - g.baseline_score) * progress)
                        + rng.randint(-1, 1)
                    ),
                    commentary="Better most weeks; a wobble after half-term.",
                )
            for row in domain_rows:
                score = clamp(row.worker_score + round(3 * progress) + rng.randint(-1, 1))
                tb.new(
                    "review_domain_scores",
                    ReviewDomainScore,
                    rday,
                    review=review,
                    **same_domain(row),
                    worker_score=score,
                    family_score=clamp(score + rng.randint(-1, 1)),
                )
            attendee = Review.attendee_people.through
            tb.add("review_attendees", attendee, attendee(review=review, person=carer))
            if not draft:
                current_plan.next_review_date = review.next_review_date
            if k == revise_at and not draft:
                revised_on = rday + d(days=rng.randint(2, 7))
                if revised_on < today:
                    current_plan, current_goals = self.revise_plan(
                        tb, current_plan, current_goals, revised_on, worker_on(revised_on)
                    )
        if is_open:
            if close_on - today <= d(days=10):
                case.status = "closing"
                self.close_case(
                    tb,
                    case,
                    today - d(days=1),
                    manager,
                    worker_on(today),
                    fill,
                    reason="goals_achieved",
                    assessment=assessment,
                    plan=current_plan,
                    domain_rows=domain_rows,
                    goals=current_goals,
                    signed=False,
                )
            return None
        self.close_case(
            tb,
            case,
            close_on,
            manager,
            worker_on(close_on),
            fill,
            reason=rng.choices(
                [
                    "goals_achieved",
                    "step_down_early_help",
                    "step_down_universal",
                    "disengaged",
                    "moved_away",
                    "entered_care",
                ],
                [45, 25, 12, 8, 5, 5],
            )[0],
            assessment=assessment,
            plan=current_plan,
            domain_rows=domain_rows,
            goals=current_goals,
        )
        current_plan.next_review_date = None
        return close_on

    def new_plan_items(
        self, tb, plan, needs, members, fill, day, worker_on, baselines: dict[int, int]
    ) -> list[Goal]:
        rng = self.rng
        goals = []
        for order, need in enumerate(needs, start=1):
            baseline = baselines[need.domain_id]
            goal = Goal(
                plan=plan,
                order=order,
                domain=need.domain,
                domain_name=need.domain_name,
                need=need,
                what_we_want_to_be_different=need.description,
                how_we_will_know=T.GOAL_KNOW,
                baseline_score=baseline,
                family_baseline_score=clamp(baseline + rng.randint(-1, 1)),
                target_score=clamp(baseline + rng.randint(3, 5)),
            )
            goals.append(tb.add("goals", Goal, stamped(goal, day)))
            for a in range(2):
                owner_person = (
                    rng.choice([*members["young"], *members["carers"]]) if a == 0 else None
                )
                tb.new(
                    "actions",
                    Action,
                    day,
                    goal=goal,
                    order=a + 1,
                    what=rng.choice(T.ACTION_TEXT).format(**fill),
                    owner_person=owner_person,
                    owner_worker=None if owner_person else worker_on(day),
                    due_date=day + datetime.timedelta(weeks=rng.randint(2, 10)),
                    status=rng.choice(["not_started", "under_way", "done"]),
                )
        for order, (if_this, we_do) in enumerate(T.CONTINGENCY, start=1):
            tb.new(
                "contingencies",
                Contingency,
                day,
                plan=plan,
                order=order,
                if_this_happens=if_this.format(**fill),
                what_we_will_do=we_do.format(**fill),
                who_does_it=fill["parent"],
            )
        for order, contact in enumerate(PLAN_CONTACTS, start=1):
            contact_row = PlanContact(plan=plan, order=order, **contact)
            tb.add("plan_contacts", PlanContact, stamped(contact_row, day))
        return goals

    def revise_plan(self, tb, plan, goals, day, by):
        plan.status = "superseded"
        plan.superseded_at = at(day, 17)
        revised = Plan(
            case=plan.case,
            assessment=plan.assessment,
            version=plan.version + 1,
            previous_version=plan,
            revision_reason="The review agreed new evening rules.",
            status="agreed",
            start_date=day,
            review_cadence_weeks=plan.review_cadence_weeks,
            agreed_on=day,
            family_comments="The new rules are fairer.",
            agreed_recorded_by=by,
            agreed_recorded_at=at(day, 17),
            next_review_date=plan.next_review_date,
            created_by=by,
        )
        tb.add("plans_revised", Plan, stamped(revised, day))
        new_goals = []
        for g in goals:
            copy = Goal(
                plan=revised,
                copied_from=g,
                **{name: getattr(g, name) for name in REVISED_GOAL_FIELDS},
            )
            new_goals.append(tb.add("goals_revised", Goal, stamped(copy, day)))
        return revised, new_goals

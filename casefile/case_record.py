"""The case record for managers and inspectors: one document (PDF and print view) that evidences
what changed for a family, from referral and decision to closure and follow-up. It reads every
app, so it lives in the composition layer.

Assembled in a fixed number of queries however many contacts, reviews or plan versions the case
has. Who may generate it: anyone who may view the case; every generation is in the access log.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    AgencyContribution,
    Assessment,
    CarerView,
    DomainAssessment,
    IdentifiedNeed,
    IndicatorSet,
    YoungPersonView,
)
from attachments.selectors import attachments_of_case, with_targets
from casefile.chronology import CHRONOLOGY, entries_for_case
from edgecare.charts import horizontal_bar_chart, paired_bar_chart
from edgecare.line_charts import small_multiples_chart
from edgecare.models import AccessLog
from edgecare.pdf import render_pdf
from families.models import Allocation, Case, Contact, Decision, Person, SignificantEvent
from families.selectors import (
    contact_figures,
    first_contact_summary,
    household_history,
)
from plans.models import Plan
from plans.selectors import with_plan_contents
from reviews.models import (
    CaseReopening,
    Closure,
    ClosureGoalOutcome,
    FollowUpCheck,
    Review,
    ReviewGoalProgress,
)

RECORD_TYPE = AccessLog.RecordType.CASE_RECORD
PANEL_TEMPLATE = "casefile/case_record/case_panel.html"
CHART_WIDTH = 640
# The progress table's columns per table: more occasions (a long case's many reviews) go on in
# a second table, so the scores stay readable on A4.
PROGRESS_TABLE_OCCASIONS = 8

# How much of the chronology the record carries. The default, "summary", is every entry except
# the individual contacts, which are counted month by month instead (those marked as significant
# stay in, with their analysis): a busy case's hundreds of visit notes would otherwise be most
# of the document, and bury the events that matter. "full" adds every contact; "significant"
# keeps only the marked entries. The chronology page and its print view always hold everything.
CHRONOLOGY_SUMMARY = "summary"
CHRONOLOGY_FULL = "full"
CHRONOLOGY_SIGNIFICANT = "significant"
CHRONOLOGY_OPTIONS = (CHRONOLOGY_SUMMARY, CHRONOLOGY_FULL, CHRONOLOGY_SIGNIFICANT)
CONTACT_KIND = "contact"


# The record's parts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YoungPersonRow:
    name: str
    date_of_birth: datetime.date | None
    age_at_referral: int | None
    age_now: int | None
    statutory_plan: str
    gender: str


@dataclass(frozen=True)
class ChronologyRow:
    entry: object
    label: str
    mark: SignificantEvent | None


@dataclass(frozen=True)
class ScorePoint:
    occasion: str
    worker: int | None
    family: int | None
    # On the chart's narrow axis: "Start", "R1", "R2"... "Close"; the table has the dates.
    short: str = ""


@dataclass
class DomainProgress:
    """One outcome domain's scores over the life of the case: baseline, reviews, closure."""

    name: str
    points: list[ScorePoint] = field(default_factory=list)

    @property
    def has_scores(self) -> bool:
        return any(p.worker is not None or p.family is not None for p in self.points)


def _young_people(case: Case, today: datetime.date) -> list[YoungPersonRow]:
    return [
        YoungPersonRow(
            name=p.full_name,
            date_of_birth=p.date_of_birth,
            age_at_referral=p.age_on(case.referral_date),
            age_now=p.age_on(today),
            statutory_plan=p.get_statutory_plan_display(),
            gender=p.get_gender_display(),
        )
        for p in case.young_people.all()
    ]


def _responsibility_and_safety(case: Case) -> dict:
    """Who holds parental responsibility and how, who cares for whom, and every safety note:
    for staff reading the record (none of it is on a family document)."""
    members = list(case.family.members.prefetch_related("cares_for"))
    return {
        "parental_responsibility": [p for p in members if p.has_parental_responsibility],
        "responsibility_unknown": [
            p
            for p in members
            if p.parental_responsibility == Person.ParentalResponsibility.NOT_KNOWN
        ],
        "carers": [p for p in members if p.is_carer],
        "young_carers": [p for p in members if p.is_young_carer],
        "judged_competent": [p for p in members if p.judged_competent_on],
        "safety_notes": [p for p in members if p.has_safety_note],
    }


def _contact_figures(case: Case, today: datetime.date) -> dict:
    first = Contact.objects.filter(case=case).order_by("contact_date", "start_time", "pk").first()
    return {
        **contact_figures(case, today=today),
        "first_contact": first,
        "first_contact_summary": first_contact_summary(case, first, today),
    }


def _chronology(case: Case, *, mode: str) -> list[ChronologyRow]:
    """The derived chronology, oldest first so the record reads as the family's story."""
    kinds = CHRONOLOGY
    labels = {k.kind: k.label for k in kinds}
    marks = {
        (m.entry_kind, m.entry_id): m
        for m in SignificantEvent.objects.filter(case=case).select_related("marked_by")
    }
    wanted = None
    if mode == CHRONOLOGY_SUMMARY and not any(kind == CONTACT_KIND for kind, _ in marks):
        # Nothing about the contacts is kept one by one, so they are not loaded at all.
        wanted = [k.kind for k in kinds if k.kind != CONTACT_KIND]
    rows = []
    for entry in reversed(entries_for_case(case, wanted)):
        mark = marks.get((entry.kind, entry.id))
        if mark is None and (
            mode == CHRONOLOGY_SIGNIFICANT
            or (mode == CHRONOLOGY_SUMMARY and entry.kind == CONTACT_KIND)
        ):
            continue
        rows.append(ChronologyRow(entry, labels.get(entry.kind, entry.kind), mark))
    return rows


@dataclass(frozen=True)
class ContactMonth:
    month: datetime.date
    contacts: int
    out_of_hours: int
    seen_alone: int
    minutes: int

    @property
    def hours(self) -> str:
        return f"{self.minutes / 60:.1f}".removesuffix(".0")


def _contacts_by_month(case: Case) -> list[ContactMonth]:
    """Contacts counted per calendar month, for the summary chronology."""
    rows = (
        Contact.objects.filter(case=case)
        .annotate(month=TruncMonth("contact_date"))
        .values("month")
        .annotate(
            contacts=Count("pk"),
            out_of_hours=Count("pk", filter=Q(out_of_hours=True)),
            seen_alone=Count("pk", filter=Q(young_person_seen_alone=True)),
            minutes=Sum("duration_minutes"),
        )
        .order_by("month")
    )
    return [
        ContactMonth(
            month=row["month"],
            contacts=row["contacts"],
            out_of_hours=row["out_of_hours"],
            seen_alone=row["seen_alone"],
            minutes=row["minutes"] or 0,
        )
        for row in rows
    ]


def _assessments(case: Case) -> tuple[Assessment | None, list[Assessment]]:
    """The latest signed-off assessment with everything it records, and the other versions."""
    assessments = list(
        Assessment.objects.filter(case=case)
        .select_related("assessor", "signed_off_by", "framework")
        .prefetch_related(
            Prefetch(
                "domain_assessments",
                queryset=DomainAssessment.objects.select_related("domain").prefetch_related(
                    "risk_factors"
                ),
            ),
            Prefetch("needs", queryset=IdentifiedNeed.objects.order_by("priority", "id")),
            Prefetch(
                "young_person_views", queryset=YoungPersonView.objects.select_related("person")
            ),
            Prefetch("carer_views", queryset=CarerView.objects.select_related("person")),
            Prefetch("agency_contributions", queryset=AgencyContribution.objects.all()),
        )
        .order_by("assessment_date", "version", "pk")
    )
    signed_off = [a for a in assessments if a.is_signed_off]
    # The same choice as assessments.selectors.latest_signed_off_assessment, made in memory.
    latest = max(
        signed_off,
        key=lambda a: (a.signed_off_at, a.version, a.pk),
        default=None,
    )
    others = [a for a in assessments if a is not latest]
    return latest, others


def _baseline_charts(rows: list[DomainAssessment]) -> dict:
    return {
        "worker": horizontal_bar_chart(
            [(r.domain_name, r.worker_score) for r in rows],
            title="Baseline: worker's score per outcome area, 0 to 10",
            width=CHART_WIDTH,
        ),
        "family": horizontal_bar_chart(
            [(r.domain_name, r.family_score) for r in rows],
            title="Baseline: family's own score per outcome area, 0 to 10",
            width=CHART_WIDTH,
        ),
    }


def _plans(case: Case) -> tuple[list[Plan], Plan | None]:
    """Every version of the plan (oldest first) with its contents, and the one to show: the
    plan in force, or the newest version when none has been agreed."""
    plans = list(
        with_plan_contents(
            Plan.objects.filter(case=case).select_related("created_by", "agreed_recorded_by")
        ).order_by("version", "pk")
    )
    in_force = next((p for p in reversed(plans) if p.is_agreed), None)
    return plans, in_force or (plans[-1] if plans else None)


def _indicator_sets(case: Case) -> list[IndicatorSet]:
    return list(IndicatorSet.objects.filter(case=case).order_by("recorded_on", "pk"))


def _reviews(case: Case) -> list[Review]:
    """Completed reviews, oldest first, with progress per goal and the re-scored domains."""
    return list(
        Review.objects.filter(case=case)
        .completed()
        .select_related("plan", "completed_by", "indicators")
        .prefetch_related(
            Prefetch(
                "goal_progress",
                queryset=ReviewGoalProgress.objects.select_related("goal").order_by(
                    "goal__order", "goal_id"
                ),
            ),
            "domain_scores",
            "attendee_people",
            "attendee_agencies",
        )
        .order_by("review_date", "pk")
    )


def _closures(case: Case) -> tuple[list[Closure], Closure | None]:
    """Every closure a manager signed off (a re-opened case may have more than one), oldest
    first, and one still being prepared, if any."""
    closures = list(
        Closure.objects.filter(case=case)
        .exclude(status=Closure.Status.WITHDRAWN)
        .select_related("created_by", "signed_off_by", "indicators", "plan")
        .prefetch_related(
            "domain_scores",
            Prefetch(
                "goal_outcomes",
                queryset=ClosureGoalOutcome.objects.select_related("goal").order_by(
                    "goal__order", "goal_id"
                ),
            ),
            "ongoing_needs_done_with",
            Prefetch(
                "follow_up_checks",
                queryset=FollowUpCheck.objects.select_related("done_by").order_by("due_date", "pk"),
            ),
        )
        .order_by("closure_date", "pk")
    )
    signed_off = [c for c in closures if c.is_signed_off]
    in_progress = next((c for c in closures if not c.is_signed_off and c.reopened_at is None), None)
    return signed_off, in_progress


def _short_date(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _domain_progress(
    baseline_rows: list[DomainAssessment], reviews: list[Review], closure: Closure | None
) -> list[DomainProgress]:
    """Per outcome domain: baseline, each review, closure; worker's and family's scores.

    Domains are matched by id, so a domain renamed after the assessment stays one line; the
    name shown is the newest snapshot."""
    occasions: list[tuple[str, str, dict[int, tuple[str, int | None, int | None]]]] = []
    occasions.append(
        (
            "Baseline",
            "Start",
            {r.domain_id: (r.domain_name, r.worker_score, r.family_score) for r in baseline_rows},
        )
    )
    for number, review in enumerate(reviews, start=1):
        occasions.append(
            (
                f"Review {number} ({_short_date(review.review_date)})",
                f"R{number}",
                {
                    s.domain_id: (s.domain_name, s.worker_score, s.family_score)
                    for s in review.domain_scores.all()
                },
            )
        )
    if closure is not None:
        occasions.append(
            (
                f"Closure ({_short_date(closure.closure_date)})",
                "Close",
                {
                    s.domain_id: (s.domain_name, s.worker_score, s.family_score)
                    for s in closure.domain_scores.all()
                },
            )
        )
    progress: dict[int, DomainProgress] = {}
    for _, _short, scores in occasions:
        for domain_id, (name, _w, _f) in scores.items():
            progress.setdefault(domain_id, DomainProgress(name=name)).name = name
    for label, short, scores in occasions:
        for domain_id, line in progress.items():
            _, worker, family = scores.get(domain_id, (None, None, None))
            line.points.append(ScorePoint(label, worker, family, short))
    return [line for line in progress.values() if line.has_scores]


def _progress_figure(lines: list[DomainProgress]) -> dict:
    """Every outcome area's scores over the case as one small-multiples figure (one SVG: nine
    charts cost the PDF a second and five pages), and its numbers as one table, split into
    tables of PROGRESS_TABLE_OCCASIONS occasions when there are more."""
    if not lines:
        return {}
    chart = small_multiples_chart(
        [
            (
                line.name,
                {
                    "Worker's score": [(p.short, p.worker) for p in line.points],
                    "Family's own score": [(p.short, p.family) for p in line.points],
                },
            )
            for line in lines
        ],
        title="Scores in each outcome area from the baseline to closure, 0 to 10",
        width=CHART_WIDTH,
    )
    count = len(lines[0].points)
    tables = [
        {
            "occasions": [
                p.occasion for p in lines[0].points[start : start + PROGRESS_TABLE_OCCASIONS]
            ],
            "rows": [
                (line.name, line.points[start : start + PROGRESS_TABLE_OCCASIONS]) for line in lines
            ],
        }
        for start in range(0, count, PROGRESS_TABLE_OCCASIONS)
    ]
    return {"chart": chart, "tables": tables}


def _closure_charts(closure: Closure) -> dict:
    rows = list(closure.domain_scores.all())
    if not rows:
        return {}
    return {
        "worker": paired_bar_chart(
            [(r.domain_name, r.baseline_worker_score, r.worker_score) for r in rows],
            series=("Baseline", "Closure"),
            title="Worker's scores: baseline against closure, 0 to 10",
            width=CHART_WIDTH,
        ),
        "family": paired_bar_chart(
            [(r.domain_name, r.baseline_family_score, r.family_score) for r in rows],
            series=("Baseline", "Closure"),
            title="Family's own scores: baseline against closure, 0 to 10",
            width=CHART_WIDTH,
        ),
    }


def _at_a_glance(closure: Closure | None, reviews: list[Review]) -> dict:
    """The headline of what changed, from the closure (or, before it, the latest review)."""
    if closure is None:
        return {"closed": False, "review_count": len(reviews)}
    rows = list(closure.domain_scores.all())
    moved = [r.distance_travelled for r in rows if r.distance_travelled is not None]
    outcomes = list(closure.goal_outcomes.all())
    checks = [c for c in closure.follow_up_checks.all() if c.status == FollowUpCheck.Status.DONE]
    return {
        "closed": True,
        "review_count": len(reviews),
        "key_outcome": closure.key_outcome_display,
        "reason": closure.get_reason_display(),
        "goals_total": len(outcomes),
        "goals_achieved": sum(1 for o in outcomes if o.is_achieved),
        "domains_improved": sum(1 for m in moved if m > 0),
        "domains_scored": len(moved),
        "average_distance": round(sum(moved) / len(moved), 1) if moved else None,
        "latest_check": checks[-1] if checks else None,
    }


def case_record_context(
    case: Case,
    *,
    generated_by,
    chronology: str = CHRONOLOGY_SUMMARY,
    today: datetime.date | None = None,
) -> dict:
    """Everything the case record shows. `case` comes from case_for_user_or_404 (family,
    service, team and lead professional already joined)."""
    today = today or timezone.localdate()
    if chronology not in CHRONOLOGY_OPTIONS:
        chronology = CHRONOLOGY_SUMMARY
    decisions = list(
        Decision.objects.filter(case=case)
        .select_related("recorded_by")
        .order_by("decided_on", "pk")
    )
    allocations = list(
        Allocation.objects.filter(case=case)
        .select_related("worker", "allocated_by")
        .order_by("started_at", "pk")
    )
    assessment, other_assessments = _assessments(case)
    baseline_rows = list(assessment.domain_assessments.all()) if assessment else []
    plans, plan = _plans(case)
    reviews = _reviews(case)
    closures, closure_in_progress = _closures(case)
    closure = closures[-1] if closures else None
    progress = _domain_progress(baseline_rows, reviews, closure)
    context = {
        "case": case,
        "family": case.family,
        "generated_at": timezone.localtime(),
        "generated_by": generated_by,
        "young_people": _young_people(case, today),
        "people": _responsibility_and_safety(case),
        "decisions": decisions,
        "allocations": allocations,
        "household": household_history(case),
        "contacts": _contact_figures(case, today),
        "chronology": _chronology(case, mode=chronology),
        "chronology_mode": chronology,
        "contact_months": _contacts_by_month(case) if chronology == CHRONOLOGY_SUMMARY else [],
        "assessment": assessment,
        "other_assessments": other_assessments,
        "baseline_rows": baseline_rows,
        "baseline_charts": _baseline_charts(baseline_rows) if baseline_rows else None,
        "domain_findings": [
            r for r in baseline_rows if r.narrative or r.strengths or r.risk_factors.all()
        ],
        "indicator_sets": _indicator_sets(case),
        "plans": plans,
        "plan": plan,
        "reviews": reviews,
        "domain_progress": progress,
        "progress_figure": _progress_figure(progress),
        "closures": [(c, _closure_charts(c)) for c in closures],
        "closure": closure,
        "closure_in_progress": closure_in_progress,
        "reopenings": list(
            CaseReopening.objects.filter(case=case)
            .select_related("reopened_by")
            .order_by("reopened_at", "pk")
        ),
        "at_a_glance": _at_a_glance(closure, reviews),
        "documents": with_targets(list(attachments_of_case(case))),
        "withdrawn_document_count": attachments_of_case(case, withdrawn=True).count(),
    }
    return context


# Rendering -------------------------------------------------------------------------------------


def render_case_record_pdf(context: dict) -> bytes:
    """Through the application's one PDF pipeline (edgecare.pdf: nothing fetched). The
    stylesheet is a template beside the document, used by this document alone."""
    return render_pdf(
        "casefile/case_record/pdf.html",
        context,
        extra_css=render_to_string("casefile/case_record/pdf.css"),
    )


def pdf_filename(case: Case) -> str:
    return f"case-record-{case.reference}.pdf"


# The case page -------------------------------------------------------------------------------


def case_record_panel(request, case: Case) -> dict:
    """Links only: nothing is generated (or logged) until someone follows one."""
    return {
        "case_record_pdf_url": reverse("case_record:pdf", args=[case.pk]),
        "case_record_full_pdf_url": reverse("case_record:pdf", args=[case.pk])
        + f"?chronology={CHRONOLOGY_FULL}",
        "case_record_print_url": reverse("case_record:html", args=[case.pk]),
    }

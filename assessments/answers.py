"""An assessment's answers, section by section, for the one check-answers page of the sign-off
workflow (edgecare.signoff_views): what the worker reads before submitting and the manager
before signing off, each section with the page it is changed on."""

from __future__ import annotations

from django.urls import reverse

from assessments import services
from edgecare.signoff_views import Answer, AnswerSection
from families.selectors import Loaded


def _score(value) -> str:
    return "Not scored" if value is None else f"{value} out of 10"


def _known(value, suffix: str = "") -> str:
    return "Not known" if value is None else f"{value}{suffix}"


def assessment_answers(loaded: Loaded) -> list[AnswerSection]:
    assessment = services.assessment_with_relations(loaded.record.pk)
    case = assessment.case  # with its young people prefetched
    args = [case.pk, assessment.pk]

    def url(name: str, *extra) -> str:
        return reverse(f"assessments:{name}", args=[*args, *extra])

    sections = [
        AnswerSection(
            "overview",
            "About this assessment",
            [
                Answer("Type", assessment.get_assessment_type_display()),
                Answer("Date", f"{assessment.assessment_date:%-d %B %Y}"),
                Answer("Assessor", str(assessment.assessor)),
                Answer("Outcome framework", assessment.framework.name),
            ],
            url("edit_overview"),
        ),
        AnswerSection(
            "summary",
            "Summary",
            [
                Answer("What we are worried about", assessment.worries),
                Answer("What is working well", assessment.working_well),
                Answer("What needs to happen", assessment.needs_to_happen),
            ],
            url("edit_summary"),
        ),
        AnswerSection(
            "analysis",
            "Analysis and overall risk",
            [
                Answer("Analysis", assessment.analysis),
                Answer(
                    "Overall risk",
                    assessment.get_risk_level_display() if assessment.risk_level else "",
                ),
                Answer("Why this level", assessment.risk_level_reason),
            ],
            url("edit_analysis"),
        ),
    ]
    for row in assessment.domain_assessments.all():
        sections.append(
            AnswerSection(
                f"domain-{row.pk}",
                row.domain_name,
                [
                    Answer(
                        "Risk factors",
                        ", ".join(f.name for f in row.risk_factors.all()) or "None recorded",
                    ),
                    Answer("What we found", row.narrative),
                    Answer("Strengths and protective factors", row.strengths),
                    Answer("Worker's score", _score(row.worker_score)),
                    Answer(
                        "Family's score",
                        "Not given yet" if row.family_score is None else _score(row.family_score),
                    ),
                ],
                url("edit_domain", row.pk),
            )
        )
    views = {v.person_id: v for v in assessment.young_person_views.all()}
    for person in case.young_people.all():
        view = views.get(person.pk)
        sections.append(
            AnswerSection(
                f"young-person-{person.pk}",
                f"{person.full_name}'s own views",
                [
                    Answer("Their views", view.views if view else ""),
                    Answer(
                        "Seen on their own",
                        ("Yes" if view.seen_alone else "No") if view else "",
                    ),
                ],
                url("edit_young_person_view", person.pk),
            )
        )
    carer_views = {v.person_id: v for v in assessment.carer_views.all()}
    for person in case.family.members.all():
        if not person.is_parent_or_carer:
            continue
        view = carer_views.get(person.pk)
        sections.append(
            AnswerSection(
                f"carer-{person.pk}",
                f"{person.full_name}'s views ({person.get_relationship_display().lower()})",
                [Answer("Their views", view.views if view else "")],
                url("edit_carer_view", person.pk),
            )
        )
    sections.append(
        AnswerSection(
            "agencies",
            "Other agencies' contributions",
            [
                Answer(f"{c.agency_name}: {c.contributor}", c.contribution)
                for c in assessment.agency_contributions.all()
            ],
            url("add_agency_contribution"),
        )
    )
    sections.append(
        AnswerSection(
            "needs",
            "Identified needs",
            [Answer(n.domain_name, n.description) for n in assessment.needs.all()],
            url("add_need"),
        )
    )
    indicators = services.indicators_for(assessment)
    sections.append(
        AnswerSection(
            "indicators",
            "Measurable indicators",
            [
                Answer("School attendance", _known(indicators.school_attendance_percent, "%")),
                Answer("Exclusions", _known(indicators.exclusions)),
                Answer("Missing episodes", _known(indicators.missing_episodes)),
                Answer("Offences", _known(indicators.offences)),
                Answer("Police call-outs", _known(indicators.police_callouts)),
            ]
            if indicators
            else [],
            url("edit_indicators"),
        )
    )
    return sections

"""A closure's answers, section by section, for the one check-answers page of the sign-off
workflow (edgecare.signoff_views): what the worker reads before submitting and the manager
before signing off (which closes the case), each section with the page it is changed on."""

from __future__ import annotations

from django.urls import reverse

from edgecare.signoff_views import Answer, AnswerSection
from families.selectors import Loaded
from reviews.selectors import closure_with_contents


def _score(value) -> str:
    return "Not scored" if value is None else str(value)


def _distance(value) -> str:
    if value is None:
        return ""
    return f", distance travelled {value:+d}"


def closure_answers(loaded: Loaded) -> list[AnswerSection]:
    closure = closure_with_contents(loaded.record)
    args = [loaded.case.pk, closure.pk]

    def url(name: str) -> str:
        return reverse(f"reviews:{name}", args=args)

    scores = [
        Answer(
            row.domain_name,
            f"Baseline {_score(row.baseline_worker_score)}, closure {_score(row.worker_score)}"
            f"{_distance(row.distance_travelled)}",
        )
        for row in closure.domain_scores.all()
    ]
    goals = [
        Answer(
            row.goal.what_we_want_to_be_different,
            "\n".join(
                part
                for part in (
                    row.get_state_display() if row.state else "",
                    f"Score {row.final_score}" if row.final_score is not None else "",
                    row.comment,
                )
                if part
            ),
        )
        for row in closure.goal_outcomes.all()
    ]
    done_with = ", ".join(p.full_name for p in closure.ongoing_needs_done_with.all())
    contact = ""
    if closure.contact_name:
        role = f" ({closure.contact_role})" if closure.contact_role else ""
        contact = f"{closure.contact_name}{role}, {closure.contact_phone or 'no number yet'}"
    sections = [
        AnswerSection(
            "details",
            "Why, when and where",
            [
                Answer("Why the work ended", closure.get_reason_display()),
                Answer("Date of closure", f"{closure.closure_date:%-d %B %Y}"),
                Answer("Key outcome", closure.key_outcome_display),
                Answer("Summary of the work", closure.work_summary),
            ],
            url("closure_edit"),
        ),
        AnswerSection(
            "scores", "Outcome areas: baseline and closure", scores, url("closure_scores")
        ),
        AnswerSection(
            "goals",
            "How each goal ended",
            goals,
            url("closure_goals") if goals else None,
        ),
        AnswerSection(
            "needs",
            "Ongoing support needs",
            [
                Answer("Ongoing support needs", closure.ongoing_needs_assessment),
                Answer("Worked out with", done_with),
            ],
            url("closure_needs"),
        ),
        AnswerSection(
            "sustainability",
            "Plan for keeping things going",
            [
                Answer("Who to contact", contact),
                Answer("Out of hours", closure.out_of_hours_cover),
                Answer(
                    "Who will carry on helping",
                    "\n".join(p for p in (closure.step_down_who, closure.step_down_what) if p),
                ),
                Answer("Back-up support", closure.back_up_support),
                Answer("What helped", closure.what_helped),
                Answer(
                    "Family's confidence",
                    ""
                    if closure.family_confidence is None
                    else f"{closure.family_confidence} out of 10"
                    + (
                        f": “{closure.family_confidence_words}”"
                        if closure.family_confidence_words
                        else ""
                    ),
                ),
                Answer("Message for the letter", closure.message_to_family),
            ],
            url("closure_sustainability"),
        ),
    ]
    return sections


def closure_amendment_answers(loaded: Loaded) -> list[AnswerSection]:
    """A correction of a signed-off closure's key outcome: what the closure says now, what it
    should say, and why; changed (while returned) on the correction's own page."""
    amendment = loaded.record
    return [
        AnswerSection(
            key="correction",
            title="The correction",
            answers=[
                Answer("The closure said", amendment.previous_outcome_display),
                Answer("It should say", amendment.outcome_display),
                Answer("Why", amendment.reason),
            ],
            change_url=reverse(
                "reviews:closure_amendment_edit", args=[loaded.case.pk, amendment.pk]
            ),
        )
    ]

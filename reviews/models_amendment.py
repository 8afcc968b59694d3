"""A correction of a signed-off closure, made without re-opening the case or re-typing it.

`ClosureAmendment`: the key outcome (where the young person lives at closure) the closure
should have recorded, and why. A practitioner of the case proposes it (it is submitted as it is
saved), a manager of the case who neither wrote nor submitted it signs it off through the one
sign-off workflow (edgecare.signoff), and the sign-off writes the new outcome onto the closure
(reviews.services.amendment_sign_off_effects). The closure's history keeps what it said before;
the amendment keeps the old and new values, who asked, who signed and why. The outcome report
reads the closure, so it counts the corrected outcome from then on. The case stays closed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from edgecare.signoff import SignOffRecord
from families.models import ArrangementKind, Case


class ClosureAmendment(SignOffRecord):
    record_name = "closure amendment"
    sign_off_permission = "reviews.sign_off_closure_amendment"
    sign_off_rule = "reviews.sign_off_closure_amendment"
    moves_on_closed_case = True

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closure_amendments")
    closure = models.ForeignKey(
        "reviews.Closure", on_delete=models.PROTECT, related_name="amendments"
    )
    reason = models.TextField(
        "Why the closure needs correcting",
        help_text="For example: she lives with her grandparents under a child arrangements "
        "order, which is living in the community, not 'other'.",
    )
    key_outcome = models.CharField(
        "Where the young person was living at closure",
        max_length=20,
        choices=ArrangementKind.choices,
    )
    key_outcome_other = models.CharField("Where, in a few words", max_length=300, blank=True)
    previous_key_outcome = models.CharField(
        max_length=20, choices=ArrangementKind.choices, editable=False
    )
    previous_key_outcome_other = models.CharField(max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["closure"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="one_open_amendment_per_closure",
            ),
        ]

    def __str__(self) -> str:
        return f"Amendment of closure {self.closure_id}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:closure_amendment", args=[self.case_id, self.pk])

    @property
    def outcome_display(self) -> str:
        return _outcome(self.get_key_outcome_display(), self.key_outcome, self.key_outcome_other)

    @property
    def previous_outcome_display(self) -> str:
        return _outcome(
            self.get_previous_key_outcome_display(),
            self.previous_key_outcome,
            self.previous_key_outcome_other,
        )

    def signed_off_not_before(self) -> tuple[datetime.date | None, str]:
        return self.closure.signed_off_day, "the closure it corrects was signed off"

    def sign_off_problems(self) -> list[str]:
        problems = []
        closure = self.closure
        if not closure.is_signed_off or closure.reopened_at is not None:
            problems.append(
                "Only the closure of a case that is closed now can be amended: this case was "
                "re-opened since."
            )
        if not self.reason.strip():
            problems.append("Say why the closure needs correcting.")
        if self.key_outcome == ArrangementKind.OTHER and not self.key_outcome_other.strip():
            problems.append("Say where the young person was living.")
        if (self.key_outcome, self.key_outcome_other.strip()) == (
            closure.key_outcome,
            closure.key_outcome_other.strip(),
        ):
            problems.append("The closure already records this: choose the correct outcome.")
        return problems


def _outcome(label: str, kind: str, other: str) -> str:
    if other.strip():
        return other.strip() if kind == ArrangementKind.OTHER else f"{label}: {other.strip()}"
    return label

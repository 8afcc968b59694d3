"""The edge-of-care decision and who leads the case. Importable from `families.models` like
every model of the app.

- `Decision`: the decision by a panel or a manager with its written rationale; one a key worker
  records waits for the named decider to confirm it.
- `Allocation`: who is the lead professional, from when to when; the history is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from edgecare.dates import short_date
from edgecare.models import CaseRecord, User


class Decision(CaseRecord):
    """The edge-of-care decision, by a panel or a manager, with its written rationale."""

    class Outcome(models.TextChoices):
        SUPPORT_AT_HOME = "support_at_home", "Support at home"
        ACCOMMODATE = "accommodate", "Accommodate"
        STEP_DOWN = "step_down", "Step down"
        NO_FURTHER_ACTION = "nfa", "No further action"

    class MadeBy(models.TextChoices):
        PANEL = "panel", "Edge-of-care panel"
        MANAGER = "manager", "Manager"

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField("Decision", max_length=20, choices=Outcome.choices)
    made_by = models.CharField(max_length=10, choices=MadeBy.choices)
    decided_on = models.DateField()
    decided_by_name = models.CharField("Who decided", max_length=200)
    attendees = models.TextField("Who attended", blank=True)
    risks = models.TextField("Risks weighed")
    strengths = models.TextField("Strengths weighed")
    rationale = models.TextField(
        help_text="Why this decision: how the risks were weighed against the strengths."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The manager or panel chair who made the decision and answers for it. A decision a key
    # worker records is pending until they confirm it; a manager recording it is the decider.
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_to_confirm",
        verbose_name="Who confirms it",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {short_date(self.decided_on)}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def recorded_days_later(self) -> int | None:
        return self.recorded_late_by(self.decided_on)

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None

    def confirm(self, *, by: User) -> None:
        """The named decider confirms the decision the key worker recorded."""
        self.confirmed_at = timezone.now()
        self._history_user = by
        self.save(update_fields=["confirmed_at"])


class Allocation(CaseRecord):
    """Who is the lead professional, from when to when. The history is kept, never rewritten."""

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.worker} from {short_date(self.started_at)}"

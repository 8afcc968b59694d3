"""The organisation's configuration of assessments: its outcome framework and risk factors.

`assessments.models` imports every model here, so Django finds them and other apps import
them from there (`from assessments.models import OutcomeDomain`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from edgecare.models import Organisation


class OutcomeFramework(models.Model):
    """The organisation's agreed list of outcome domains. Exactly one is active at a time."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="outcome_frameworks"
    )
    name = models.CharField(max_length=200)
    # Which shipped framework it was created from ("default", "supporting_families"), if any.
    key = models.SlugField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_outcome_framework_name"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_active=True),
                name="one_active_outcome_framework",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def active_for(cls, organisation) -> OutcomeFramework | None:
        org_id = getattr(organisation, "pk", organisation)
        return cls.objects.filter(organisation_id=org_id, is_active=True).first()

    def delete(self, *args, **kwargs):
        raise PermissionError("Outcome frameworks are deactivated, never deleted.")


class OutcomeDomainQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def active_for(self, organisation):
        """The domains every new assessment, goal and review scores against."""
        org_id = getattr(organisation, "pk", organisation)
        return self.filter(
            is_active=True, framework__is_active=True, framework__organisation_id=org_id
        )

    def delete(self):
        raise PermissionError("Outcome domains are deactivated, never deleted.")


class OutcomeDomain(models.Model):
    """One outcome domain, scored 0-10, with plain-language anchors for low, middle and high."""

    framework = models.ForeignKey(
        OutcomeFramework, on_delete=models.PROTECT, related_name="domains"
    )
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    low_anchor = models.TextField(
        "What a low score (0 to 3) looks like",
        help_text="In plain words a family would recognise.",
    )
    middle_anchor = models.TextField("What a middle score (4 to 6) looks like")
    high_anchor = models.TextField(
        "What a high score (7 to 10) looks like",
        help_text="10 means things are as good as they need to be.",
    )
    is_active = models.BooleanField("In use", default=True)
    history = HistoricalRecords()

    objects = OutcomeDomainQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "name"], name="unique_outcome_domain_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def anchor_for(self, score: int | None) -> str:
        if score is None:
            return ""
        if score <= 3:
            return self.low_anchor
        if score <= 6:
            return self.middle_anchor
        return self.high_anchor

    def delete(self, *args, **kwargs):
        raise PermissionError("Outcome domains are deactivated, never deleted.")


class RiskFactorQuerySet(models.QuerySet):
    def active_for(self, organisation):
        org_id = getattr(organisation, "pk", organisation)
        return self.filter(organisation_id=org_id, is_active=True)

    def delete(self):
        raise PermissionError("Risk factors are deactivated, never deleted.")


class RiskFactor(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="risk_factors"
    )
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("In use", default=True)
    history = HistoricalRecords()

    objects = RiskFactorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_risk_factor"),
        ]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        raise PermissionError("Risk factors are deactivated, never deleted.")

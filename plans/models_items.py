"""What the items of a plan share, and the two simple kinds of item. Importable from
`plans.models` like every model of the app.

- `PlanItem`: the abstract base of goals, actions, contingencies and contacts: an order, the
  item of the previous version it was copied from (`copied_from`), being taken out of a draft
  without being deleted (`remove()`; the default manager hides removed
  items, `all_objects` has them).
- `Contingency`: "if this happens, this is what we will do, and who does it".
- `PlanContact`: who to call, when, including out of hours.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from edgecare.models import CaseRecord, NoHardDeleteQuerySet
from edgecare.records_common import staff_link


class PlanItemQuerySet(NoHardDeleteQuerySet):
    def live(self):
        return self.filter(removed_at__isnull=True)


class LivePlanItemManager(models.Manager.from_queryset(PlanItemQuerySet)):
    """Hides items taken out of a draft plan; `all_objects` still has them."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class PlanItem(CaseRecord):
    """What goals, actions, contingencies and contacts share: an order, a link to the item they
    were copied from in the previous version, and being taken out without being deleted."""

    order = models.PositiveSmallIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = staff_link()
    # The item of the previous version this one was copied from (what changed is shown
    # against it): each kind of item links to its own kind.
    copied_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )

    objects = LivePlanItemManager()
    all_objects = PlanItemQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "id"]
        base_manager_name = "all_objects"

    def remove(self, *, by) -> None:
        self.removed_at = timezone.now()
        self.removed_by = by
        self.save(update_fields=["removed_at", "removed_by", "updated_at", "row_version"])


class Contingency(PlanItem):
    """What to do if things go wrong: "if this happens, this is what we will do"."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="contingencies")
    if_this_happens = models.TextField("If this happens")
    what_we_will_do = models.TextField("This is what we will do")
    who_does_it = models.CharField("Who does it", max_length=300)

    class Meta(PlanItem.Meta):
        verbose_name_plural = "contingencies"

    def __str__(self) -> str:
        return self.if_this_happens[:80]


class PlanContact(PlanItem):
    """Someone the family can call, and when: out of hours included."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField("Who", max_length=200)
    role = models.CharField("Who they are", max_length=200, blank=True)
    phone = models.CharField("Phone number", max_length=40, blank=True)
    when_to_call = models.CharField("When to call", max_length=300, blank=True)
    is_out_of_hours = models.BooleanField("For evenings, nights and weekends", default=False)

    class Meta(PlanItem.Meta):
        verbose_name = "plan contact"

    def __str__(self) -> str:
        return self.name

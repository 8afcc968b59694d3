"""Notifications raised by other apps' state changes, without those apps knowing about them.

Records that need a manager's sign-off (assessments, closures) notify through the one
sign-off workflow's signal, `edgecare.signoff.sign_off_transition`, sent once per transition.
For the other watched models, the previous status is read in pre_save (one small query, only
when the save can change the status) and compared in post_save, so a notification goes out
once, on the change itself, whichever code path made it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.apps import apps
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.urls import NoReverseMatch

from edgecare.models import User
from edgecare.signoff import RETURNED, SIGNED_OFF, SUBMITTED, sign_off_transition
from managers.models import Notification
from managers.outcome_cache import closures_changed
from managers.services import notifications_settled, notify

log = logging.getLogger("edgecare.managers")

_PREVIOUS = "_managers_previous_status"


def case_label(case) -> str:
    """A case as notifications name it: the reference and the family's name, nothing more."""
    return f"{case.reference} ({case.family.family_name} family)"


def sign_off_managers(case, *, exclude: Iterable[int] = ()) -> list[User]:
    """Who signs off on this case: its team's managers, or, if the team has none, the
    managers of its service. Never the author of what is being signed off."""
    excluded = {pk for pk in exclude if pk}
    active = User.objects.filter(is_active=True).exclude(pk__in=excluded)
    team_managers = list(active.filter(role=User.Role.TEAM_MANAGER, team_id=case.team_id))
    if team_managers:
        return team_managers
    return list(
        active.filter(
            Q(role=User.Role.SERVICE_MANAGER, service_id=case.service_id)
            & Q(organisation_id=case.family.organisation_id)
        )
    )


def _notify_all(users: Iterable[User | None], *, kind: str, text: str, url: str) -> None:
    seen = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notify(recipient=user, kind=kind, text=text, url=url)


def _remember_status(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    if instance.pk is None or instance._state.adding:
        setattr(instance, _PREVIOUS, None)
        return
    if update_fields is not None and "status" not in update_fields:
        setattr(instance, _PREVIOUS, getattr(instance, "status", None))
        return
    previous = sender._default_manager.filter(pk=instance.pk).values_list("status", flat=True)
    setattr(instance, _PREVIOUS, previous.first())


def _changed_to(instance, created: bool) -> str | None:
    """The status the instance just moved into, or None if it did not move."""
    status = instance.__dict__.get("status")
    previous = getattr(instance, _PREVIOUS, None)
    if not created and status == previous:
        return None
    return status


def _url_of(record) -> str:
    try:
        return record.get_absolute_url()
    except NoReverseMatch:  # the record's own pages are not installed: the case page will do
        return record.case.get_absolute_url()


def _user(pk: int | None) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


# Records signed off by a manager (edgecare.signoff) -----------------------------------------

# How each record's notification names it: "Assessment for EC000001 (...) awaits your sign-off".
SIGN_OFF_WORDING = {
    "assessments.assessment": "Assessment for",
    "reviews.closure": "Closure of",
    "reviews.closureamendment": "Correction of the closure of",
}


# Sign-offs that change the outcome report's figures: its cached copies are then outdated.
CHANGES_OUTCOMES = frozenset({"reviews.closure", "reviews.closureamendment"})


def sign_off_moved(sender, record, transition: str, by, **kwargs) -> None:
    """Submitted: the case's managers are told (never its author or submitter). Signed off or
    returned: the author and the submitter are told, unless they made the change."""
    case = record.case
    label = case_label(case)
    url = _url_of(record)
    what = SIGN_OFF_WORDING.get(
        record._meta.label_lower, f"{record._meta.verbose_name.capitalize()} for"
    )
    author_ids = [record.author_id, record.submitted_by_id]
    authors = [_user(pk) for pk in dict.fromkeys(pk for pk in author_ids if pk)]
    if transition == SUBMITTED:
        _notify_all(
            sign_off_managers(case, exclude=author_ids),
            kind=Notification.Kind.AWAITING_SIGN_OFF,
            text=f"{what} {label} awaits your sign-off",
            url=url,
        )
        return
    # Signed off or returned: no manager is awaited any more.
    notifications_settled(kind=Notification.Kind.AWAITING_SIGN_OFF, url=url)
    if transition == SIGNED_OFF:
        if record._meta.label_lower in CHANGES_OUTCOMES:
            # Straight away, not on commit: a sign-off that rolls back only costs a rebuild.
            closures_changed(case.family.organisation_id)
        _notify_all(
            [u for u in authors if u and u.pk != record.signed_off_by_id],
            kind=Notification.Kind.SIGNED_OFF,
            text=f"{what} {label} signed off",
            url=url,
        )
    elif transition == RETURNED:
        _notify_all(
            [u for u in authors if u and u.pk != record.returned_by_id],
            kind=Notification.Kind.RETURNED,
            text=f"{what} {label} returned for changes",
            url=url,
        )


# Plans ------------------------------------------------------------------------------------


def plan_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or _changed_to(instance, created) != "agreed":
        return
    case = instance.case
    recorder = instance.agreed_recorded_by_id
    _notify_all(
        [
            u
            for u in (case.lead_professional, _user(instance.created_by_id))
            if u and u.pk != recorder
        ],
        kind=Notification.Kind.PLAN_AGREED,
        text=f"Plan version {instance.version} for {case_label(case)} agreed with the family",
        url=instance.get_absolute_url(),
    )


# Allocation ---------------------------------------------------------------------------------


def allocation_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or not created or instance.worker_id == instance.allocated_by_id:
        return
    case = instance.case
    notify(
        recipient=instance.worker,
        kind=Notification.Kind.ALLOCATED,
        text=f"Case {case_label(case)} allocated to you",
        url=case.get_absolute_url(),
    )


# Wiring -------------------------------------------------------------------------------------


WATCHED: list[tuple[str, Callable, bool]] = [
    # (model, post_save handler, whether its status is tracked)
    ("plans.Plan", plan_saved, True),
    ("families.Allocation", allocation_saved, False),
]


def connect() -> None:
    sign_off_transition.connect(sign_off_moved, dispatch_uid="managers:sign_off")
    for label, handler, tracked in WATCHED:
        model = apps.get_model(label)
        uid = f"managers:{label}"
        if tracked:
            pre_save.connect(_remember_status, sender=model, dispatch_uid=f"{uid}:pre")
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}:post")

"""Subject access: everything the service holds about one person that the requester may see,
gathered from every app, for a manager to review (and redact third parties) before release.

Each app contributes its part through a plain function in its own `subject_access.py`; this is
the one list of them. The export is scoped like every other page: only the person's cases in
`cases_for_user(requester)` are read, and the export says how many of the person's cases that
is, so a manager whose scope is one team knows to ask for the rest.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import QuerySet
from django.utils import timezone

from assessments import subject_access as assessments_part
from attachments import subject_access as attachments_part
from families import subject_access as families_part
from families.models import Case, Person
from families.selectors import cases_for_user
from families.subject_access import Section, cases_of_person
from plans import subject_access as plans_part
from reviews import subject_access as reviews_part

# In the order the export reads: who they are, the work with them, what they said and agreed.
PARTS = [
    families_part.person_part,
    families_part.family_part,
    families_part.cases_part,
    families_part.contacts_part,
    families_part.consents_part,
    families_part.living_part,
    families_part.legal_status_part,
    families_part.drafts_part,
    assessments_part.views_part,
    plans_part.actions_part,
    plans_part.action_progress_part,
    reviews_part.reviews_part,
    reviews_part.closures_part,
    reviews_part.closure_amendments_part,
    reviews_part.follow_ups_part,
    attachments_part.documents_part,
]

# Who can export everything, across teams and services: named on the page when the requester
# sees only part of a person's record.
FULL_EXPORT_FROM = "your organisation's data protection lead"


@dataclass(frozen=True)
class Scope:
    """Which of the person's cases the export draws from."""

    cases: QuerySet[Case]
    case_ids: list[int]
    held: int  # all the person's cases, whoever may see them

    @property
    def shown(self) -> int:
        return len(self.case_ids)

    @property
    def is_partial(self) -> bool:
        return self.shown < self.held

    @property
    def note(self) -> str:
        if not self.is_partial:
            return f"This export contains every case held about them: {self.held}."
        return (
            f"This export contains what you can see: {self.shown} of {self.held} cases held "
            f"about them. The others belong to a team or service outside yours: ask "
            f"{FULL_EXPORT_FROM} for a full export."
        )


def scope_for(person: Person, user) -> Scope:
    held = cases_of_person(person)
    visible_ids = list(
        cases_for_user(user)
        .filter(pk__in=held.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return Scope(
        cases=Case.objects.filter(pk__in=visible_ids),
        case_ids=visible_ids,
        held=held.count(),
    )


def gather(person: Person, scope: Scope) -> list[Section]:
    return [part(person, scope.cases) for part in PARTS]


def as_json(person: Person, sections: list[Section], *, scope: Scope, generated_by) -> dict:
    return {
        "subject": {"name": person.full_name, "person_id": person.pk},
        "generated_at": timezone.now().isoformat(),
        "generated_by": str(generated_by),
        "note": "Review and redact information about other people before release.",
        "scope": {"cases_shown": scope.shown, "cases_held": scope.held, "note": scope.note},
        "sections": [asdict(s) for s in sections],
    }

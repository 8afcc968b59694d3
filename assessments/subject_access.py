"""The assessments app's part of a person's subject access export (composed by
casefile.subject_access): their views, recorded in assessments of the cases in scope."""

from __future__ import annotations

from django.db.models import QuerySet

from assessments.models import CarerView, YoungPersonView
from families.models import Case, Person
from families.subject_access import Section, as_record, as_text


def views_part(person: Person, cases: QuerySet[Case]) -> Section:
    young_person_views = YoungPersonView.objects.filter(
        person=person, assessment__case__in=cases
    ).select_related("assessment")
    carer_views = CarerView.objects.filter(
        person=person, assessment__case__in=cases
    ).select_related("assessment")
    rows = [
        {
            "Assessment date": as_text(v.assessment.assessment_date),
            **as_record(v, ["views", "seen_alone", "seen_on"]),
        }
        for v in young_person_views
    ]
    rows += [
        {
            "Assessment date": as_text(v.assessment.assessment_date),
            **as_record(v, ["views", "seen_on"]),
        }
        for v in carer_views
    ]
    return Section("Their views, recorded in assessments", rows)

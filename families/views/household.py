"""Where the young people live, and their legal status and orders: the history page, a move
(or an earlier arrangement) in one step, corrections, plans and orders and their ends.

Loaded through the one scoped loader (another case's record under this case's address is a 404
and a logged refusal); every form is the one section page; closed cases are read-only.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from edgecare.models import AccessLog
from families import services
from families.household_forms import (
    ArrangementEditForm,
    ArrangementForm,
    LegalStatusEditForm,
    LegalStatusEndForm,
    LegalStatusForm,
)
from families.models import LegalStatus, LivingArrangement
from families.selectors import (
    Loaded,
    arrangements_of_case,
    legal_statuses_of_case,
    record_for_user_or_404,
)
from families.views.records import record_form_page

ARRANGEMENT = AccessLog.RecordType.LIVING_ARRANGEMENT
LEGAL_STATUS = AccessLog.RecordType.LEGAL_STATUS
ARRANGEMENT_FIELDS = ["kind", "place", "care_basis", "started_on", "ended_on", "reason"]
LEGAL_STATUS_FIELDS = ["kind", "protection_category", "started_on", "ended_on", "notes"]


def _back(case) -> str:
    return reverse("families:case_living", args=[case.pk])


def _form(request: HttpRequest, loaded: Loaded, **page) -> HttpResponse:
    return record_form_page(request, loaded, back_url=_back(loaded.case), **page)


@require_GET
def living_history(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(request, pk, record_type=ARRANGEMENT)
    case = loaded.case
    young_people = list(case.young_people.all())
    arrangements = list(arrangements_of_case(case))
    statuses = list(legal_statuses_of_case(case))
    return render(
        request,
        "families/records/living_history.html",
        {
            "case": case,
            "rows": [
                {
                    "person": person,
                    "arrangements": [a for a in arrangements if a.young_person_id == person.pk],
                    "statuses": [s for s in statuses if s.young_person_id == person.pk],
                }
                for person in young_people
            ],
            "can_change": loaded.can_change,
        },
    )


@require_http_methods(["GET", "POST"])
def arrangement_add(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(request, pk, record_type=ARRANGEMENT)
    case = loaded.case
    chosen = case.young_people.filter(pk=request.GET.get("young_person") or 0).first()
    return _form(
        request,
        loaded,
        make_form=lambda data: ArrangementForm(data, case=case, young_person=chosen),
        save=lambda form: services.record_move(
            case=case,
            young_person=form.cleaned_data["young_person"],
            recorded_by=request.user,
            lives_with=form.cleaned_data["lives_with"],
            **{name: form.cleaned_data[name] for name in ARRANGEMENT_FIELDS},
        ),
        on_saved=lambda a: messages.success(
            request,
            f"Saved: {a.young_person.full_name} lives {a.where()} since {a.started_on:%-d %B %Y}."
            if a.ended_on is None
            else f"Saved: {a.young_person.full_name}'s earlier arrangement.",
        ),
        title="Record where a young person lives",
        intro="A move in one step: where they lived before ends on the day of the move, and "
        "stays in their history.",
    )


@require_http_methods(["GET", "POST"])
def arrangement_edit(request: HttpRequest, pk: int, arrangement_pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(
        request, pk, record_type=ARRANGEMENT, queryset=LivingArrangement.objects, pk=arrangement_pk
    )
    case, arrangement = loaded.case, loaded.record
    return _form(
        request,
        loaded,
        make_form=lambda data: ArrangementEditForm(data, instance=arrangement, case=case),
        save=lambda form: services.change_arrangement(
            arrangement=arrangement,
            changed_by=request.user,
            lives_with=form.cleaned_data["lives_with"],
            **{name: form.cleaned_data[name] for name in ARRANGEMENT_FIELDS},
        ),
        on_saved="Arrangement corrected. The earlier version is kept in the case's history.",
        title="Correct an arrangement",
    )


@require_http_methods(["GET", "POST"])
def legal_status_add(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = record_for_user_or_404(request, pk, record_type=LEGAL_STATUS)
    case = loaded.case
    return _form(
        request,
        loaded,
        make_form=lambda data: LegalStatusForm(data, case=case),
        save=lambda form: services.record_legal_status(
            case=case,
            young_person=form.cleaned_data["young_person"],
            recorded_by=request.user,
            people_named=form.cleaned_data["people_named"],
            **{name: form.cleaned_data[name] for name in LEGAL_STATUS_FIELDS},
        ),
        on_saved=lambda s: messages.success(request, f"{s.get_kind_display()} recorded."),
        title="Record a plan or order",
    )


def _legal_status(request: HttpRequest, pk: int, status_pk: int) -> Loaded:
    return record_for_user_or_404(
        request, pk, record_type=LEGAL_STATUS, queryset=LegalStatus.objects, pk=status_pk
    )


@require_http_methods(["GET", "POST"])
def legal_status_edit(request: HttpRequest, pk: int, status_pk: int) -> HttpResponse:
    loaded = _legal_status(request, pk, status_pk)
    case, status = loaded.case, loaded.record
    return _form(
        request,
        loaded,
        make_form=lambda data: LegalStatusEditForm(data, instance=status, case=case),
        save=lambda form: services.change_legal_status(
            status=status,
            changed_by=request.user,
            people_named=form.cleaned_data["people_named"],
            **{name: form.cleaned_data[name] for name in LEGAL_STATUS_FIELDS},
        ),
        on_saved="Plan or order corrected.",
        title=f"Correct: {status.get_kind_display()}",
    )


@require_http_methods(["GET", "POST"])
def legal_status_end(request: HttpRequest, pk: int, status_pk: int) -> HttpResponse:
    loaded = _legal_status(request, pk, status_pk)
    case, status = loaded.case, loaded.record
    return _form(
        request,
        loaded,
        make_form=lambda data: LegalStatusEndForm(data, instance=status, case=case),
        save=lambda form: services.change_legal_status(
            status=status,
            changed_by=request.user,
            people_named=list(status.people_named.all()),
            ended_on=form.cleaned_data["ended_on"],
        ),
        on_saved=lambda s: messages.success(
            request, f"{s.get_kind_display()} ended on {s.ended_on:%-d %B %Y}."
        ),
        title=f"Record the end of the {status.get_kind_display().lower()}",
        intro=f"In force since {status.started_on:%-d %B %Y}. It stays in the history.",
    )

"""The records kept on a case: contacts (case notes), case events, agencies involved, consent
and information sharing.

Every view loads the case through case_for_user_or_404 and every record through `case=case`,
so another case's record under this case's address is a 404. Closed cases are read-only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from edgecare.access import record_access
from edgecare.forms import form_status
from edgecare.models import AccessLog
from families import record_services
from families.models import (
    AgencyInvolvement,
    Case,
    CaseEvent,
    ConsentRecord,
    Contact,
    InformationShare,
)
from families.record_forms import (
    AgencyEditForm,
    AgencyEndForm,
    AgencyForm,
    CaseEventEditForm,
    CaseEventForm,
    ConsentForm,
    ConsentWithdrawForm,
    ContactEditForm,
    ContactForm,
    InformationShareForm,
)
from families.selectors import case_for_user_or_404

CONTACTS_PER_PAGE = 25
CONTACT_FIELDS = [
    "contact_date",
    "start_time",
    "duration_minutes",
    "contact_type",
    "young_person_seen_alone",
    "purpose",
    "what_happened",
    "next_steps",
]


# Shared pieces (also used by families.views.chronology)


def case_for_change(request: HttpRequest, pk: int, *, record_type: str) -> Case:
    """The case, if the user may add to it: out of scope is a 404, a closed case a 403."""
    case = case_for_user_or_404(request, pk, record_type=record_type)
    if not request.user.has_perm("families.change_case", case):
        raise PermissionDenied("This case is closed or your role cannot change it.")
    return case


def log_view(request: HttpRequest, case: Case, record_type: str, record_id: int | None = None):
    record_access(
        request,
        action=AccessLog.Action.VIEW,
        record_type=record_type,
        record_id=record_id,
        case_id=case.pk,
    )


def refresh_stale_form(form, instance) -> None:
    """After a stale save is refused, carry the current row version on the re-shown form so
    the worker's second, informed save can go through (their text is kept)."""
    if not form.has_error(NON_FIELD_ERRORS, code="stale"):
        return
    current = (
        type(instance).objects.filter(pk=instance.pk).values_list("row_version", flat=True).first()
    )
    form.data = form.data.copy()
    form.data["row_version"] = current


def form_page(
    request: HttpRequest,
    form,
    *,
    case: Case,
    title: str,
    back_url: str,
    intro: str = "",
    warnings: list[str] | None = None,
    template: str = "includes/form_page.html",
    extra: dict | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "case": case,
        "title": title,
        "caption": f"{case.family} – {case.reference}",
        "back_url": back_url,
        "cancel_url": back_url,
        "intro": intro,
        "warnings": warnings or [],
        **(extra or {}),
    }
    return render(request, template, context, status=form_status(form))


def _can_change(request: HttpRequest, case: Case) -> bool:
    return request.user.has_perm("families.change_case", case)


# Contacts


@require_GET
def contact_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk, record_type="contacts")
    contacts = (
        Contact.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related("people_seen")
        .order_by("-contact_date", "-start_time", "-id")
    )
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    log_view(request, case, "contacts")
    return render(
        request,
        "families/records/contact_list.html",
        {"case": case, "page": page, "can_change": _can_change(request, case)},
    )


@require_GET
def contact_detail(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk, record_type="contact")
    contact = get_object_or_404(
        Contact.objects.select_related("recorded_by").prefetch_related("people_seen"),
        case=case,
        pk=contact_pk,
    )
    log_view(request, case, "contact", contact.pk)
    return render(
        request,
        "families/records/contact_detail.html",
        {"case": case, "contact": contact, "can_change": _can_change(request, case)},
    )


@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="contact")
    form = ContactForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        contact = record_services.record_contact(
            case=case,
            recorded_by=request.user,
            people_seen=form.cleaned_data["people_seen"],
            **{name: form.cleaned_data[name] for name in CONTACT_FIELDS},
        )
        messages.success(request, f"Contact on {contact.contact_date:%-d %B %Y} saved.")
        return redirect("families:contact_list", case.pk)
    return form_page(
        request,
        form,
        case=case,
        title="Record a contact",
        back_url=reverse("families:contact_list", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="contact")
    contact = get_object_or_404(Contact, case=case, pk=contact_pk)
    form = ContactEditForm(request.POST or None, instance=contact, case=case)
    if request.method == "POST":
        if form.is_valid():
            record_services.change_contact(
                contact=contact,
                people_seen=form.cleaned_data["people_seen"],
                **{name: form.cleaned_data[name] for name in CONTACT_FIELDS},
            )
            messages.success(request, "Contact updated.")
            return redirect("families:contact_detail", case.pk, contact.pk)
        refresh_stale_form(form, contact)
    else:
        log_view(request, case, "contact", contact.pk)
    return form_page(
        request,
        form,
        case=case,
        title="Change a contact",
        back_url=reverse("families:contact_detail", args=[case.pk, contact.pk]),
    )


# Case events


@require_GET
def case_event_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk, record_type="case-events")
    events = CaseEvent.objects.filter(case=case).select_related("recorded_by")
    log_view(request, case, "case-events")
    return render(
        request,
        "families/records/case_event_list.html",
        {"case": case, "events": events, "can_change": _can_change(request, case)},
    )


@require_http_methods(["GET", "POST"])
def case_event_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="case-event")
    form = CaseEventForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        record_services.record_case_event(case=case, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, "Event saved.")
        return redirect("families:case_events", case.pk)
    return form_page(
        request,
        form,
        case=case,
        title="Record an event",
        intro="Something that happened outside our own work, for example a missing episode, "
        "police involvement or a school exclusion.",
        back_url=reverse("families:case_events", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def case_event_edit(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="case-event")
    event = get_object_or_404(CaseEvent, case=case, pk=event_pk)
    form = CaseEventEditForm(request.POST or None, instance=event, case=case)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Event updated.")
            return redirect("families:case_events", case.pk)
        refresh_stale_form(form, event)
    else:
        log_view(request, case, "case-event", event.pk)
    return form_page(
        request,
        form,
        case=case,
        title="Change an event",
        back_url=reverse("families:case_events", args=[case.pk]),
    )


# Agencies


@require_GET
def agency_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk, record_type="agencies")
    agencies = AgencyInvolvement.objects.filter(case=case).order_by(
        "ended_on", "agency_type", "agency_name"
    )
    log_view(request, case, "agencies")
    return render(
        request,
        "families/records/agency_list.html",
        {
            "case": case,
            "current": [a for a in agencies if a.ended_on is None],
            "ended": [a for a in agencies if a.ended_on is not None],
            "can_change": _can_change(request, case),
        },
    )


@require_http_methods(["GET", "POST"])
def agency_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="agency")
    form = AgencyForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        agency = record_services.record_agency(case=case, **form.cleaned_data)
        messages.success(request, f"{agency.agency_name} added.")
        return redirect("families:case_agencies", case.pk)
    return form_page(
        request,
        form,
        case=case,
        title="Add an agency involved",
        back_url=reverse("families:case_agencies", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="agency")
    agency = get_object_or_404(AgencyInvolvement, case=case, pk=agency_pk)
    form = AgencyEditForm(request.POST or None, instance=agency, case=case)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, f"{agency.agency_name} updated.")
            return redirect("families:case_agencies", case.pk)
        refresh_stale_form(form, agency)
    else:
        log_view(request, case, "agency", agency.pk)
    return form_page(
        request,
        form,
        case=case,
        title=f"Change {agency.agency_name}",
        back_url=reverse("families:case_agencies", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def agency_end(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="agency")
    agency = get_object_or_404(AgencyInvolvement, case=case, pk=agency_pk)
    form = AgencyEndForm(request.POST or None, instance=agency, case=case)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, f"{agency.agency_name}'s involvement ended.")
            return redirect("families:case_agencies", case.pk)
        refresh_stale_form(form, agency)
    return form_page(
        request,
        form,
        case=case,
        title=f"End {agency.agency_name}'s involvement",
        intro="They stay on the record and the chronology, marked as ended.",
        back_url=reverse("families:case_agencies", args=[case.pk]),
    )


# Consent and information sharing


@require_GET
def consent_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_user_or_404(request, pk, record_type="consent")
    consents = ConsentRecord.objects.filter(case=case).select_related("given_by", "recorded_by")
    shares = InformationShare.objects.filter(case=case).select_related(
        "shared_by", "consent__given_by"
    )
    log_view(request, case, "consent")
    return render(
        request,
        "families/records/consent_list.html",
        {
            "case": case,
            "consents": consents,
            "shares": shares,
            "can_change": _can_change(request, case),
        },
    )


@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="consent")
    form = ConsentForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        record_services.record_consent(case=case, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, "Consent recorded.")
        return redirect("families:case_consent", case.pk)
    warnings = []
    if not form.fields["given_by"].queryset.exists():
        warnings.append(
            "No parent, carer or young person is recorded for this family yet: add them to the "
            "family first."
        )
    return form_page(
        request,
        form,
        case=case,
        title="Record consent to share information",
        warnings=warnings,
        back_url=reverse("families:case_consent", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="consent")
    consent = get_object_or_404(
        ConsentRecord.objects.select_related("given_by"), case=case, pk=consent_pk
    )
    if consent.withdrawn_on is not None:
        messages.info(
            request, f"That consent was already withdrawn on {consent.withdrawn_on:%-d %B %Y}."
        )
        return redirect("families:case_consent", case.pk)
    form = ConsentWithdrawForm(request.POST or None, instance=consent, case=case)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Withdrawal of consent recorded.")
            return redirect("families:case_consent", case.pk)
        refresh_stale_form(form, consent)
    return form_page(
        request,
        form,
        case=case,
        title=f"Record that {consent.given_by.full_name} withdrew consent",
        intro=f"Consent given on {consent.given_on:%-d %B %Y}. Sharing after the withdrawal "
        "date can no longer rely on it.",
        back_url=reverse("families:case_consent", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def share_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_change(request, pk, record_type="information-share")
    form = InformationShareForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        record_services.record_information_share(
            case=case, shared_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Record of sharing saved.")
        return redirect("families:case_consent", case.pk)
    return form_page(
        request,
        form,
        case=case,
        title="Record information shared",
        intro="Record each time information about this family is shared: what, with whom, "
        "why, and on what lawful basis.",
        back_url=reverse("families:case_consent", args=[case.pk]),
    )

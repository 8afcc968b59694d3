"""The records kept on a case: contacts (case notes), case events, agencies involved, consent
and information sharing.

Every view loads the case, or one record of it, through the one scoped loader
(families.selectors.record_for_user_or_404): another case's record under this case's address
is a 404 and a logged refusal, and every page showing the record writes its access-log row.
Every form is the one section page (edgecare.section_page). Closed cases are read-only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from edgecare.models import AccessLog
from edgecare.section_page import render_form_page, section_page
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
from families.selectors import Loaded, record_for_user_or_404

CONTACTS_PER_PAGE = 25
CONTACT_FIELDS = Contact.WRITTEN_FIELDS


# Shared pieces (also used by families.views.chronology)


def case_for_change(request: HttpRequest, pk: int, *, record_type: AccessLog.RecordType) -> Case:
    """The case, if the user may add to it: out of scope is a 404, a closed case a 403. Loaded
    through the one scoped loader, so a GET of the form writes its access-log row."""
    loaded = record_for_user_or_404(request, pk, record_type=record_type)
    if not loaded.can_change:
        raise PermissionDenied("This case is closed or your role cannot change it.")
    return loaded.case


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
    """A families form page rendered as the one section page renders its own."""
    return render_form_page(
        request,
        form,
        caption=_caption(case),
        title=title,
        back_url=back_url,
        intro=intro,
        warnings=warnings,
        template=template,
        extra={"case": case, **(extra or {})},
    )


def _caption(case: Case) -> str:
    return f"{case.family} – {case.reference}"


def _case_page(
    request: HttpRequest, pk: int, *, record_type: AccessLog.RecordType, queryset=None, item_pk=None
) -> Loaded:
    """The case (or one record of it) the form adds to or changes."""
    return record_for_user_or_404(
        request, pk, record_type=record_type, queryset=queryset, pk=item_pk
    )


def record_form_page(request: HttpRequest, loaded: Loaded, *, make_form, title: str, **page):
    """A form adding to or changing a record kept on a case (here and in
    families.views.household), through the one section page, captioned with the family and
    the case reference."""
    return section_page(
        request,
        loaded,
        make_form=make_form,
        title=title,
        caption=_caption(loaded.case),
        **page,
    )


# Contacts


@require_GET
def contact_list(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.CONTACT)
    case = loaded.case
    contacts = (
        Contact.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related("people_seen")
        .order_by("-contact_date", "-start_time", "-id")
    )
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "families/records/contact_list.html",
        {"case": case, "page": page, "can_change": loaded.can_change},
    )


@require_GET
def contact_detail(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    loaded = _case_page(
        request,
        pk,
        record_type=AccessLog.RecordType.CONTACT,
        queryset=Contact.objects.select_related("recorded_by").prefetch_related("people_seen"),
        item_pk=contact_pk,
    )
    case, contact = loaded.case, loaded.record
    return render(
        request,
        "families/records/contact_detail.html",
        {"case": case, "contact": contact, "can_change": loaded.can_change},
    )


@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.CONTACT)
    case = loaded.case
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: ContactForm(data, case=case),
        save=lambda form: record_services.record_contact(
            case=case,
            recorded_by=request.user,
            people_seen=form.cleaned_data["people_seen"],
            **{name: form.cleaned_data[name] for name in CONTACT_FIELDS},
        ),
        on_saved=lambda contact: messages.success(
            request, f"Contact on {contact.contact_date:%-d %B %Y} saved."
        ),
        done_url=reverse("families:contact_list", args=[case.pk]),
        title="Record a contact",
        back_url=reverse("families:contact_list", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    loaded = _case_page(
        request,
        pk,
        record_type=AccessLog.RecordType.CONTACT,
        queryset=Contact.objects,
        item_pk=contact_pk,
    )
    case, contact = loaded.case, loaded.record
    back = reverse("families:contact_detail", args=[case.pk, contact.pk])
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: ContactEditForm(data, instance=contact, case=case),
        save=lambda form: record_services.change_contact(
            contact=contact,
            people_seen=form.cleaned_data["people_seen"],
            **{name: form.cleaned_data[name] for name in CONTACT_FIELDS},
        ),
        on_saved="Contact updated.",
        title="Change a contact",
        back_url=back,
    )


# Case events


@require_GET
def case_event_list(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.CASE_EVENT)
    case = loaded.case
    events = CaseEvent.objects.filter(case=case).select_related("recorded_by")
    return render(
        request,
        "families/records/case_event_list.html",
        {"case": case, "events": events, "can_change": loaded.can_change},
    )


@require_http_methods(["GET", "POST"])
def case_event_add(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.CASE_EVENT)
    case = loaded.case
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: CaseEventForm(data, case=case),
        save=lambda form: record_services.record_case_event(
            case=case, recorded_by=request.user, **form.cleaned_data
        ),
        on_saved="Event saved.",
        title="Record an event",
        intro="Something that happened outside our own work, for example a missing episode, "
        "police involvement or a school exclusion.",
        back_url=reverse("families:case_events", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def case_event_edit(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    loaded = _case_page(
        request,
        pk,
        record_type=AccessLog.RecordType.CASE_EVENT,
        queryset=CaseEvent.objects,
        item_pk=event_pk,
    )
    case, event = loaded.case, loaded.record
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: CaseEventEditForm(data, instance=event, case=case),
        on_saved="Event updated.",
        title="Change an event",
        back_url=reverse("families:case_events", args=[case.pk]),
    )


# Agencies


@require_GET
def agency_list(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.AGENCY)
    case = loaded.case
    agencies = AgencyInvolvement.objects.filter(case=case).order_by(
        "ended_on", "agency_type", "agency_name"
    )
    return render(
        request,
        "families/records/agency_list.html",
        {
            "case": case,
            "current": [a for a in agencies if a.ended_on is None],
            "ended": [a for a in agencies if a.ended_on is not None],
            "can_change": loaded.can_change,
        },
    )


@require_http_methods(["GET", "POST"])
def agency_add(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.AGENCY)
    case = loaded.case
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: AgencyForm(data, case=case),
        save=lambda form: record_services.record_agency(case=case, **form.cleaned_data),
        on_saved=lambda agency: messages.success(request, f"{agency.agency_name} added."),
        title="Add an agency involved",
        back_url=reverse("families:case_agencies", args=[case.pk]),
    )


def _agency_page(request: HttpRequest, pk: int, agency_pk: int) -> Loaded:
    return _case_page(
        request,
        pk,
        record_type=AccessLog.RecordType.AGENCY,
        queryset=AgencyInvolvement.objects,
        item_pk=agency_pk,
    )


@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    loaded = _agency_page(request, pk, agency_pk)
    case, agency = loaded.case, loaded.record
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: AgencyEditForm(data, instance=agency, case=case),
        # Named after the save: the form may have renamed the agency.
        on_saved=lambda _: messages.success(request, f"{agency.agency_name} updated."),
        title=f"Change {agency.agency_name}",
        back_url=reverse("families:case_agencies", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def agency_end(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    loaded = _agency_page(request, pk, agency_pk)
    case, agency = loaded.case, loaded.record
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: AgencyEndForm(data, instance=agency, case=case),
        on_saved=lambda _: messages.success(request, f"{agency.agency_name}'s involvement ended."),
        title=f"End {agency.agency_name}'s involvement",
        intro="They stay on the record and the chronology, marked as ended.",
        back_url=reverse("families:case_agencies", args=[case.pk]),
    )


# Consent and information sharing


@require_GET
def consent_list(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.CONSENT)
    case = loaded.case
    consents = ConsentRecord.objects.filter(case=case).select_related("given_by", "recorded_by")
    shares = InformationShare.objects.filter(case=case).select_related(
        "shared_by", "consent__given_by"
    )
    return render(
        request,
        "families/records/consent_list.html",
        {
            "case": case,
            "consents": consents,
            "shares": shares,
            "can_change": loaded.can_change,
        },
    )


@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.CONSENT)
    case = loaded.case
    form = ConsentForm(case=case)
    warnings = []
    if not form.fields["given_by"].queryset.exists():
        warnings.append(
            "No parent, carer or young person is recorded for this family yet: add them to the "
            "family first."
        )
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: ConsentForm(data, case=case),
        save=lambda form: record_services.record_consent(
            case=case, recorded_by=request.user, **form.cleaned_data
        ),
        on_saved="Consent recorded.",
        title="Record consent to share information",
        warnings=warnings,
        back_url=reverse("families:case_consent", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    loaded = _case_page(
        request,
        pk,
        record_type=AccessLog.RecordType.CONSENT,
        queryset=ConsentRecord.objects.select_related("given_by"),
        item_pk=consent_pk,
    )
    case, consent = loaded.case, loaded.record
    if not loaded.can_change:
        raise PermissionDenied("This case is closed or your role cannot change it.")
    if consent.withdrawn_on is not None:
        messages.info(
            request, f"That consent was already withdrawn on {consent.withdrawn_on:%-d %B %Y}."
        )
        return redirect("families:case_consent", case.pk)
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: ConsentWithdrawForm(data, instance=consent, case=case),
        on_saved="Withdrawal of consent recorded.",
        title=f"Record that {consent.given_by.full_name} withdrew consent",
        intro=f"Consent given on {consent.given_on:%-d %B %Y}. Sharing after the withdrawal "
        "date can no longer rely on it.",
        back_url=reverse("families:case_consent", args=[case.pk]),
    )


@require_http_methods(["GET", "POST"])
def share_add(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = _case_page(request, pk, record_type=AccessLog.RecordType.INFORMATION_SHARE)
    case = loaded.case
    return record_form_page(
        request,
        loaded,
        make_form=lambda data: InformationShareForm(data, case=case),
        save=lambda form: record_services.record_information_share(
            case=case, shared_by=request.user, **form.cleaned_data
        ),
        on_saved="Record of sharing saved.",
        title="Record information shared",
        intro="Record each time information about this family is shared: what, with whom, "
        "why, and on what lawful basis.",
        back_url=reverse("families:case_consent", args=[case.pk]),
    )

"""The records kept on a case (included in the "families" namespace)."""

from django.urls import path

from families.views import drafts, household, records

C = "cases/<int:pk>/"

urlpatterns = [
    # Contacts (case notes)
    path(f"{C}contacts/", records.contact_list, name="contact_list"),
    path(f"{C}contacts/add/", records.contact_add, name="contact_add"),
    path(f"{C}contacts/<int:contact_pk>/", records.contact_detail, name="contact_detail"),
    path(f"{C}contacts/<int:contact_pk>/edit/", records.contact_edit, name="contact_edit"),
    # Events outside our own work
    path(f"{C}events/", records.case_event_list, name="case_events"),
    path(f"{C}events/add/", records.case_event_add, name="case_event_add"),
    path(f"{C}events/<int:event_pk>/edit/", records.case_event_edit, name="case_event_edit"),
    # Agencies involved
    path(f"{C}agencies/", records.agency_list, name="case_agencies"),
    path(f"{C}agencies/add/", records.agency_add, name="agency_add"),
    path(f"{C}agencies/<int:agency_pk>/edit/", records.agency_edit, name="agency_edit"),
    path(f"{C}agencies/<int:agency_pk>/end/", records.agency_end, name="agency_end"),
    # Consent and information sharing
    path(f"{C}consent/", records.consent_list, name="case_consent"),
    path(f"{C}consent/add/", records.consent_add, name="consent_add"),
    path(
        f"{C}consent/<int:consent_pk>/withdraw/",
        records.consent_withdraw,
        name="consent_withdraw",
    ),
    path(f"{C}consent/shares/add/", records.share_add, name="share_add"),
    # Where the young people live, and their legal status and orders
    path(f"{C}living/", household.living_history, name="case_living"),
    path(f"{C}living/move/", household.arrangement_add, name="arrangement_add"),
    path(
        f"{C}living/<int:arrangement_pk>/edit/",
        household.arrangement_edit,
        name="arrangement_edit",
    ),
    path(f"{C}legal-status/add/", household.legal_status_add, name="legal_status_add"),
    path(
        f"{C}legal-status/<int:status_pk>/edit/",
        household.legal_status_edit,
        name="legal_status_edit",
    ),
    path(
        f"{C}legal-status/<int:status_pk>/end/", household.legal_status_end, name="legal_status_end"
    ),
    # The worker's draft of a long free-text form (families/drafts.py)
    path(f"{C}draft/", drafts.save_draft_view, name="draft"),
]

"""The pages under /families/ that read every app: the case page, the chronology and subject
access. casefile.urls serves them in the "families" namespace beside families.urls, so their
addresses and names are what they were before they moved here."""

from django.urls import path

from casefile import case_page, views_chronology, views_subject_access

C = "cases/<int:pk>/"
# A family member's subject access export: the page, and the files it offers.
SUBJECT_ACCESS = "family/<int:pk>/people/<int:person_pk>/subject-access"

urlpatterns = [
    path(f"{C}", case_page.case_detail, name="case_detail"),
    # Chronology
    path(f"{C}chronology/", views_chronology.chronology, name="case_chronology"),
    path(
        f"{C}chronology/significant/",
        views_chronology.significant_events,
        name="case_significant_events",
    ),
    path(f"{C}chronology/print/", views_chronology.chronology_print, name="case_chronology_print"),
    path(
        f"{C}chronology/<slug:kind>/<int:entry_id>/significance/",
        views_chronology.mark_significant,
        name="chronology_mark",
    ),
    # Subject access
    path(f"{SUBJECT_ACCESS}/", views_subject_access.subject_access_page, name="subject_access"),
    path(
        f"{SUBJECT_ACCESS}.json",
        views_subject_access.subject_access_json,
        name="subject_access_json",
    ),
    path(
        f"{SUBJECT_ACCESS}-documents.zip",
        views_subject_access.subject_access_documents,
        name="subject_access_documents",
    ),
    path(
        f"{SUBJECT_ACCESS}.pdf", views_subject_access.subject_access_pdf, name="subject_access_pdf"
    ),
]

"""The case record for managers and inspectors: the PDF and the print view."""

from django.urls import path

from casefile import views_case_record

urlpatterns = [
    path("<int:pk>/pdf/", views_case_record.case_record_pdf, name="pdf"),
    path("<int:pk>/", views_case_record.case_record_print, name="html"),
]

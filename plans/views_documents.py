"""The family's printable copy of a plan and the young person's own plan: on screen and as a
PDF, in the family's language when a catalogue exists, with an English copy for the file
(edgecare.languages). Looking at a copy on screen is logged as a view, a PDF as a download.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from edgecare.languages import render_family_copy, wants_english_copy
from edgecare.models import AccessLog
from edgecare.pdf import pdf_response
from plans.documents import (
    PDF_FILENAME,
    YOUNG_PERSON_PDF_FILENAME,
    family_plan_context,
    render_family_plan_pdf,
    render_young_person_plan_pdf,
    young_person_plan_context,
)
from plans.selectors import load_plan, load_young_persons_plan, plan_with_contents

FAMILY_PLAN = AccessLog.RecordType.FAMILY_PLAN


# The family's copy ---------------------------------------------------------------------


@require_http_methods(["GET"])
def family_plan(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    # As the closure letter: looking at the family's copy on screen is a view; printing it is
    # the browser's, unseen here, and the PDF download is logged as what it is.
    plan = load_plan(
        request, case_pk, pk, log_action=AccessLog.Action.VIEW, log_record_type=FAMILY_PLAN
    ).record
    full = plan_with_contents(plan)
    return render_family_copy(
        request,
        "plans/family_plan_print.html",
        main_language=full.case.family.main_language,
        document=lambda: family_plan_context(full),
        pdf_url=reverse("plans:family_plan_pdf", args=[plan.case_id, plan.pk]),
        back_url=reverse("plans:detail", args=[plan.case_id, plan.pk]),
    )


@require_http_methods(["GET"])
def family_plan_pdf(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    plan = load_plan(
        request, case_pk, pk, log_action=AccessLog.Action.PDF, log_record_type=FAMILY_PLAN
    ).record
    full = plan_with_contents(plan)
    pdf = render_family_plan_pdf(full, english=wants_english_copy(request.GET))
    return pdf_response(pdf, PDF_FILENAME)


# The young person's own plan -------------------------------------------------------------------


@require_http_methods(["GET"])
def young_person_plan(request: HttpRequest, case_pk: int, pk: int, person_pk: int) -> HttpResponse:
    plan, person = load_young_persons_plan(
        request, case_pk, pk, person_pk, log_action=AccessLog.Action.VIEW
    )
    full = plan_with_contents(plan)
    return render_family_copy(
        request,
        "plans/young_person_plan_print.html",
        main_language=full.case.family.main_language,
        document=lambda: young_person_plan_context(full, person),
        pdf_url=reverse("plans:young_person_plan_pdf", args=[plan.case_id, plan.pk, person.pk]),
        back_url=reverse("plans:detail", args=[plan.case_id, plan.pk]),
    )


@require_http_methods(["GET"])
def young_person_plan_pdf(
    request: HttpRequest, case_pk: int, pk: int, person_pk: int
) -> HttpResponse:
    plan, person = load_young_persons_plan(
        request, case_pk, pk, person_pk, log_action=AccessLog.Action.PDF
    )
    pdf = render_young_person_plan_pdf(
        plan_with_contents(plan), person, english=wants_english_copy(request.GET)
    )
    return pdf_response(pdf, YOUNG_PERSON_PDF_FILENAME)

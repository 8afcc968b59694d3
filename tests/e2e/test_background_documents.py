"""A manager asks for the case record in a browser: the "being prepared" page (accessible, on
a phone too) asks for news by itself (a static script), and when the worker has made the document it
offers the download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edgecare.models import PreparedDocument
from tests.background import run_queued_tasks
from tests.e2e.helpers import check_accessibility, elements_past_the_screen, sign_in_as

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_the_case_record_is_prepared_then_offered_for_download(request, live_server, world, device):
    page = request.getfixturevalue(device)
    sign_in_as(page, live_server, world.team_manager)
    page.goto(reverse("case_record:pdf", args=[world.case.pk]))
    assert page.get_by_role("heading", level=1).inner_text() == "Your document is being prepared"
    check_accessibility(page, f"document-being-prepared-{device}")
    if device == "phone_page":
        assert elements_past_the_screen(page, 320) == []

    run_queued_tasks()  # the worker's loop makes it meanwhile
    # The page's script sees it is ready within its 2 seconds and shows the download.
    page.get_by_role("heading", name="Your document is ready").wait_for(timeout=8_000)
    check_accessibility(page, f"document-ready-{device}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download case record (PDF)").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download_info.value.suggested_filename == f"case-record-{world.case.reference}.pdf"
    assert PreparedDocument.objects.get().status == PreparedDocument.Status.READY

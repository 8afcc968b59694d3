"""A key worker attaches the family's signed plan to the plan version in a real browser (the
scan by a real clamd), and downloads it again; the attach page on a 320 px phone offers the
camera and passes axe."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from attachments.models import Attachment
from tests.attachments.attachment_helpers import PDF_BYTES
from tests.e2e.helpers import (
    check_accessibility,
    elements_wider_than,
    error_summary,
    follow_link,
    press_button,
    screenshot,
    sign_in_as,
    success_banner,
)
from tests.plans.plan_helpers import draft_plan

pytestmark = pytest.mark.e2e


def test_a_key_worker_attaches_a_signed_plan_to_a_plan_version_and_downloads_it(
    page, live_server, world, scanner
):
    plan = draft_plan(world)
    sign_in_as(page, live_server, world.key_worker)
    page.goto(plan.get_absolute_url())
    follow_link(page, "Attach a document to this plan version")
    check_accessibility(page, "attach-document")

    page.get_by_label("Title").fill("Signed family plan")
    page.get_by_label("Signed plan").check()
    signed_on = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Date of the document").fill(signed_on.isoformat())
    page.get_by_label("Choose a file").set_input_files(
        {"name": "signed plan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    press_button(page, "Attach the document")

    assert not error_summary(page), error_summary(page)
    assert "Document attached: Signed family plan" in success_banner(page)
    assert page.url.endswith(plan.get_absolute_url())
    screenshot(page, "attachment-on-plan-version", full_page=False)
    assert Attachment.objects.get().target_id == plan.pk

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Signed family plan").click()
    download = download_info.value
    assert download.suggested_filename == "signed plan.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PDF_BYTES


def test_the_attach_page_on_a_phone_offers_the_camera_and_fits_the_screen(
    phone_page, live_server, world
):
    sign_in_as(phone_page, live_server, world.key_worker)
    phone_page.goto(f"/documents/cases/{world.case.pk}/attach/")
    photo = phone_page.get_by_label("Or take a photo")
    assert photo.get_attribute("capture") == "environment"
    assert photo.get_attribute("accept") == "image/*"
    assert "application/pdf" in phone_page.get_by_label("Choose a file").get_attribute("accept")
    assert not elements_wider_than(phone_page, 320)
    check_accessibility(phone_page, "attach-document-phone")

"""Documents on a case: attached, checked, scanned by a real clamd, kept privately, sent only
through the download page, withdrawn with a reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from attachments.models import Attachment
from edgecare.models import AccessLog
from tests.assertions import assert_not_found_and_refusal_logged, assert_refused_with, assert_shows
from tests.attachments.attachment_helpers import (
    PDF_BYTES,
    kept_attachment,
    upload,
    word_document,
    yesterday,
    zip_bomb_word_document,
)
from tests.clamd import EICAR
from tests.plans.plan_helpers import draft_plan

pytestmark = pytest.mark.django_db


def attach_url(case, plan=None) -> str:
    if plan is None:
        return reverse("attachments:attach", args=[case.pk])
    return reverse("attachments:attach_to", args=[case.pk, "plan", plan.pk])


def form(file=None, **overrides) -> dict:
    data = {
        "title": "Signed family plan",
        "kind": Attachment.Kind.SIGNED_PLAN,
        "document_date": yesterday().isoformat(),
    }
    if file is not None:
        data["file"] = file
    return data | overrides


def stored_files() -> list[Path]:
    root = Path(settings.ATTACHMENT_ROOT)
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_key_worker_attaches_a_signed_plan_to_a_plan_version_and_downloads_it(
    world, signed_in, scanner
):
    plan = draft_plan(world)
    client = signed_in(world.key_worker)
    before = len(stored_files())

    response = client.post(attach_url(world.case, plan), form(upload("Plan signed.pdf", PDF_BYTES)))

    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    document = Attachment.objects.get()
    assert (document.target_kind, document.target_id) == ("plan", plan.pk)
    assert document.file_name == "Plan signed.pdf"
    assert document.media_type == "application/pdf"
    assert document.added_by == world.key_worker
    # Kept under a random name that says nothing about the family or the file.
    assert "plan" not in document.stored_name.lower()
    assert len(stored_files()) == before + 1
    page = assert_shows(client.get(plan.get_absolute_url()), "Signed family plan")
    download = reverse("attachments:download", args=[world.case.pk, document.pk])
    assert download in page

    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Plan signed.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(
        user=world.key_worker,
        action=AccessLog.Action.DOWNLOAD,
        record_type=AccessLog.RecordType.ATTACHMENT,
        record_id=document.pk,
        case_id=world.case.pk,
    ).exists()


def test_the_eicar_test_virus_is_refused_and_nothing_is_kept(world, signed_in, scanner):
    client = signed_in(world.key_worker)
    before = len(stored_files())

    response = client.post(attach_url(world.case), form(upload("notes.txt", EICAR, "text/plain")))

    assert_refused_with(response, "The selected file contains a virus, so it was not kept")
    assert not Attachment.objects.exists()
    assert len(stored_files()) == before


def test_when_the_scanner_cannot_be_reached_the_upload_is_refused_and_the_typing_kept(
    world, signed_in, settings, tmp_path
):
    settings.CLAMD_ADDRESS = f"unix://{tmp_path / 'no-clamd-here.sock'}"
    client = signed_in(world.key_worker)

    response = client.post(
        attach_url(world.case),
        form(upload("letter.pdf", PDF_BYTES), title="School attendance letter"),
    )

    page = assert_refused_with(response, "could not be checked for viruses just now")
    assert 'value="School attendance letter"' in page
    assert not Attachment.objects.exists()


def svg_with_script() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


BAD_FILES = {
    "an empty file": (lambda: upload("empty.pdf", b""), "The selected file is empty"),
    "a program renamed .pdf": (
        lambda: upload("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
        "The selected file must be a PDF, a JPEG, PNG or HEIC photo",
    ),
    "an SVG with script": (
        lambda: upload("drawing.svg", svg_with_script(), "image/svg+xml"),
        "The selected file is an SVG drawing",
    ),
    "an SVG renamed .png": (
        lambda: upload("photo.png", svg_with_script(), "image/png"),
        "The selected file is an SVG drawing",
    ),
    "a zip bomb inside a Word document": (
        lambda: upload("report.docx", zip_bomb_word_document()),
        "unpacks to far more than any real document does",
    ),
    "a zip that is not a Word document": (
        lambda: upload("report.docx", word_document()[:0] + _plain_zip()),
        "The selected file must be a PDF",
    ),
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("run.sh", "echo hello")
    return buffer.getvalue()


@pytest.mark.parametrize("bad", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_kept(
    world, signed_in, scanner, bad
):
    make, message = BAD_FILES[bad]
    client = signed_in(world.key_worker)
    before = len(stored_files())

    response = client.post(attach_url(world.case), form(make(), title="Kept title"))

    page = assert_refused_with(response, message)
    assert 'value="Kept title"' in page
    assert not Attachment.objects.exists()
    assert len(stored_files()) == before


def test_a_name_with_path_parts_and_control_characters_is_kept_as_its_last_part_only(
    world, signed_in, scanner
):
    # Django's upload parser drops the folders and control characters before the form sees the
    # name; the form's own check (clean_file_name) refuses any control character that reaches it.
    client = signed_in(world.key_worker)
    before = set(stored_files())

    response = client.post(
        attach_url(world.case), form(upload("../../etc/pass\x07wd\x1b.pdf", PDF_BYTES))
    )

    assert response.status_code == 302
    document = Attachment.objects.get()
    assert document.file_name == "passwd.pdf"
    (new,) = set(stored_files()) - before
    assert Path(settings.ATTACHMENT_ROOT).resolve() in new.resolve().parents
    assert new.name not in {"passwd.pdf", "passwd"}


def test_the_file_name_check_refuses_control_characters_and_keeps_the_real_extension():
    from django.core.exceptions import ValidationError

    from attachments import checks

    with pytest.raises(ValidationError):
        checks.clean_file_name("pass\x07wd.pdf", checks.PDF)
    assert checks.clean_file_name("C:\\Users\\kw\\..\\plan.PDF", checks.PDF) == "plan.pdf"
    assert checks.clean_file_name("photo.png", checks.JPEG) == "photo.jpg"
    assert checks.clean_file_name("...", checks.TEXT) == "document.txt"


def test_the_file_type_is_read_from_the_content():
    from django.core.exceptions import ValidationError

    from attachments import checks

    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32
    doc = checks._OLE2 + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\x00" * 100
    msi = checks._OLE2 + b"\x00" * 300
    assert checks.identify(io.BytesIO(heic)) == checks.HEIC
    assert checks.identify(io.BytesIO(doc)) == checks.DOC
    assert checks.identify(io.BytesIO(word_document())) == checks.DOCX
    with pytest.raises(ValidationError):
        checks.identify(io.BytesIO(msi))
    with pytest.raises(ValidationError):
        checks.identify(io.BytesIO(b"<!DOCTYPE html><p>hello</p>"))


def test_the_scanner_passes_a_clean_file_and_names_what_it_finds(scanner):
    from attachments import scanner as clamd

    assert clamd.scan(io.BytesIO(PDF_BYTES)).clean
    verdict = clamd.scan(io.BytesIO(b"header " + EICAR + b" trailer"))
    assert not verdict.clean
    assert "Edgecare-Test-EICAR" in verdict.signature
    assert clamd.ping()


def test_check_scanner_says_clamd_answers_and_detects_the_test_file(scanner):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("check_scanner", stdout=out)
    assert "Edgecare-Test-EICAR" in out.getvalue()


def test_check_scanner_fails_when_clamd_is_not_there(settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.CLAMD_ADDRESS = f"unix://{tmp_path / 'none.sock'}"
    with pytest.raises(CommandError, match="does not answer"):
        call_command("check_scanner")


def test_a_file_over_the_size_limit_is_refused_without_being_kept(
    world, signed_in, scanner, settings
):
    settings.ATTACHMENT_MAX_MB = 1
    client = signed_in(world.key_worker)
    too_big = PDF_BYTES + b"0" * (1024 * 1024 + 1)

    response = client.post(attach_url(world.case), form(upload("big.pdf", too_big)))

    assert_refused_with(response, "The selected file must be smaller than 1 MB")
    assert not Attachment.objects.exists()


def test_a_form_without_a_file_asks_for_one(world, signed_in, scanner):
    client = signed_in(world.key_worker)
    response = client.post(attach_url(world.case), form())
    assert_refused_with(response, "Choose a file or take a photo")


def test_a_word_document_a_photo_and_plain_text_are_kept_as_what_they_are(
    world, signed_in, scanner
):
    client = signed_in(world.key_worker)
    for name, content, media_type in [
        ("report.docx", word_document(), "wordprocessingml"),
        ("agreement", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "image/jpeg"),
        ("note.txt", "Café visit, 3 o'clock".encode(), "text/plain"),
    ]:
        response = client.post(attach_url(world.case), form(upload(name, content)))
        assert response.status_code == 302, response.content.decode()[:2000]
        assert media_type in Attachment.objects.latest("pk").media_type
    # A JPEG sent without an extension downloads as one.
    assert Attachment.objects.filter(file_name="agreement.jpg").exists()


def test_no_second_document_can_be_added_to_a_closed_case(world, signed_in, scanner):
    from tests.reviews.review_helpers import signed_off_closure

    signed_off_closure(world)
    client = signed_in(world.key_worker)

    response = client.post(attach_url(world.case), form(upload("late.pdf", PDF_BYTES)))

    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "This case has been closed, so documents can no longer be added" in (
        follow.content.decode()
    )
    assert not Attachment.objects.exists()


def test_another_teams_key_worker_gets_404_for_the_download_and_the_attach_pages(world, signed_in):
    plan = draft_plan(world)
    document = kept_attachment(world.case, world.key_worker)
    client = signed_in(world.other_team_worker)
    assert_not_found_and_refusal_logged(
        client,
        [
            reverse("attachments:download", args=[world.case.pk, document.pk]),
            attach_url(world.case),
            attach_url(world.case, plan),
            reverse("attachments:documents", args=[world.case.pk]),
        ],
    )
    # A document of one case is not found under another case's address either.
    own = signed_in(world.other_team_worker)
    other_case_document = kept_attachment(world.other_team_case, world.other_team_worker)
    assert (
        own.get(
            reverse("attachments:download", args=[world.case.pk, other_case_document.pk])
        ).status_code
        == 404
    )


def test_a_withdrawn_document_is_hidden_from_the_record_and_kept_for_its_managers(world, signed_in):
    document = kept_attachment(world.case, world.key_worker, title="Wrong family's letter")
    client = signed_in(world.key_worker)
    withdraw = reverse("attachments:withdraw", args=[world.case.pk, document.pk])

    assert_refused_with(
        client.post(withdraw, {"withdrawal_reason": "", "row_version": document.row_version}),
        "Enter why the document is being withdrawn",
    )
    response = client.post(
        withdraw,
        {"withdrawal_reason": "Added to the wrong case", "row_version": document.row_version},
    )
    assert response.status_code == 302

    document.refresh_from_db()
    assert document.is_withdrawn
    assert document.withdrawn_by == world.key_worker
    documents = reverse("attachments:documents", args=[world.case.pk])
    assert "Wrong family&#x27;s letter" not in client.get(documents).content.decode()
    assert "Wrong family" not in client.get(world.case.get_absolute_url()).content.decode()
    download = reverse("attachments:download", args=[world.case.pk, document.pk])
    assert client.get(download).status_code == 404

    manager = signed_in(world.team_manager)
    assert_shows(manager.get(documents), "Withdrawn documents", "Added to the wrong case")
    assert manager.get(download).status_code == 200
    # Kept: the row and the file.
    assert Attachment.objects.filter(pk=document.pk).exists()


def test_a_colleague_cannot_withdraw_someone_elses_document(world, signed_in):
    document = kept_attachment(world.case, world.key_worker)
    client = signed_in(world.colleague)
    withdraw = reverse("attachments:withdraw", args=[world.case.pk, document.pk])
    assert client.get(withdraw).status_code == 403


def test_documents_are_in_the_chronology_the_case_record_and_the_case_page(world, signed_in):
    kept_attachment(world.case, world.key_worker, title="Police notification")
    client = signed_in(world.team_manager)
    assert_shows(
        client.get(reverse("families:case_chronology", args=[world.case.pk])),
        "Document: Police notification",
    )
    assert_shows(
        client.get(reverse("case_record:html", args=[world.case.pk])),
        "9. Documents",
        "Police notification",
    )
    assert_shows(client.get(world.case.get_absolute_url()), "Police notification")


def test_the_subject_access_export_counts_and_includes_the_documents(world, signed_in):
    from tests.factories import PersonFactory

    document = kept_attachment(world.case, world.key_worker, title="Consent form")
    person = world.case.young_people.first() or PersonFactory(family=world.case.family)
    client = signed_in(world.team_manager)
    args = [world.case.family_id, person.pk]

    page = assert_shows(
        client.get(reverse("families:subject_access", args=args)), "1 document held"
    )
    assert "Consent form" in page
    data = client.get(reverse("families:subject_access_json", args=args)).json()
    section = next(s for s in data["sections"] if s["title"] == "Documents")
    assert [r["Title"] for r in section["records"]] == ["Consent form"]

    response = client.get(reverse("families:subject_access_documents", args=args))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    inside = section["records"][0]["In the documents download as"]
    assert archive.read(inside) == PDF_BYTES
    assert document.sha256 in archive.read("manifest.csv").decode()
    assert AccessLog.objects.filter(
        action=AccessLog.Action.EXPORT, record_type=AccessLog.RecordType.SUBJECT_ACCESS
    ).exists()


def test_the_documents_page_costs_the_same_queries_for_5_documents_as_for_50(world, signed_in):
    from tests.assertions import page_query_count

    plan = draft_plan(world)
    client = signed_in(world.key_worker)
    url = reverse("attachments:documents", args=[world.case.pk])

    def add(n):
        for i in range(n):
            kept_attachment(
                world.case,
                world.key_worker,
                title=f"Letter {i}",
                target_kind="plan" if i % 2 else "case",
                target_id=plan.pk if i % 2 else None,
            )

    add(5)
    five = page_query_count(client, url)
    add(45)
    assert page_query_count(client, url) == five

"""The documents a family or an inspector is given keep every word on the page: the family plan,
the closure letter and the case record, written with very long goals (one with a 60-letter word
nobody can hyphenate) and long tables (30 actions, 30 contacts), are rendered to PNG pages
(poppler's pdftoppm) and no page has ink in its right-hand margin; and the long goal's words are
all in the PDF's text, wrapped, not lost.

Not a browser test, but marked e2e with them: like Chromium, poppler-utils is a system package
(`apt-get install poppler-utils`)."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from plans import services as plan_services
from plans.models import Action, Contingency, Goal, PlanContact
from tests.background import download_document
from tests.e2e.helpers import ARTIFACTS
from tests.factories import ContactFactory
from tests.plans.plan_helpers import draft_plan, parent
from tests.reviews.review_helpers import fill_closure, started_closure

pytestmark = pytest.mark.e2e

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
RESOLUTION = 50  # dots per inch: an A4 page is about 413 x 585 pixels
# Ink this close to the right edge (in pixels at RESOLUTION) means text ran off the page.
MARGIN_PIXELS = 10
# Lighter than this (0 black, 255 white) counts as paper, not ink.
PAPER = 245

# 60 letters, no hyphen, no space: it has to be broken somewhere, or it runs off the page.
LONG_WORD = "Everyeveningathomeiscalmandnobodyshoutsorslamsanydoorsatall"[:60].ljust(60, "z")
LONG_GOAL = (
    "We want our evenings at home to be calm and kind, with tea together at the table, "
    f"homework done before the television goes on, {LONG_WORD} and Jory home by ten every "
    "night, so that mum can stop worrying and Jory can stop running off when it gets hard."
).ljust(300, "!")
LONG_TEXT = (
    "Jory and mum sit down together after tea on Sunday to talk through the week ahead, what "
    "went well and what was hard, and write down one thing each of them will try differently."
)


def test_the_long_goal_is_as_long_as_the_test_says():
    assert len(LONG_WORD) == 60
    assert len(LONG_GOAL) == 300
    assert LONG_WORD in LONG_GOAL


@pytest.fixture
def long_case(world):
    """An agreed plan with a 300-character goal and 30 actions, long contingencies and
    contacts; 30 contacts on the case; a closure being written in long words."""
    case = world.case
    plan = draft_plan(world)
    rows = list(plan.assessment.domain_assessments.all())
    goals = [
        Goal.objects.create(
            plan=plan,
            domain=rows[n].domain,
            what_we_want_to_be_different=LONG_GOAL if n == 0 else f"{LONG_TEXT} ({n + 1})",
            how_we_will_know=f"{LONG_WORD} {LONG_TEXT}",
            baseline_score=3,
            target_score=8,
            order=n,
        )
        for n in range(3)
    ]
    for n in range(30):
        Action.objects.create(
            goal=goals[n % 3],
            what=f"{n + 1}. {LONG_TEXT}" + (f" {LONG_WORD}" if n % 10 == 0 else ""),
            owner_name="Auntie Bernadette Featherstonehaugh-Quillfeather",
            due_date=plan.start_date + datetime.timedelta(days=7 + n),
        )
    for n in range(4):
        Contingency.objects.create(
            plan=plan,
            if_this_happens=f"If {LONG_WORD} does not happen ({n + 1})",
            what_we_will_do=LONG_TEXT,
            who_does_it="Mum, then Nan Featherstonehaugh-Quillfeather, then the duty team",
        )
    PlanContact.objects.create(
        plan=plan,
        name="The Fernbridge out-of-hours emergency duty social work team",
        role=LONG_WORD,
        phone="0300 555 0100 (extension 123456)",
        when_to_call="Evenings, nights, weekends and bank holidays, whenever things go wrong",
        is_out_of_hours=True,
    )
    plan_services.plan_agree(
        plan=plan,
        agreed_by_people=[parent(case)],
        agreed_on=timezone.localdate(),
        comments=f"{LONG_WORD} {LONG_TEXT}",
        recorded_by=world.key_worker,
    )
    for n in range(30):
        ContactFactory(
            case=case,
            recorded_by=world.key_worker,
            contact_date=timezone.localdate() - datetime.timedelta(days=n),
            purpose=f"{LONG_TEXT[:120]} {LONG_WORD if n % 10 == 0 else ''}".strip()[:200],
            what_happened=f"{LONG_TEXT} {LONG_WORD}",
        )
    closure = fill_closure(
        started_closure(world, plan),
        what_helped=f"{LONG_GOAL} {LONG_TEXT}",
        message_to_family=f"{LONG_WORD} {LONG_TEXT}",
        back_up_support=LONG_TEXT,
    )
    return plan, closure


def render_pages(pdf: bytes, name: str) -> list[Path]:
    if not Path(PDFTOPPM).exists():
        pytest.fail(
            "These tests need poppler-utils' pdftoppm: apt-get install -y poppler-utils",
            pytrace=False,
        )
    folder = ARTIFACTS / "pdf-pages"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 (a fixed program on a file this test wrote)
        [PDFTOPPM, "-r", str(RESOLUTION), "-png", str(source), str(folder / name)],
        check=True,
        timeout=60,
    )
    pages = sorted(folder.glob(f"{name}-*.png"))
    assert pages, f"pdftoppm made no pages of {name}"
    return pages


def rightmost_ink(image: Image.Image) -> int:
    """The right-most pixel column with anything darker than paper on it (-1 for none)."""
    ink = image.convert("L").point(lambda value: 255 if value < PAPER else 0)
    box = ink.getbbox()
    return box[2] - 1 if box else -1


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    """Text without the spaces, line breaks and hyphens that wrapping may add."""
    return re.sub(r"[\s\u00ad\-‐]+", "", text)


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code == 302:  # made in the background: queued, made, then downloaded
        response = download_document(client, url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert response["Content-Type"].startswith("application/pdf")
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert pdf.startswith(b"%PDF-")
    return pdf


def documents(long_case, world):
    plan, closure = long_case
    case = world.case
    return {
        "family-plan": reverse("plans:family_plan_pdf", args=[case.pk, plan.pk]),
        "closure-letter": reverse("reviews:closure_letter_pdf", args=[case.pk, closure.pk]),
        "case-record": reverse("case_record:pdf", args=[case.pk]),
    }


@pytest.mark.parametrize("document", ["family-plan", "closure-letter", "case-record"])
def test_no_text_runs_off_the_right_of_any_page(signed_in, world, long_case, document):
    client = signed_in(world.key_worker)
    pdf = fetch(client, documents(long_case, world)[document])

    clipped = []
    for path in render_pages(pdf, document):
        with Image.open(path) as image:
            width = image.width
            right = rightmost_ink(image)
        if right >= width - MARGIN_PIXELS:
            clipped.append(f"{path.name}: ink at column {right} of {width}")
    assert clipped == [], f"{document}: text reaches the page's right edge on {clipped}"


@pytest.mark.parametrize("document", ["family-plan", "case-record"])
def test_the_long_goal_is_wrapped_in_the_pdf_not_lost(signed_in, world, long_case, document):
    client = signed_in(world.key_worker)
    pdf = fetch(client, documents(long_case, world)[document])

    text = squeezed(text_of(pdf))
    missing = [word for word in LONG_GOAL.split() if squeezed(word) not in text]
    assert missing == [], f"{document}: words of the long goal missing: {missing}"
    assert squeezed(LONG_GOAL) in text, f"{document}: the long goal is not whole"


def test_the_closure_letter_keeps_every_word_of_what_helped(signed_in, world, long_case):
    client = signed_in(world.key_worker)
    pdf = fetch(client, documents(long_case, world)["closure-letter"])

    text = squeezed(text_of(pdf))
    assert squeezed(LONG_GOAL) in text
    assert squeezed(LONG_WORD) in text

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


# Pages a family would be glad to receive -------------------------------------------------------

FOOTER = re.compile(r"^Page \d+ of \d+$")
# The bottom page margin (20 mm of 297) holds the page number; the text ends above it.
TEXT_BOTTOM = (297 - 20) / 297
HEADINGS = {
    "What we want to be different",
    "If things go wrong",
    "Who to call",
    "Evenings, nights and weekends",
    "When we will look at this plan again",
    "What we said about this plan",
    "Signed",
    "What changed",
    "What helped",
    "Who to call if things get difficult again",
    "Who else is there for you",
    "What you told us about keeping things going",
}
EVERYDAY_ACTION = (
    "Sit down together after tea on Sunday and talk about the week ahead, what went well "
    "and what was hard"
)


@pytest.fixture
def everyday_plan(world):
    """A plan as families have them: a short first goal, a second of eight actions that does
    not fit in what is left of the first page, a third; twelve people to call (the team's
    out-of-hours line with its number only in its words); agreed by two people."""
    case = world.case
    plan = draft_plan(world)
    rows = list(plan.assessment.domain_assessments.all())
    for n, actions in enumerate((2, 8, 5)):
        goal = Goal.objects.create(
            plan=plan,
            domain=rows[n].domain,
            what_we_want_to_be_different=f"{n + 1}: we want our evenings at home to be calmer.",
            how_we_will_know="Nobody shouts at tea time for a whole week.",
            baseline_score=3,
            target_score=8,
            order=n,
        )
        for m in range(actions):
            Action.objects.create(
                goal=goal,
                what=f"{EVERYDAY_ACTION} ({n + 1}.{m + 1})",
                owner_name="Grace",
                due_date=plan.start_date + datetime.timedelta(days=7 + m),
            )
    for n in range(12):
        PlanContact.objects.create(
            plan=plan,
            name=f"Contact person number {n:02d}",
            role="Someone who knows the family well",
            phone="" if n == 11 else f"0300 555 02{n:02d}",
            when_to_call=(
                "Weekdays and some evenings, when things start to feel hard, or just to talk "
                f"it through before it gets worse; call 0300 555 03{n:02d} (row {n:02d} ends)"
            ),
            is_out_of_hours=n >= 6,
        )
    grace = parent(case, first_name="Grace")
    ade = parent(case, first_name="Adebayo")
    plan_services.plan_agree(
        plan=plan,
        agreed_by_people=[grace, ade],
        agreed_on=timezone.localdate(),
        comments="We think we can do this if we keep talking.",
        recorded_by=world.key_worker,
    )
    return plan


def pages_text(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text, the page number left out."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
        pages.append([line for line in lines if line and not FOOTER.match(line)])
    return pages


def lowest_text(image: Image.Image) -> float:
    """How far down the page its text reaches, as a share of the page's height (the page
    number, in the bottom margin, left out)."""
    height = image.height
    band = image.convert("L").crop((0, 0, image.width, int(height * TEXT_BOTTOM)))
    box = band.point(lambda value: 255 if value < PAPER else 0).getbbox()
    return box[3] / height if box else 0.0


def test_the_first_page_of_the_family_plan_is_full(signed_in, world, everyday_plan):
    url = reverse("plans:family_plan_pdf", args=[world.case.pk, everyday_plan.pk])
    pages = render_pages(fetch(signed_in(world.key_worker), url), "everyday-plan")
    assert len(pages) > 1
    with Image.open(pages[0]) as first:
        reaches = lowest_text(first)
    assert reaches > 0.8, f"the first page's text stops {reaches:.0%} of the way down"


def test_no_who_to_call_entry_or_heading_is_split_from_what_follows(
    signed_in, world, everyday_plan
):
    url = reverse("plans:family_plan_pdf", args=[world.case.pk, everyday_plan.pk])
    pages = pages_text(fetch(signed_in(world.key_worker), url))
    squeezed_pages = [squeezed(" ".join(lines)) for lines in pages]

    for n in range(12):
        name = squeezed(f"Contact person number {n:02d}")
        end = squeezed(f"(row {n:02d} ends)")
        on = [i for i, text in enumerate(squeezed_pages) if name in text]
        assert len(on) == 1, f"contact {n:02d} is on pages {on}"
        assert end in squeezed_pages[on[0]], f"contact {n:02d} is split across pages"
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines[-1] not in HEADINGS, f"page {number} ends with the heading {lines[-1]!r}"


def test_the_signature_lines_name_the_people_who_agreed(signed_in, world, everyday_plan):
    url = reverse("plans:family_plan_pdf", args=[world.case.pk, everyday_plan.pk])
    pages = pages_text(fetch(signed_in(world.key_worker), url))
    last = " ".join(pages[-1])
    family = world.case.family
    signed = last[last.index("Signed") :]
    for person in family.members.filter(first_name__in=["Grace", "Adebayo"]):
        assert person.full_name in signed
    assert "Family" not in signed


def test_no_heading_of_the_closure_letter_ends_a_page(signed_in, world, long_case):
    pdf = fetch(signed_in(world.key_worker), documents(long_case, world)["closure-letter"])
    pages = pages_text(pdf)
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines[-1] not in HEADINGS, f"page {number} ends with the heading {lines[-1]!r}"


def title_ink_left(image: Image.Image) -> float:
    """Where the page's first line of ink (the title) starts, as a share of the width."""
    grey = image.convert("L")
    ink = grey.point(lambda value: 255 if value < PAPER else 0)
    top = ink.getbbox()[1]
    line = ink.crop((0, top, image.width, top + 12))
    return line.getbbox()[0] / image.width


def test_a_right_to_left_document_is_laid_out_from_the_right(signed_in, world, everyday_plan):
    from django.conf import settings
    from django.test import override_settings

    family = world.case.family
    family.main_language = "Arabic"
    family.save()
    url = reverse("plans:family_plan_pdf", args=[world.case.pk, everyday_plan.pk])
    client = signed_in(world.key_worker)
    with override_settings(
        LOCALE_PATHS=[*settings.LOCALE_PATHS, settings.BASE_DIR / "tests" / "locale"]
    ):
        arabic = render_pages(fetch(client, url), "right-to-left")
        english = render_pages(fetch(client, url + "?lang=en"), "right-to-left-english-copy")
    with Image.open(arabic[0]) as page:
        assert title_ink_left(page) > 0.5, "the Arabic title is not at the right"
    with Image.open(english[0]) as page:
        assert title_ink_left(page) < 0.15, "the English copy's title is not at the left"
    for path in arabic:
        with Image.open(path) as image:
            assert rightmost_ink(image) < image.width - MARGIN_PIXELS

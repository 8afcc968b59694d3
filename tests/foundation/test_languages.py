"""The language a family's documents print in (edgecare/languages.py) and the catalogues that
ship: complete, compiled from their source, and marked with their review status."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from edgecare.languages import document_language, language_code

LOCALE = Path(settings.BASE_DIR) / "locale"
SHIPPED = ["cy", "pl"]
DOCUMENT_TEMPLATES = [
    "templates/plans/family_plan_document.html",
    "templates/reviews/closure_letter_document.html",
]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Welsh", "cy"),
        ("Cymraeg", "cy"),
        ("polish", "pl"),
        (" Polish ", "pl"),
        ("Bengali (Sylheti)", "bn"),
        ("Urdu / Punjabi", "ur"),
        ("English", "en-gb"),
        ("Klingon", None),
        ("", None),
    ],
)
def test_what_a_worker_typed_is_read_as_a_language_code(typed, code):
    assert language_code(typed) == code


def test_documents_print_in_a_language_only_when_a_catalogue_ships():
    assert document_language("Welsh") == "cy"
    assert document_language("Polish") == "pl"
    assert document_language("Urdu") == "en-gb"  # Django has Urdu; this application does not
    assert document_language("Klingon") == "en-gb"
    assert document_language("Polish", english=True) == "en-gb"


def entries(po: Path) -> list[dict]:
    """The .po file's entries: msgctxt, msgid, msgid_plural, msgstr (a list), flags."""
    found = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": "", "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
                continue
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key, text = match.groups()
                if key.startswith("msgstr"):
                    entry["msgstr"].append(text)
                else:
                    entry[key] = text
            elif line.startswith('"') and key is not None:
                text = line[1:-1]
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += text
                else:
                    entry[key] += text
        if "msgid" in entry:
            found.append(entry)
    return found


def unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


@pytest.mark.parametrize("code", SHIPPED)
def test_a_shipped_catalogue_is_complete_and_says_it_is_not_yet_reviewed(code):
    po = LOCALE / code / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert "machine-drafted, not yet reviewed by a qualified translator" in text
    rows = [e for e in entries(po) if e["msgid"]]
    assert len(rows) > 40
    for row in rows:
        assert "fuzzy" not in row["flags"], row["msgid"]
        assert all(row["msgstr"]), f"{code}: no translation for {row['msgid']!r}"
        # Every placeholder of the English is in the translation.
        for placeholder in re.findall(r"%\(\w+\)s", row["msgid"]):
            assert all(placeholder in form for form in row["msgstr"]), row["msgid"]


@pytest.mark.parametrize("code", SHIPPED)
def test_a_shipped_catalogue_is_compiled_from_its_source(code):
    folder = LOCALE / code / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for row in entries(folder / "django.po"):
        if not row["msgid"]:
            continue
        msgid = unescape(row["msgid"])
        if "msgctxt" in row:
            msgid = f"{unescape(row['msgctxt'])}\x04{msgid}"
        if "msgid_plural" in row:
            for n, form in enumerate(row["msgstr"]):
                assert compiled._catalog[(msgid, n)] == unescape(form)  # type: ignore[attr-defined]
        else:
            assert compiled._catalog[msgid] == unescape(row["msgstr"][0]), (  # type: ignore[attr-defined]
                f"{code}: django.mo is older than django.po; run msgfmt (docs/languages.md)"
            )


@pytest.mark.parametrize("code", SHIPPED)
def test_every_fixed_phrase_of_the_family_documents_is_in_each_catalogue(code):
    msgids = {unescape(e["msgid"]) for e in entries(LOCALE / code / "LC_MESSAGES" / "django.po")}
    for template in DOCUMENT_TEMPLATES:
        source = (Path(settings.BASE_DIR) / template).read_text(encoding="utf-8")
        for phrase in re.findall(r'{% translate "([^"]+)" %}', source):
            assert phrase in msgids, f"{code}: {template} has {phrase!r}, the catalogue not"

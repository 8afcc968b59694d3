"""The language a family's documents are printed in.

`Family.main_language` is what a worker typed ("Polish", "Welsh", "Bengali (Sylheti)"). The
family plan, the young person's plan and the closure letter print in that language when this
application has a catalogue for it (`settings.LOCALE_PATHS`, one folder per language code), and
in English otherwise; the worker can always print the English copy for the file. Only the fixed
text is translated: goals and everything a worker typed stay in the family's own words.

How a council adds or reviews a catalogue: docs/languages.md.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

ENGLISH = "en-gb"

# What a worker may type for a language, lower case, to its code. A name here prints nothing
# differently until a catalogue for its code exists: adding a catalogue is the step that counts.
LANGUAGE_CODES = {
    "english": ENGLISH,
    "welsh": "cy",
    "cymraeg": "cy",
    "polish": "pl",
    "polski": "pl",
    "arabic": "ar",
    "urdu": "ur",
    "bengali": "bn",
    "bangla": "bn",
    "sylheti": "bn",
    "punjabi": "pa",
    "gujarati": "gu",
    "romanian": "ro",
    "turkish": "tr",
    "ukrainian": "uk",
    "russian": "ru",
    "lithuanian": "lt",
    "portuguese": "pt",
    "spanish": "es",
    "french": "fr",
    "italian": "it",
    "somali": "so",
    "farsi": "fa",
    "persian": "fa",
    "pashto": "ps",
    "kurdish": "ku",
    "tigrinya": "ti",
    "chinese": "zh-hans",
    "mandarin": "zh-hans",
    "cantonese": "zh-hant",
}

_BRACKETED = re.compile(r"\(.*?\)")


def language_code(main_language: str) -> str | None:
    """The code for what a worker typed ("Polish" -> "pl", "Bengali (Sylheti)" -> "bn"), or
    None for a language this module does not know."""
    words = _BRACKETED.sub(" ", main_language or "").strip().lower()
    if words in LANGUAGE_CODES:
        return LANGUAGE_CODES[words]
    # "Polish and English", "Urdu / Punjabi": the first language named.
    first = re.split(r"[^\w]+", words, maxsplit=1)[0] if words else ""
    return LANGUAGE_CODES.get(first)


def has_catalogue(code: str) -> bool:
    """Whether this application ships (or a council added) a catalogue for `code`. Django's own
    catalogues do not count: they translate Django's messages, not a family's documents."""
    locale = translation.to_locale(code)
    return any(
        gettext.find("django", str(path), [locale]) is not None for path in settings.LOCALE_PATHS
    )


def document_language(main_language: str, *, english: bool = False) -> str:
    """The language code a family's document prints in: the family's, when a catalogue exists;
    English otherwise, and for the English copy (`english`)."""
    if english:
        return ENGLISH
    code = language_code(main_language)
    if code is None or code == ENGLISH or not has_catalogue(code):
        return ENGLISH
    return code


@dataclass(frozen=True)
class DocumentLanguage:
    code: str
    name: str  # in English, for the worker's page ("Welsh")
    direction: str  # "ltr" or "rtl", for the document's dir attribute

    @property
    def is_english(self) -> bool:
        return self.code == ENGLISH


@contextmanager
def family_language(main_language: str, *, english: bool = False) -> Iterator[DocumentLanguage]:
    """Build and render a family's document inside this: the fixed text, the dates and the
    document's lang and dir are the family's language (or English)."""
    code = document_language(main_language, english=english)
    with translation.override(code):
        yield DocumentLanguage(code=code, name=_name(code), direction=_direction(code))


# Written right to left, for a catalogue whose code Django's own list does not know.
RIGHT_TO_LEFT = {"ar", "fa", "he", "ps", "sd", "ug", "ur", "ckb", "ku"}


def _info(code: str) -> dict | None:
    try:
        return translation.get_language_info(code)
    except KeyError:
        return None


def _name(code: str) -> str:
    info = _info(code)
    return info["name"] if info else code


def _direction(code: str) -> str:
    info = _info(code)
    bidi = info["bidi"] if info else code.split("-")[0] in RIGHT_TO_LEFT
    return "rtl" if bidi else "ltr"


def wants_english_copy(query: dict) -> bool:
    """`?lang=en` on a family document's page or PDF asks for the English copy for the file."""
    return (query.get("lang") or "").lower().startswith("en")


def family_copy_links(
    language: DocumentLanguage, *, english: bool, page_url: str, pdf_url: str, main_language: str
) -> dict:
    """The print page's toolbar links: the PDF of the copy on screen, and the other copy: the
    English one for the file, or back to the family's own language from it."""
    if english:
        family_code = document_language(main_language)
        return {
            "language": language,
            "pdf_url": f"{pdf_url}?lang=en",
            "family_url": page_url if family_code != ENGLISH else "",
            "family_language_name": _name(family_code),
        }
    links: dict = {"language": language, "pdf_url": pdf_url}
    if not language.is_english:
        links["english_url"] = f"{page_url}?lang=en"
        links["english_pdf_url"] = f"{pdf_url}?lang=en"
    return links


def render_family_copy(
    request: HttpRequest,
    template: str,
    *,
    main_language: str,
    document: Callable[[], dict],
    pdf_url: str,
    back_url: str,
) -> HttpResponse:
    """A family document's print page (the plan, the young person's plan, the closure letter):
    `document()` builds its context and the template draws it inside the family's language (or
    the English copy, `?lang=en`), so every fixed sentence is translated; with the toolbar's
    links to the PDF and to the other copy."""
    english = wants_english_copy(request.GET)
    with family_language(main_language, english=english) as language:
        context = document() | family_copy_links(
            language,
            english=english,
            page_url=request.path,
            pdf_url=pdf_url,
            main_language=main_language,
        )
        context["back_url"] = back_url
        return render(request, template, context)

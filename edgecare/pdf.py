"""The one way this application makes a PDF: a template rendered with WeasyPrint, styled from
the application's own static files (never fetched over the network)."""

from __future__ import annotations

import logging
import multiprocessing
import re
import time

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger("edgecare.pdf")


def static_css(path: str) -> str:
    """A stylesheet's text, read from the static files."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"No static file {path}")
    with open(found, encoding="utf-8") as handle:
        return handle.read()


def refuse_fetch(url: str, *args, **kwargs):
    """Documents are self-contained: nothing in them, or typed into them, may make the renderer
    reach the network or the file system. Inline data: URLs are all they may use."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError("Documents load no external resources.")


_INDENTATION = re.compile(r"\n[ \t]+")

# WeasyPrint lays out a word it cannot break by trying ever shorter pieces of it: a 30,000
# character word took 27 seconds, 100,000 more than 8 minutes. So before layout, every word
# longer than LONGEST_UNBROKEN gets a break opportunity after each run of that many characters:
# a zero-width space, invisible, for anything a person might type (a long web address); a
# plain space for a "word" past WORD_OR_NOT, which no language has, because WeasyPrint finds
# breaks at spaces quickly and at zero-width spaces slowly (100,000 characters in a table cell:
# 9 s with spaces, far longer with zero-width spaces). 24 characters keep three table columns
# of pieces within an A4 page.
LONGEST_UNBROKEN = 24
WORD_OR_NOT = 200
# And no run of text is laid out past the longest text a form accepts (the narrative limit):
# text stored before the limits existed is shortened in the document, saying so, and stays
# whole in the online record. A whole document's text is bounded too: past DOCUMENT_TEXT (about
# 60 full pages; the busiest benchmark case record, every contact listed, is 39 pages), each
# further run is shortened to LONGEST_TEXT_PAST_BUDGET, so a record with every field full to its
# limit still makes a document within the time budget.
LONGEST_TEXT = 20_000
DOCUMENT_TEXT = 200_000
LONGEST_TEXT_PAST_BUDGET = 500
# Markup, and the text of elements that are not shown as text, pass through untouched; so does
# an entity (&amp; &#8217;), which is one character however many it is spelled with.
_MARKUP = re.compile(r"(<!--.*?-->|<(style|script|title)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)
_ENTITY_OR_CHARACTER = r"(?:&#?\w+;|[^\s<&])"
_LONG_RUN = re.compile(_ENTITY_OR_CHARACTER + f"{{{LONGEST_UNBROKEN + 1},}}")
_CHARACTER = re.compile(r"&#?\w+;|.", re.S)


def _break_run(match: re.Match) -> str:
    characters = _CHARACTER.findall(match.group(0))
    joiner = " " if len(characters) > WORD_OR_NOT else "\u200b"
    return joiner.join(
        "".join(characters[i : i + LONGEST_UNBROKEN])
        for i in range(0, len(characters), LONGEST_UNBROKEN)
    )


def _shorten(text: str, longest: int) -> str:
    if len(text) <= longest:
        return text
    cut = longest
    ampersand = text.rfind("&", cut - 10, cut)
    if ampersand != -1 and ";" not in text[ampersand:cut]:
        cut = ampersand  # never cut an entity in half
    return (
        f"{text[:cut]} [shortened in this document: {len(text) - cut:,} more characters are "
        "in the online record]"
    )


def bounded_text(html: str) -> str:
    """The document's HTML with its text bounded (LONGEST_TEXT a run, DOCUMENT_TEXT in all) and
    break opportunities inside every over-long word, so no text can stall the layout."""
    pieces = _MARKUP.split(html)
    out = []
    total = 0
    # re.split with two groups yields: text, whole markup, inner group, text, ...
    for index in range(0, len(pieces), 3):
        longest = LONGEST_TEXT if total < DOCUMENT_TEXT else LONGEST_TEXT_PAST_BUDGET
        text = _shorten(pieces[index], longest)
        total += len(text)
        out.append(_LONG_RUN.sub(_break_run, text))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)


# `overflow-wrap: anywhere` makes WeasyPrint measure every character as a possible break when
# it sizes table columns: five table cells of 20,000 characters took over a minute with it and
# seven seconds without. Every long word has break opportunities by now (bounded_text), so
# break-word (break only what still overflows) is enough, and it is forced here, as a user
# stylesheet that wins over any document's own.
BREAK_WORDS_CSS = "* { overflow-wrap: break-word !important; }"


class DocumentTimedOut(Exception):
    """A document did not finish within settings.PDF_TIME_BUDGET_SECONDS (the
    edgecare.middleware.DocumentTimeoutMiddleware answers with an error page)."""


def _write_pdf(html: str, css_texts: list[str], sender) -> None:
    """In the document's own process: lay it out and send back the PDF, or the error's name."""
    try:
        from weasyprint import CSS, HTML

        css = [CSS(string=text) for text in css_texts]
        pdf = HTML(string=html, base_url=None, url_fetcher=refuse_fetch).write_pdf(stylesheets=css)
        sender.send(("pdf", pdf))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def write_within_budget(html: str, css_texts: list[str], *, budget: float) -> bytes:
    """Lays the document out in a child process, killed if it runs past `budget` seconds.

    A thread cannot be stopped once WeasyPrint is inside a long layout, and the worker would
    spend its CPU on it long after the page gave up; a child process can be killed. The child
    is forked, so it starts at once with WeasyPrint already imported, and it touches nothing but
    the HTML it is given (never the database).
    """
    # Imported before forking: each document's process starts with WeasyPrint loaded.
    import weasyprint  # noqa: F401

    fork = multiprocessing.get_context("fork")
    receiver, sender = fork.Pipe(duplex=False)
    child = fork.Process(target=_write_pdf, args=(html, css_texts, sender), daemon=True)
    started = time.monotonic()
    child.start()
    sender.close()
    try:
        if not receiver.poll(budget):
            raise DocumentTimedOut(f"PDF not finished after {budget:g}s")
        kind, payload = receiver.recv()
    except EOFError:
        kind, payload = "error", f"the document process ended with code {child.exitcode}"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if kind == "error":
        raise RuntimeError(f"PDF rendering failed: {payload}")
    log.info("pdf rendered bytes=%s seconds=%.2f", len(payload), time.monotonic() - started)
    return payload


def render_pdf(
    template: str, context: dict, *, stylesheets: tuple[str, ...] = (), extra_css: str = ""
) -> bytes:
    # Template indentation is most of a long document's characters, and WeasyPrint's HTML parser
    # reads every one. Collapsed whitespace renders the same (no document uses white-space: pre;
    # typed line breaks are <br> by then), so indentation goes before parsing.
    html = bounded_text(_INDENTATION.sub("\n", render_to_string(template, context)))
    css = [static_css(path) for path in stylesheets]
    if extra_css:
        css.append(extra_css)
    css.append(BREAK_WORDS_CSS)
    started = time.monotonic()
    try:
        return write_within_budget(html, css, budget=settings.PDF_TIME_BUDGET_SECONDS)
    except DocumentTimedOut:
        # Identifiers only: which document, how long. Never its content.
        log.warning("pdf timed out template=%s seconds=%.1f", template, time.monotonic() - started)
        raise


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF offered as a download. Case content: never kept by a browser's or proxy's cache."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response

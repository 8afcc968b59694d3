"""The one way this application makes a PDF: a template rendered with WeasyPrint, styled from
the application's own static files (never fetched over the network)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


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


def render_pdf(
    template: str, context: dict, *, stylesheets: tuple[str, ...] = (), extra_css: str = ""
) -> bytes:
    # Imported here: WeasyPrint is heavy, and only the document views need it.
    from weasyprint import CSS, HTML

    # Template indentation is most of a long document's characters, and WeasyPrint's HTML parser
    # reads every one. Collapsed whitespace renders the same (no document uses white-space: pre;
    # typed line breaks are <br> by then), so indentation goes before parsing.
    html = _INDENTATION.sub("\n", render_to_string(template, context))
    css = [CSS(string=static_css(path)) for path in stylesheets]
    if extra_css:
        css.append(CSS(string=extra_css))
    return HTML(string=html, base_url=None, url_fetcher=refuse_fetch).write_pdf(stylesheets=css)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The text of a rendered family document, as the family reads it, and the same text with the
words a worker typed taken out (what is left is what the system itself wrote)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|h\d|li|tr|td|th|blockquote|section|article|ul)>", re.I)
_TAG = re.compile(r"<[^>]+>")


def document_lines(rendered: str) -> str:
    """The text of a rendered document, one line per block (paragraph, heading, cell)."""
    body = rendered.split("<body", 1)[-1].split(">", 1)[-1]
    # The print page's toolbar is for the worker, never on the family's copy.
    body = re.sub(r"<nav class=\"fd-toolbar.*?</nav>", "", body, flags=re.S)
    text = html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", body)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def without(text: str, typed: Iterable[str]) -> str:
    """`text` with every typed value taken out, longest first, each leaving a line break."""
    values = {" ".join(value.split()) for value in typed}
    for value in sorted((v for v in values if v), key=len, reverse=True):
        text = text.replace(value, "\n")
    return "\n".join(line.strip(" :,.") for line in text.splitlines() if line.strip(" :,."))

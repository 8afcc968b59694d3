"""Fill a real form, as rendered, the way a browser would: every field the page shows gets a
plausible value, and the text fields get what the test chooses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class FormField:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class ParsedForm:
    action: str
    fields: list[FormField] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[ParsedForm] = []
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append(ParsedForm(action=a.get("action") or ""))
        if not self.forms:
            return
        current = self.forms[-1]
        if tag == "input" and a.get("name"):
            current.fields.append(
                FormField(
                    a["name"],
                    (a.get("type") or "text").lower(),
                    a.get("value") or "",
                    checked="checked" in a,
                )
            )
        elif tag == "textarea" and a.get("name"):
            self._textarea = FormField(a["name"], "textarea")
            current.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = FormField(a["name"], "select")
            current.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None


def main_form(html: str) -> ParsedForm:
    """The page's main POST form: the one with the most fields (not the header's sign-out,
    nor the timeout warning's keep-alive)."""
    parser = _FormParser()
    parser.feed(html)
    forms = [f for f in parser.forms if not any(w in f.action for w in ("logout", "keep-alive"))]
    assert forms, "the page has no form to fill"
    return max(forms, key=lambda f: len(f.fields))


def fill(form: ParsedForm, text: str, *, day: datetime.date) -> dict[str, list[str] | str]:
    """Values for every field: `text` in every free-text field, sensible values elsewhere."""
    data: dict[str, list[str] | str] = {}
    for f in form.fields:
        if f.kind in ("submit", "button", "image", "file"):
            continue
        if f.kind == "hidden":
            data[f.name] = f.value
        elif f.kind in ("text", "textarea", "search"):
            data[f.name] = text
        elif f.kind == "email":
            data[f.name] = "someone@example.test"
        elif f.kind == "tel":
            data[f.name] = "0300 555 0100"
        elif f.kind == "date":
            data[f.name] = day.isoformat()
        elif f.kind == "time":
            data[f.name] = "10:30"
        elif f.kind == "number":
            data[f.name] = f.value or "5"
        elif f.kind == "select":
            choices = [o for o in f.options if o]
            if choices:
                data[f.name] = choices[0]
        elif f.kind == "radio":
            data.setdefault(f.name, f.value)
        elif f.kind == "checkbox":
            # Tick the first of a group; a lone checkbox stays as rendered.
            existing = data.get(f.name)
            if existing is None:
                data[f.name] = [f.value or "on"]
    return data

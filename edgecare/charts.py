"""Server-rendered SVG charts for outcome scores and counts.

Charts are plain SVG strings so they print, go into WeasyPrint PDFs unchanged, and need
no script (the Content Security Policy forbids inline script). Presentation attributes
(fill=, stroke=) are used instead of style attributes for the same reason.

Safety: the markup is built only from numbers we format ourselves, fixed constants, and
labels passed through ``_esc`` (``html.escape`` after stripping characters XML cannot
hold). Labels come from user-configurable outcome domain names, so every label, title
and unit must go through ``_esc`` before reaching the markup; ``mark_safe`` is applied
once, at the end, in ``_svg``.

Give the SVG a CSS rule such as ``.ec-chart { max-width: 100%; height: auto; }`` so
it shrinks on narrow screens; the ``width``/``height`` attributes are for print.
"""

from __future__ import annotations

import html
import math
import re
import uuid
from collections.abc import Sequence

from django.utils.safestring import SafeString, mark_safe

FONT_FAMILY = "GDS Transport, arial, sans-serif"
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#b1b4b6"
AXIS = "#0b0c0c"
BAR = "#1d70b8"
WHITE = "#ffffff"

# Every colour has at least 3:1 contrast against white (WCAG 1.4.11 for graphics), and
# each series also gets its own dash pattern, so colour is never the only difference.
PALETTE: tuple[str, ...] = (
    "#1d70b8",  # blue
    "#d55e00",  # vermilion
    "#00703c",  # green
    "#4c2c92",  # purple
    "#0b0c0c",  # black
    "#c2185b",  # raspberry
    "#7a5c00",  # brown
    "#005a70",  # dark teal
    "#505a5f",  # grey
    "#6f72af",  # lavender
)
DASHES: tuple[str, ...] = (
    "",  # solid
    "8 4",
    "2 3",
    "10 3 2 3",
    "4 4",
    "14 4",
    "1 5",
    "8 3 2 3 2 3",
    "6 6",
    "16 4 4 4",
)

NO_DATA = "No data yet"
NOT_SCORED = "not scored"

MIN_WIDTH = 240
# A generous average glyph width at 14px: fallback fonts (DejaVu Sans) run wider than Arial.
_CHAR_WIDTH = 8.5
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# Text and numbers


def _clean(text: object) -> str:
    # html.escape leaves control characters alone, but XML forbids them and WeasyPrint
    # would refuse the whole document.
    return " ".join(_INVALID_XML.sub("", str(text)).split())


def _esc(text: object) -> str:
    return html.escape(_clean(text), quote=True)


def _esc_keep_spaces(text: object) -> str:
    # Units such as " days" rely on their leading space.
    return html.escape(_INVALID_XML.sub("", str(text)).replace("\n", " "), quote=True)


def _truncate(text: str, max_chars: int) -> str:
    max_chars = max(max_chars, 2)
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + "…"


def _wrap(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    # "Review 2 (10 Mar)" reads best broken before the bracket, not inside it.
    head, bracket, tail = text.partition(" (")
    if len(text) > max_chars and bracket and max_lines == 2:
        return [_truncate(head, max_chars), _truncate("(" + tail, max_chars)]
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    return [_truncate(line, max_chars) for line in lines] or [""]


def _n(value: float) -> str:
    """A coordinate for an attribute: at most two decimals, never "-0" or "nan"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _display(value: float) -> str:
    """A value as people read it: "3", "3.5", "1,250"."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


def change_between(start: float | None, now: float | None) -> float | None:
    """The change from one figure to another as people read it: the difference of the two
    figures as shown (one decimal), not of the values behind them. The one way a chart's
    change and the table beside it are worked out, so they never differ by a rounding: means
    of 3.33 and 5.67, shown as 3.3 and 5.7, changed by 2.4, not by 2.3."""
    if start is None or now is None:
        return None
    return round(round(now, 1) - round(start, 1), 1)


def _change(start: float, now: float) -> str:
    difference = change_between(start, now) or 0.0
    if difference == 0:
        return "0"
    return ("+" if difference > 0 else "-") + _display(abs(difference))


def _fraction(value: float, scale: float) -> float:
    # Out-of-range values are drawn at the edge; the printed number stays truthful.
    return min(max(value / scale, 0.0), 1.0)


# Axes


def _nice_step(max_value: float, target_ticks: int = 5) -> float:
    raw = max_value / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= raw:
            return multiple * magnitude
    return 10 * magnitude


def _ticks(limit: float) -> list[float]:
    """Gridline values from 0 up to ``limit`` inclusive, e.g. 0, 2, 4, 6, 8, 10."""
    step = _nice_step(limit)
    count = math.floor(limit / step + 1e-9)
    return [round(step * index, 10) for index in range(count + 1)]


def _auto_scale(values: Sequence[float]) -> float:
    """The smallest "nice" axis end at or above the largest value, e.g. 13 -> 15."""
    largest = max([value for value in values if value > 0], default=0.0)
    if largest <= 0:
        return 1.0
    step = _nice_step(largest)
    return step * math.ceil(largest / step - 1e-9)


def _check_scale(max_value: float) -> None:
    if not math.isfinite(max_value) or max_value <= 0:
        raise ValueError("max_value must be a positive number")


def _check_width(width: int) -> None:
    if width < MIN_WIDTH:
        raise ValueError(f"width must be at least {MIN_WIDTH}")


# SVG assembly


def _svg(width: float, height: float, title: str, description: str, body: list[str]) -> SafeString:
    # A fresh id per chart: several charts often share one page.
    base = f"ec-chart-{uuid.uuid4().hex[:12]}"
    title_id, desc_id = f"{base}-title", f"{base}-desc"
    markup = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ec-chart" '
        f'width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
        f'font-family="{_esc(FONT_FAMILY)}" font-size="14" fill="{TEXT}">'
        f'<title id="{title_id}">{_esc(title)}</title>'
        f'<desc id="{desc_id}">{_esc(description)}</desc>' + "".join(body) + "</svg>"
    )
    return mark_safe(markup)  # every label above went through _esc


def _empty(title: str, width: int) -> SafeString:
    height = 48
    body = [f'<text x="0" y="{_n(height / 2 + 5)}" fill="{SECONDARY_TEXT}">{NO_DATA}</text>']
    return _svg(width, height, title, NO_DATA, body)


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    """A <text> element; ``content`` must already be escaped."""
    # Trailing underscore lets callers pass class_; other underscores become hyphens.
    extra = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{value}"' for name, value in attrs.items()
    )
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{content}</text>'


def _label(x: float, y: float, label: str, max_chars: int) -> str:
    """A right-aligned row label, cut short if needed, with the full text as a tooltip."""
    cleaned = _clean(label)
    shown = _truncate(cleaned, max_chars)
    tooltip = f"<title>{_esc(cleaned)}</title>" if shown != cleaned else ""
    return _text(x, y, tooltip + html.escape(shown, quote=True), text_anchor="end")


def _rule(x1: float, y1: float, x2: float, y2: float, stroke: str) -> str:
    """A straight one-pixel line: a gridline (GRID) or an axis (AXIS)."""
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{stroke}" stroke-width="1"/>'
    )


def _tick_value(x: float, y: float, tick: float, text_anchor: str) -> str:
    """The value a gridline stands for, in the small secondary text every chart's axis uses."""
    return _text(x, y, _display(tick), text_anchor=text_anchor, font_size="12", fill=SECONDARY_TEXT)


def _vertical_grid(x0: float, span: float, scale: float, top: float, bottom: float) -> list[str]:
    parts = []
    for tick in _ticks(scale):
        x = x0 + span * tick / scale
        parts.append(_rule(x, top, x, bottom, GRID))
        parts.append(_tick_value(x, bottom + 16, tick, "middle"))
    parts.append(_rule(x0, top, x0, bottom, AXIS))
    return parts


class _RowLayout:
    """Shared geometry for charts with one labelled row per item."""

    def __init__(self, width: int, right_columns: float) -> None:
        self.label_width = max(110.0, round(width * 0.34))
        self.bar_x = self.label_width + 10
        self.bar_span = max(width - self.bar_x - right_columns, 40.0)
        self.label_chars = int(self.label_width / _CHAR_WIDTH)


# Public charts


def _bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    scale: float,
    title: str,
    width: int,
    unit: str,
    missing: str,
    of_scale: bool,
) -> SafeString:
    layout = _RowLayout(width, right_columns=90)
    row_height, bar_height, top = 32, 20, 8
    bottom = top + row_height * len(rows)
    body = _vertical_grid(layout.bar_x, layout.bar_span, scale, top, bottom)
    summary = []
    for index, (label, raw_value) in enumerate(rows):
        value = _finite(raw_value)
        y = top + index * row_height
        middle = y + row_height / 2
        body.append(_label(layout.label_width, middle + 5, label, layout.label_chars))
        if value is None:
            body.append(
                _text(
                    layout.bar_x + 6, middle + 5, missing, fill=SECONDARY_TEXT, font_style="italic"
                )
            )
            summary.append(f"{_clean(label)}: {missing}")
            continue
        bar_width = layout.bar_span * _fraction(value, scale)
        shown = _display(value) + _esc_keep_spaces(unit)
        body.append(
            f'<rect class="ec-bar" x="{_n(layout.bar_x)}" y="{_n(middle - bar_height / 2)}" '
            f'width="{_n(bar_width)}" height="{_n(bar_height)}" fill="{BAR}"/>'
        )
        body.append(_text(layout.bar_x + bar_width + 6, middle + 5, shown, font_weight="bold"))
        out_of = f" out of {_display(scale)}" if of_scale else ""
        summary.append(f"{_clean(label)}: {_display(value)}{unit}{out_of}")
    return _svg(width, bottom + 26, title, ". ".join(summary) + ".", body)


def horizontal_bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    max_value: float = 10,
    title: str,
    width: int = 640,
) -> SafeString:
    """One bar per (label, value) row on a fixed 0..max_value scale; None is "not scored"."""
    _check_scale(max_value)
    _check_width(width)
    if not rows:
        return _empty(title, width)
    return _bar_chart(
        rows,
        scale=max_value,
        title=title,
        width=width,
        unit="",
        missing=NOT_SCORED,
        of_scale=True,
    )


def simple_bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
) -> SafeString:
    """Bars for counts, scaled to a round number just above the largest value.

    ``unit`` is appended to each value exactly as given: "%" gives "45%", " days" gives
    "12 days".
    """
    _check_width(width)
    if not rows:
        return _empty(title, width)
    values = [value for _, raw in rows if (value := _finite(raw)) is not None]
    return _bar_chart(
        rows,
        scale=_auto_scale(values),
        title=title,
        width=width,
        unit=unit,
        missing="no data",
        of_scale=False,
    )


def _legend_swatch_bar(x: float, y: float, hollow: bool) -> str:
    fill = WHITE if hollow else BAR
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="18" height="12" fill="{fill}" '
        f'stroke="{BAR}" stroke-width="2"/>'
    )


def paired_bar_chart(
    rows: Sequence[tuple[str, float | None, float | None]],
    *,
    series: tuple[str, str] = ("Start", "Now"),
    max_value: float = 10,
    title: str,
    width: int = 640,
) -> SafeString:
    """Two bars per row (e.g. baseline and latest score) and the change between them.

    The first series is drawn as an outlined bar and the second as a solid one, so the
    pair can be told apart in greyscale print.
    """
    _check_scale(max_value)
    _check_width(width)
    if not rows:
        return _empty(title, width)
    change_width = 64
    layout = _RowLayout(width, right_columns=90 + change_width)
    change_x = width - 12
    legend_height, row_height, bar_height = 28, 46, 16
    top = legend_height + 8
    bottom = top + row_height * len(rows)
    first, second = (_clean(name) for name in series)

    body = [
        _legend_swatch_bar(layout.bar_x, 6, hollow=True),
        _text(layout.bar_x + 24, 17, html.escape(_truncate(first, 24), quote=True)),
        _legend_swatch_bar(layout.bar_x + 40 + _CHAR_WIDTH * min(len(first), 24), 6, False),
        _text(
            layout.bar_x + 64 + _CHAR_WIDTH * min(len(first), 24),
            17,
            html.escape(_truncate(second, 24), quote=True),
        ),
        _text(change_x, 17, "Change", text_anchor="end", font_weight="bold"),
    ]
    body += _vertical_grid(layout.bar_x, layout.bar_span, max_value, top, bottom)
    summary = []
    for index, (label, raw_start, raw_now) in enumerate(rows):
        start, now = _finite(raw_start), _finite(raw_now)
        y = top + index * row_height
        middle = y + row_height / 2
        body.append(_label(layout.label_width, middle + 5, label, layout.label_chars))
        parts = []
        for offset, value, hollow, name in (
            (-bar_height / 2 - 2, start, True, first),
            (bar_height / 2 + 2, now, False, second),
        ):
            bar_middle = middle + offset
            if value is None:
                body.append(
                    _text(
                        layout.bar_x + 6,
                        bar_middle + 4,
                        NOT_SCORED,
                        font_size="12",
                        fill=SECONDARY_TEXT,
                        font_style="italic",
                    )
                )
                parts.append(f"{name} {NOT_SCORED}")
                continue
            bar_width = layout.bar_span * _fraction(value, max_value)
            fill = WHITE if hollow else BAR
            body.append(
                f'<rect class="ec-bar" x="{_n(layout.bar_x)}" '
                f'y="{_n(bar_middle - bar_height / 2)}" width="{_n(bar_width)}" '
                f'height="{_n(bar_height)}" fill="{fill}" stroke="{BAR}" stroke-width="2"/>'
            )
            body.append(
                _text(layout.bar_x + bar_width + 6, bar_middle + 4, _display(value), font_size="12")
            )
            parts.append(f"{name} {_display(value)}")
        if start is not None and now is not None:
            change = _change(start, now)
            body.append(
                _text(
                    change_x,
                    middle + 5,
                    change,
                    text_anchor="end",
                    font_weight="bold",
                    class_="ec-change",
                )
            )
            parts.append(f"change {change}")
        summary.append(f"{_clean(label)}: " + ", ".join(parts))
    return _svg(width, bottom + 26, title, ". ".join(summary) + ".", body)

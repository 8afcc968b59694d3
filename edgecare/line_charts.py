"""Line charts: one chart of several lines (``line_chart``), and small multiples, one small
panel of lines per item on shared axes in a single figure (``small_multiples_chart``), for
scores over time. The same rules as ``edgecare.charts`` (whose pieces they use): plain SVG,
presentation attributes only, every label through ``_esc``, a title and a description that
carries every number, and the numbers in a table beside the chart wherever it is shown."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

from django.utils.safestring import SafeString

from edgecare.charts import (
    _CHAR_WIDTH,
    AXIS,
    DASHES,
    GRID,
    NOT_SCORED,
    PALETTE,
    WHITE,
    _check_scale,
    _check_width,
    _clean,
    _display,
    _empty,
    _esc,
    _finite,
    _fraction,
    _n,
    _rule,
    _svg,
    _text,
    _tick_value,
    _ticks,
    _truncate,
    _wrap,
)


def _legend(names: Sequence[str], width: int, top: float) -> tuple[list[str], float]:
    """Legend items (line sample + marker + name) flowed into rows; returns its height."""
    parts: list[str] = []
    x, y, line_height = 8.0, top, 24
    for index, raw_name in enumerate(names):
        name = _truncate(_clean(raw_name), 40)
        item_width = 44 + _CHAR_WIDTH * len(name) + 16
        if x > 8 and x + item_width > width:
            x, y = 8.0, y + line_height
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(y + 8)}" x2="{_n(x + 36)}" y2="{_n(y + 8)}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            f'<circle cx="{_n(x + 18)}" cy="{_n(y + 8)}" r="4" fill="{colour}" '
            f'stroke="{WHITE}" stroke-width="1"/>'
        )
        parts.append(_text(x + 44, y + 13, html.escape(name, quote=True)))
        x += item_width
    return parts, (y - top) + line_height if names else 0


def _x_labels(series: Mapping[str, Sequence[tuple[str, float | None]]]) -> list[str]:
    labels: list[str] = []
    for points in series.values():
        for label, _ in points:
            if label not in labels:
                labels.append(label)
    return labels


def _plot_lines(
    series: Mapping[str, Sequence[tuple[str, float | None]]],
    x_labels: list[str],
    *,
    max_value: float,
    left: float,
    top: float,
    plot_width: float,
    plot_height: float,
    y_labels: bool = True,
    x_labels_shown: bool = True,
    tick_step: float | None = None,
    x_font_size: int = 12,
    x_label_chars: int | None = None,
    marker_radius: float = 4,
    every_marker: bool = True,
) -> tuple[list[str], list[str]]:
    """One plot of lines (gridlines, axis, a line and markers per series): its markup and one
    sentence per series for the description. Shared by the line chart and the small multiples,
    which draw it once per panel, leaving out the axis labels the panels beside share. Without
    ``every_marker`` only a point no line passes through gets a marker (so none is lost): a
    marker costs a PDF more to draw than its line, and small panels read well without them."""
    bottom = top + plot_height
    band = plot_width / len(x_labels)

    def x_at(label: str) -> float:
        return left + band * (x_labels.index(label) + 0.5)

    def y_at(value: float) -> float:
        return bottom - plot_height * _fraction(value, max_value)

    ticks = (
        [tick_step * n for n in range(math.floor(max_value / tick_step + 1e-9) + 1)]
        if tick_step
        else _ticks(max_value)
    )
    body: list[str] = []
    for tick in ticks:
        y = y_at(tick)
        body.append(_rule(left, y, left + plot_width, y, GRID))
        if y_labels:
            body.append(_tick_value(left - 8, y + 4, tick, "end"))
    body.append(_rule(left, bottom, left + plot_width, bottom, AXIS))
    if x_labels_shown:
        label_chars = x_label_chars or max(int(band / 7), 4)
        # Crowded labels (many reviews in a narrow panel): every second or third one is shown,
        # so that no two neighbours overlap.
        lengths = [min(len(_clean(label)), label_chars) for label in x_labels]
        widest_pair = (
            max((a + b) / 2 for a, b in zip(lengths, lengths[1:], strict=False))
            if len(lengths) > 1
            else 0
        )
        every = max(1, math.ceil(widest_pair * _CHAR_WIDTH * x_font_size / 14 / band))
        for position, label in enumerate(x_labels):
            if position % every and position != len(x_labels) - 1:
                continue
            lines = _wrap(_clean(label), label_chars)
            tspans = "".join(
                f'<tspan x="{_n(x_at(label))}" dy="{0 if number == 0 else x_font_size + 3}">'
                f"{html.escape(line, quote=True)}</tspan>"
                for number, line in enumerate(lines)
            )
            body.append(
                _text(
                    x_at(label),
                    bottom + 6 + x_font_size,
                    tspans,
                    text_anchor="middle",
                    font_size=str(x_font_size),
                )
            )

    summary = []
    for index, (name, points) in enumerate(series.items()):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segments: list[list[tuple[float, float]]] = [[]]
        markers: list[tuple[int, str]] = []
        described = []
        for label, raw_value in points:
            value = _finite(raw_value)
            if value is None:
                segments.append([])
                described.append(f"{_clean(label)} {NOT_SCORED}")
                continue
            x, y = x_at(label), y_at(value)
            segments[-1].append((x, y))
            markers.append(
                (
                    len(segments) - 1,
                    f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(marker_radius)}" fill="{colour}" '
                    f'stroke="{WHITE}" stroke-width="1"><title>{_esc(name)}, {_esc(label)}: '
                    f"{_display(value)}</title></circle>",
                )
            )
            described.append(f"{_clean(label)} {_display(value)}")
        group = [f'<g class="ec-series" data-series="{index}">']
        for segment in segments:
            if len(segment) > 1:
                coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in segment)
                group.append(
                    f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5" stroke-linejoin="round"{dash_attr}/>'
                )
        group += [
            marker for segment, marker in markers if every_marker or len(segments[segment]) == 1
        ]
        group.append("</g>")
        body += group
        summary.append(f"{_clean(name)}: " + ", ".join(described))
    return body, summary


def line_chart(
    series: Mapping[str, Sequence[tuple[str, float | None]]],
    *,
    max_value: float = 10,
    title: str,
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """One line per series across shared x labels (e.g. "Baseline", "Review 1 (3 Feb)").

    X positions are the distinct labels in first-seen order across all series, so a
    series may skip a review. None leaves a gap in that line. ``height`` covers the
    plot and its axis labels; the legend below adds to it. Series beyond ten reuse
    colours and dashes.
    """
    _check_scale(max_value)
    _check_width(width)
    x_labels = _x_labels(series)
    if not series or not x_labels:
        return _empty(title, width)

    left, right, top, x_axis_height = 44.0, 16.0, 12.0, 44.0
    plot_height = max(height - top - x_axis_height, 60.0)
    bottom = top + plot_height
    body, summary = _plot_lines(
        series,
        x_labels,
        max_value=max_value,
        left=left,
        top=top,
        plot_width=width - left - right,
        plot_height=plot_height,
    )
    legend, legend_height = _legend(list(series), width, bottom + x_axis_height + 4)
    body += legend
    total_height = bottom + x_axis_height + 4 + legend_height + 4
    return _svg(width, total_height, title, ". ".join(summary) + ".", body)


Series = Mapping[str, Sequence[tuple[str, float | None]]]


def small_multiples_chart(
    panels: Sequence[tuple[str, Series]],
    *,
    max_value: float = 10,
    title: str,
    width: int = 640,
    columns: int = 3,
    plot_height: int = 84,
) -> SafeString:
    """One figure of small panels, one per (name, series) item, each a line chart on the same
    0..max_value scale and the same x labels, with one legend for all: nine outcome areas'
    scores over a case read at a glance, and drawn as one SVG instead of nine charts.

    The y labels are drawn on the first column only and the x labels under the last panel of
    each column: the panels share their axes. The description carries every panel's numbers."""
    _check_scale(max_value)
    _check_width(width)
    panels = [(name, series) for name, series in panels if _x_labels(series)]
    if not panels:
        return _empty(title, width)
    columns = max(1, min(columns, len(panels)))
    x_labels: list[str] = []
    for _, series in panels:
        x_labels += [label for label in _x_labels(series) if label not in x_labels]
    names = list(dict.fromkeys(name for _, series in panels for name in series))
    panel_width = width / columns
    left, right, heading, x_axis = 28.0, 10.0, 20.0, 22.0
    plot_width = panel_width - left - right
    row_height = heading + plot_height + x_axis
    rows = math.ceil(len(panels) / columns)
    body: list[str] = []
    summary: list[str] = []
    for index, (name, series) in enumerate(panels):
        row, column = divmod(index, columns)
        x0, y0 = column * panel_width, row * row_height
        cleaned = _clean(name)
        shown = _truncate(cleaned, int(panel_width / 6.8))
        tooltip = f"<title>{_esc(cleaned)}</title>" if shown != cleaned else ""
        body.append(
            _text(
                x0 + left - 20,
                y0 + 14,
                tooltip + html.escape(shown, quote=True),
                font_size="11",
                font_weight="bold",
            )
        )
        lines, described = _plot_lines(
            # Every panel on the same x positions and each series in the same colour and dash
            # in every panel, as the one legend says.
            {key: series.get(key, ()) for key in names},
            x_labels,
            max_value=max_value,
            left=x0 + left,
            top=y0 + heading,
            plot_width=plot_width,
            plot_height=plot_height,
            y_labels=column == 0,
            x_labels_shown=index + columns >= len(panels),
            tick_step=max_value / 2,
            x_font_size=10,
            x_label_chars=5,
            marker_radius=2.5,
            every_marker=False,
        )
        body += lines
        summary.append(f"{cleaned}: " + "; ".join(described))
    legend, legend_height = _legend(names, width, rows * row_height + 4)
    body += legend
    height = rows * row_height + 4 + legend_height + 4
    return _svg(width, height, title, ". ".join(summary) + ".", body)

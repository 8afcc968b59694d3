import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from edgecare.charts import (
    DASHES,
    PALETTE,
    change_between,
    horizontal_bar_chart,
    paired_bar_chart,
    simple_bar_chart,
)
from edgecare.line_charts import line_chart, small_multiples_chart

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "<script>alert(1)</script> & \"quotes\" 'apostrophes'"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is valid XML


def all_text(root: ET.Element) -> str:
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def bar_widths(root: ET.Element) -> list[float]:
    return [float(rect.get("width")) for rect in root.iter(f"{SVG}rect") if rect.get("class")]


def change_texts(root: ET.Element) -> list[str]:
    return [
        element.text for element in root.iter(f"{SVG}text") if element.get("class") == "ec-change"
    ]


def assert_accessible(root: ET.Element, title: str) -> None:
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_element = root.find(f"{SVG}title")
    assert title_element is not None
    assert title_element.text == title
    assert root.get("aria-labelledby") == title_element.get("id")
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert root.get("aria-describedby") == desc.get("id")


ALL_CHARTS = {
    "horizontal": lambda rows, title: horizontal_bar_chart(
        [(label, value) for label, value, _ in rows], title=title
    ),
    "paired": lambda rows, title: paired_bar_chart(rows, title=title),
    "line": lambda rows, title: line_chart(
        {label: [("Baseline", start), ("Now", now)] for label, start, now in rows}, title=title
    ),
    "multiples": lambda rows, title: small_multiples_chart(
        [(label, {"Worker": [("Start", start), ("Close", now)]}) for label, start, now in rows],
        title=title,
    ),
    "simple": lambda rows, title: simple_bar_chart(
        [(label, value or 0) for label, value, _ in rows], title=title
    ),
}
SAMPLE_ROWS = [("Safety", 3.0, 6.0), ("School", 5.0, 4.0), ("Health", None, 7.0)]


# Every chart


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_chart_is_valid_svg_with_an_accessible_title(kind):
    svg = ALL_CHARTS[kind](SAMPLE_ROWS, "Scores for Sam")
    assert isinstance(svg, SafeString)
    assert_accessible(parse(svg), "Scores for Sam")


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_chart_escapes_hostile_labels_and_titles(kind):
    svg = ALL_CHARTS[kind]([(NASTY, 4.0, 5.0)], NASTY)
    assert "<script" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == NASTY
    assert "<script>" in all_text(root) + "".join(root.itertext())


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_chart_with_no_rows_says_no_data_yet(kind):
    svg = ALL_CHARTS[kind]([], "Nothing yet")
    root = parse(svg)
    assert_accessible(root, "Nothing yet")
    assert "No data yet" in all_text(root)


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_chart_has_no_script_or_style_attributes(kind):
    svg = ALL_CHARTS[kind](SAMPLE_ROWS, "Scores")
    root = parse(svg)
    for element in root.iter():
        assert element.tag != f"{SVG}script"
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_each_chart_gets_its_own_ids(kind):
    first = parse(ALL_CHARTS[kind](SAMPLE_ROWS, "A"))
    second = parse(ALL_CHARTS[kind](SAMPLE_ROWS, "A"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


@pytest.mark.parametrize("kind", ALL_CHARTS)
def test_control_characters_in_labels_do_not_break_the_xml(kind):
    parse(ALL_CHARTS[kind]([("Bad\x00\x07\x1b label\ud800", 1.0, 2.0)], "T\x0c"))


@given(label=st.text(), title=st.text())
def test_any_label_text_gives_parseable_svg(label, title):
    for build in ALL_CHARTS.values():
        parse(build([(label, 2.0, 8.0)], title))


def test_infinite_and_nan_values_are_treated_as_not_scored():
    svg = horizontal_bar_chart([("A", float("nan")), ("B", float("inf"))], title="T")
    assert "nan" not in svg.lower()
    assert "inf" not in svg.lower()
    assert all_text(parse(svg)).count("not scored") == 2


@pytest.mark.parametrize(
    "build",
    [
        lambda: horizontal_bar_chart([("A", 1)], title="T", max_value=0),
        lambda: paired_bar_chart([("A", 1, 2)], title="T", max_value=-5),
        lambda: line_chart({"A": [("x", 1)]}, title="T", max_value=float("nan")),
        lambda: simple_bar_chart([("A", 1)], title="T", width=100),
    ],
)
def test_nonsense_scales_and_widths_are_refused(build):
    with pytest.raises(ValueError, match="must"):
        build()


# Horizontal bar chart


def test_bar_width_is_proportional_to_the_value():
    root = parse(horizontal_bar_chart([("Full", 10), ("Half", 5), ("Zero", 0)], title="T"))
    full, half, zero = bar_widths(root)
    assert full > 0
    assert half == pytest.approx(full / 2, abs=0.01)
    assert zero == 0


def test_values_are_printed_at_the_end_of_each_bar():
    root = parse(horizontal_bar_chart([("Safety", 7), ("School", 2.5)], title="T"))
    assert "7" in all_text(root).split()
    assert "2.5" in all_text(root).split()


def test_missing_score_is_shown_as_not_scored_without_a_bar():
    root = parse(horizontal_bar_chart([("Safety", None), ("School", 4)], title="T"))
    assert "not scored" in all_text(root)
    assert len(bar_widths(root)) == 1


def test_values_above_the_scale_are_drawn_at_the_edge_but_printed_truthfully():
    root = parse(horizontal_bar_chart([("Max", 10), ("Over", 12), ("Under", -2)], title="T"))
    full, over, under = bar_widths(root)
    assert over == full
    assert under == 0
    assert "12" in all_text(root).split()


def test_gridlines_follow_the_scale():
    root = parse(horizontal_bar_chart([("A", 3)], title="T"))
    assert [t for t in all_text(root).split() if t.isdigit()][:6] == ["0", "2", "4", "6", "8", "10"]


def test_a_five_point_scale_has_a_gridline_per_point():
    root = parse(horizontal_bar_chart([("A", 3)], title="T", max_value=5))
    ticks = [t for t in all_text(root).split() if t.isdigit()][:6]
    assert ticks == ["0", "1", "2", "3", "4", "5"]


def test_long_labels_are_shortened_with_the_full_label_as_a_tooltip():
    label = "Family relationships and the way everyone gets on at home " * 3
    root = parse(horizontal_bar_chart([(label, 3)], title="T"))
    shown = [el for el in root.iter(f"{SVG}text") if el.get("text-anchor") == "end"][0]
    assert "".join(shown.itertext()).endswith("…")
    assert shown.find(f"{SVG}title").text == label.strip()


def test_description_reads_out_the_scores():
    root = parse(horizontal_bar_chart([("Safety", 4), ("Health", None)], title="T"))
    assert root.find(f"{SVG}desc").text == "Safety: 4 out of 10. Health: not scored."


def test_chart_height_grows_with_the_rows():
    short = parse(horizontal_bar_chart([("A", 1)], title="T"))
    tall = parse(horizontal_bar_chart([("A", 1), ("B", 2), ("C", 3)], title="T"))
    assert float(tall.get("height")) > float(short.get("height"))
    assert short.get("viewBox") == f"0 0 640 {short.get('height')}"


# Paired bar chart


def test_paired_chart_prints_distance_travelled_for_each_complete_row():
    root = parse(
        paired_bar_chart(
            [("Safety", 3, 6), ("School", 5, 4), ("Health", 7, 7), ("Home", None, 5)], title="T"
        )
    )
    assert change_texts(root) == ["+3", "-1", "0"]


def test_paired_chart_change_keeps_one_decimal_place():
    root = parse(paired_bar_chart([("A", 2.5, 4)], title="T"))
    assert change_texts(root) == ["+1.5"]


def test_paired_chart_has_a_legend_with_both_series_names():
    root = parse(paired_bar_chart([("A", 1, 2)], title="T", series=("Baseline", "Closure")))
    text = all_text(root)
    assert "Baseline" in text
    assert "Closure" in text
    assert "Change" in text


def test_paired_chart_draws_the_first_series_hollow_and_the_second_solid():
    root = parse(paired_bar_chart([("A", 4, 8)], title="T"))
    start, now = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class")]
    assert start.get("fill") == "#ffffff"
    assert now.get("fill") != "#ffffff"
    assert float(now.get("width")) == pytest.approx(2 * float(start.get("width")), abs=0.01)


def test_paired_chart_marks_each_missing_score():
    root = parse(paired_bar_chart([("A", None, None)], title="T"))
    assert all_text(root).count("not scored") == 2
    assert change_texts(root) == []


def test_paired_chart_escapes_series_names():
    svg = paired_bar_chart([("A", 1, 2)], title="T", series=(NASTY, "<b>"))
    assert "<script" not in svg
    assert "<b>" not in svg
    parse(svg)


# Line chart


def test_line_chart_draws_one_line_and_marker_per_point():
    root = parse(
        line_chart(
            {
                "Mum": [("Baseline", 3), ("Review 1 (3 Feb)", 5), ("Closure", 7)],
                "Dad": [("Baseline", 4), ("Review 1 (3 Feb)", 4), ("Closure", 6)],
            },
            title="T",
        )
    )
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 6 + 2  # six points, two legend markers
    text = all_text(root)
    assert "Mum" in text
    assert "Dad" in text
    assert "Baseline" in text
    assert "Closure" in text


def test_line_chart_leaves_a_gap_at_a_missing_score():
    root = parse(
        line_chart(
            {"Mum": [("B", 3), ("R1", 4), ("R2", None), ("R3", 6), ("R4", 7)]},
            title="T",
        )
    )
    polylines = list(root.iter(f"{SVG}polyline"))
    assert len(polylines) == 2
    assert [len(line.get("points").split()) for line in polylines] == [2, 2]


def test_line_chart_single_point_is_a_marker_without_a_line():
    root = parse(line_chart({"Mum": [("Baseline", 3)]}, title="T"))
    assert list(root.iter(f"{SVG}polyline")) == []
    assert len(list(root.iter(f"{SVG}circle"))) == 2  # the point and its legend marker


def test_line_chart_uses_distinct_colours_and_dashes_per_series():
    series = {f"Person {n}": [("B", n % 10), ("C", (n + 1) % 10)] for n in range(10)}
    root = parse(line_chart(series, title="T"))
    lines = list(root.iter(f"{SVG}polyline"))
    styles = {(line.get("stroke"), line.get("stroke-dasharray")) for line in lines}
    assert len({stroke for stroke, _ in styles}) == 10
    assert len({dash for _, dash in styles}) == 10


def test_line_chart_higher_values_sit_higher_on_the_page():
    root = parse(line_chart({"A": [("B", 2), ("C", 8)]}, title="T"))
    low, high = [float(circle.get("cy")) for circle in root.iter(f"{SVG}circle")][:2]
    assert high < low


def test_line_chart_y_axis_gridlines_follow_max_value():
    root = parse(line_chart({"A": [("B", 2)]}, title="T", max_value=10))
    ticks = [t for t in all_text(root).split() if t.isdigit()]
    assert ticks[:6] == ["0", "2", "4", "6", "8", "10"]


def test_line_chart_x_labels_follow_first_seen_order_across_series():
    root = parse(
        line_chart({"A": [("Baseline", 1), ("Review 1", 2)], "B": [("Closure", 3)]}, title="T")
    )
    centre = {
        "".join(el.itertext()): float(el.get("x"))
        for el in root.iter(f"{SVG}text")
        if el.get("text-anchor") == "middle"
    }
    assert centre["Baseline"] < centre["Review 1"] < centre["Closure"]


def test_line_chart_with_series_but_no_points_says_no_data_yet():
    assert "No data yet" in all_text(parse(line_chart({"Mum": []}, title="T")))


def test_line_chart_grows_taller_for_a_long_legend():
    one = parse(line_chart({"A": [("B", 1)]}, title="T"))
    many = parse(line_chart({f"Person number {n}": [("B", 1)] for n in range(10)}, title="T"))
    assert float(many.get("height")) > float(one.get("height"))


def test_palette_colours_contrast_at_least_three_to_one_with_white():
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in PALETTE:
        assert 1.05 / (luminance(colour) + 0.05) >= 3, colour
    assert len(set(PALETTE)) == len(PALETTE) == len(set(DASHES)) == len(DASHES)


# Simple bar chart


def test_simple_bar_chart_scales_to_a_round_number_above_the_largest_count():
    root = parse(simple_bar_chart([("Open", 13), ("Closed", 5)], title="Cases"))
    ticks = [t for t in all_text(root).split() if t.isdigit()]
    assert ticks[:4] == ["0", "5", "10", "15"]
    open_, closed = bar_widths(root)
    assert closed / open_ == pytest.approx(5 / 13, abs=0.001)


def test_simple_bar_chart_appends_the_unit_to_values():
    root = parse(simple_bar_chart([("Within 10 days", 45)], title="T", unit="%"))
    assert "45%" in all_text(root).split()


def test_simple_bar_chart_escapes_the_unit():
    svg = simple_bar_chart([("A", 1)], title="T", unit="<i>")
    assert "<i>" not in svg
    assert "1<i>" in all_text(parse(svg))


def test_simple_bar_chart_of_all_zeros_still_draws():
    root = parse(simple_bar_chart([("A", 0), ("B", 0)], title="T"))
    assert bar_widths(root) == [0, 0]


def test_simple_bar_chart_formats_thousands():
    assert "1,250" in all_text(parse(simple_bar_chart([("A", 1250)], title="T"))).split()


def test_simple_bar_chart_keeps_the_space_before_a_word_unit():
    root = parse(simple_bar_chart([("Open", 13)], title="T", unit=" days"))
    assert "13 days" in all_text(root)


def test_line_chart_breaks_long_x_labels_before_the_bracket():
    series = {"A": [(f"Review {n} (1{n} Mar)", n) for n in range(1, 8)]}
    root = parse(line_chart(series, title="T", width=480))
    tspans = [el.text for el in root.iter(f"{SVG}tspan")]
    assert tspans[:2] == ["Review 1", "(11 Mar)"]


NINE_AREAS = [
    (
        f"Area {n}",
        {
            "Worker's score": [("Start", n), ("R1", None), ("Close", 10 - n)],
            "Family's own score": [("Start", 1), ("R1", 2), ("Close", 3)],
        },
    )
    for n in range(1, 10)
]


def test_small_multiples_draw_one_panel_per_area_in_one_figure_with_one_legend():
    root = parse(small_multiples_chart(NINE_AREAS, title="Progress"))
    text = all_text(root)
    for name, _ in NINE_AREAS:
        assert name in text
    assert text.count("Worker's score") == 1  # one legend for every panel
    assert len(root.findall(f"{SVG}g")) == 9 * 2  # a group per series per panel


def test_small_multiples_describe_every_number_for_people_who_cannot_see_the_figure():
    desc = parse(small_multiples_chart(NINE_AREAS, title="Progress")).find(f"{SVG}desc").text
    assert "Area 3: Worker's score: Start 3, R1 not scored, Close 7" in desc
    assert "Family's own score: Start 1, R1 2, Close 3" in desc


def test_small_multiples_share_their_axes_labels_on_the_outer_panels_only():
    text = all_text(parse(small_multiples_chart(NINE_AREAS, title="Progress")))
    # Three columns: x labels under the last panel of each, y labels beside the first of each row.
    assert text.count("Close") == 3
    assert text.split().count("10") == 3


def test_small_multiples_keep_a_series_in_the_same_colour_in_every_panel():
    panels = [("A", {"Worker": [("S", 1)], "Family": [("S", 2)]}), ("B", {"Family": [("S", 3)]})]
    root = parse(small_multiples_chart(panels, title="T"))
    family = [
        circle.get("fill")
        for circle in root.iter(f"{SVG}circle")
        if circle.find(f"{SVG}title") is not None and "Family" in circle.find(f"{SVG}title").text
    ]
    assert len(family) == 2
    assert len(set(family)) == 1


def test_small_multiples_with_many_reviews_show_every_other_label_rather_than_overlap():
    many = [(f"Review {n}", n % 10) for n in range(1, 21)]
    text = all_text(parse(small_multiples_chart([("A", {"W": many})], title="T", columns=3)))
    assert "Review 20" not in text  # labels are cut to fit, never run into each other
    shown = [word for word in text.split() if word.startswith("Revi")]
    assert 1 < len(shown) < 20


def test_a_change_is_worked_out_from_the_figures_as_shown():
    # Means of 3.333 and 5.667 are shown as 3.3 and 5.7: the change shown beside them is 2.4.
    assert change_between(3.333, 5.667) == 2.4
    assert change_between(5.0, 4.96) == 0.0
    assert change_between(None, 3) is None


def test_small_multiples_mark_only_the_points_no_line_passes_through():
    root = parse(small_multiples_chart(NINE_AREAS, title="Progress"))
    marked = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle") if len(c)]
    # The worker's scores have a gap at R1, so each stands alone; the family's make a line.
    assert len(marked) == 9 * 2
    assert all(text.startswith("Worker's score") for text in marked)

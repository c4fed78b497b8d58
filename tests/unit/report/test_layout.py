"""Every chart reads cleanly, measured with matplotlib's own renderer (report/charts/layoutcheck.py):
no text on text or on a data mark, no text outside the figure, no label cut with an ellipsis. At the
real data and at synthetic sets of 1, 6 and 12 places made from the real reports as data only."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import reportlib
from reportlib.report import charts
from reportlib.report.charts import layoutcheck
from synthetic_places import places_folder

CHART_NAMES = [spec.name for spec in charts.CHARTS]


@pytest.fixture(scope="module")
def real():
    return reportlib.load_all()


@pytest.fixture(scope="module", params=[1, 6, 12], ids=lambda n: f"{n}-places")
def synthetic(request, tmp_path_factory):
    folder = places_folder(tmp_path_factory.mktemp(f"places{request.param}") / "data", request.param)
    return request.param, reportlib.load_all(folder)


_DRAWN: dict[tuple[int, str], tuple[object, Figure | charts.ChartError]] = {}


def drawn(name: str, tables) -> Figure:
    """The chart built once per set of tables in this module (the checks only read it): the layout check,
    the level panels and the concentric marks look at the same figure. A ChartError is raised each time."""
    key = (id(tables), name)
    if key not in _DRAWN:
        try:
            _DRAWN[key] = (tables, charts.figure(name, tables))  # the tables are held, so no id is reused
        except charts.ChartError as err:
            _DRAWN[key] = (tables, err)
    made = _DRAWN[key][1]
    if isinstance(made, charts.ChartError):
        raise made
    return made


# --- the check itself ------------------------------------------------------------------------------

def _figure() -> tuple[Figure, object]:
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_xticks([2, 8])
    ax.set_yticks([2, 8])
    return fig, ax


def test_check_passes_a_clean_chart():
    fig, ax = _figure()
    ax.add_patch(Rectangle((1, 1), 3, 1))
    ax.text(5, 1.5, "label", va="center")
    assert layoutcheck.problems(fig) == []


def test_check_finds_text_on_text_on_marks_outside_and_cut():
    fig, ax = _figure()
    ax.text(1, 8, "first label")
    ax.text(1.2, 8, "second label")
    assert any("text on text" in p for p in layoutcheck.problems(fig))

    fig, ax = _figure()
    ax.add_patch(Rectangle((1, 1), 6, 1))
    ax.text(3, 1.5, "on the bar but sticking out of it", va="center")
    assert any("data mark" in p for p in layoutcheck.problems(fig))

    fig, ax = _figure()
    ax.add_line(Line2D([0, 10], [5, 5]))
    ax.text(4, 5, "crossed", va="center")
    assert any("data mark" in p for p in layoutcheck.problems(fig))

    fig, ax = _figure()
    ax.text(9.5, 5, "runs off the right edge of the figure")
    assert any("outside the figure" in p for p in layoutcheck.problems(fig))

    fig, ax = _figure()
    ax.text(1, 5, "a label cut sho…")
    assert any("cut label" in p for p in layoutcheck.problems(fig))


# --- labels beside marks get their room ------------------------------------------------------------

def _labelled_panels(scale: str, sharex: bool = False, values=(1.0, 8.0), text="a label as long as a sentence"):
    """Two panels, each with marks at `values` and a label beside (right of) each mark."""
    from reportlib.report.charts.layout import agg_canvas
    from reportlib.report.charts.style import DPI

    fig = Figure(figsize=(8, 3), dpi=DPI, layout="constrained")
    axes = fig.subplots(1, 2, sharex=sharex)
    placed = []
    for ax in axes:
        ax.set_xscale(scale)
        ax.plot(list(values), [0, 1], "o")
        ax.set_xlim(min(values) / 2 if scale == "log" else 0, max(values) * 1.1)
        placed.append((ax, [ax.annotate(text, (v, y), xytext=(6, 0), textcoords="offset points", va="center")
                            for y, v in enumerate(values)]))
    agg_canvas(fig)
    return fig, placed


def _overhang(fig, placed) -> list[float]:
    """How far (pixels) each label reaches past the right or left end of its axes, as drawn now."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    out = []
    for ax, texts in placed:
        box = ax.get_window_extent(renderer)
        for text in texts:
            extent = text.get_window_extent(renderer)
            out.append(max(extent.x1 - box.x1, box.x0 - extent.x0))
    return out


@pytest.mark.parametrize("scale", ["linear", "log"])
def test_labels_beside_marks_end_inside_their_panel(scale):
    from reportlib.report.charts.layout import keep_texts_inside

    fig, placed = _labelled_panels(scale)
    own = [ax.get_xlim() for ax, _ in placed]
    assert max(_overhang(fig, placed)) > 50  # the example needs the room
    keep_texts_inside(fig, placed)
    assert max(_overhang(fig, placed)) <= 1
    for (ax, _), (low, high) in zip(placed, own):  # the marks' own range is kept
        assert ax.get_xlim()[0] <= low and ax.get_xlim()[1] >= high


def test_labels_that_fit_leave_the_limits_alone():
    from reportlib.report.charts.layout import keep_texts_inside

    fig, placed = _labelled_panels("linear", text="x", values=(1.0, 2.0))
    own = [ax.get_xlim() for ax, _ in placed]
    keep_texts_inside(fig, placed)
    assert [ax.get_xlim() for ax, _ in placed] == own


def test_panels_that_share_x_get_one_range_that_fits_both():
    from reportlib.report.charts.layout import keep_texts_inside

    fig, placed = _labelled_panels("log", sharex=True)
    placed[1][1][1].set_text("a longer label than the first panel's")  # beside the rightmost mark
    keep_texts_inside(fig, placed)
    assert placed[0][0].get_xlim() == placed[1][0].get_xlim()
    assert max(_overhang(fig, placed)) <= 1


# --- every chart ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CHART_NAMES)
def test_chart_reads_cleanly_at_the_real_data(real, name):
    assert layoutcheck.problems(drawn(name, real)) == []


@pytest.mark.parametrize("name", CHART_NAMES)
def test_chart_reads_cleanly_at_other_numbers_of_places(synthetic, name):
    n, tables = synthetic
    try:
        fig = drawn(name, tables)
    except charts.ChartError as err:  # a chart that needs what the data lack says so
        assert n == 1, f"{name} at {n} places: {err}"
        return
    assert layoutcheck.problems(fig) == []
    fig.savefig(io.BytesIO(), format="png", dpi=30)


@pytest.mark.parametrize("name", ["02-investment-by-stage", "03-growth-rates", "04-project-counts"])
def test_level_panels_follow_the_level_vocabulary(real, name):
    from reportlib.curation import places

    fig = drawn(name, real)
    headings = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    expected = [places.level_heading(real, level, len(reports)) for level, reports in places.by_level(real)]
    assert headings == expected


def test_theme_colours_are_far_from_every_place_colour(real):
    from reportlib.curation import places
    from reportlib.report.charts.style import MIN_THEME_DISTANCE, THEME_COLOURS

    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))

    reserved = places.palette(real.folder) + list(places.colours(real).values())
    for theme in THEME_COLOURS:
        nearest = min(sum((a - b) ** 2 for a, b in zip(rgb(theme), rgb(place))) ** 0.5 for place in reserved)
        assert nearest >= MIN_THEME_DISTANCE, f"theme colour {theme} is {nearest:.0f} from a place colour"


def test_coinciding_marks_are_concentric_so_none_hides_another(synthetic):
    """Where marks of one row fall on one spot (a district's +3% estimate and +3% plan; copies of one
    place), each mark drawn over another is smaller than it, so every mark shows as a ring or a dot."""
    _, tables = synthetic
    try:
        fig = drawn("03-growth-rates", tables)
    except charts.ChartError:
        return
    fig.canvas.draw()
    coinciding = 0
    for ax in fig.axes:
        marks = [(line.get_zorder(), line.get_markersize(), tuple(line.get_xydata()[0]))
                 for line in ax.get_lines() if line.get_marker() not in (None, "None", "") and len(line.get_xydata()) == 1]
        for zorder, size, at in marks:
            below = [s for z, s, a in marks if a == at and z < zorder]
            coinciding += bool(below)
            assert all(size < s for s in below), f"a mark at {at} covers a mark no larger than itself"
    assert coinciding, "the synthetic copies repeat every rate, so some marks must coincide"

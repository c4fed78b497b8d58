"""Charts: Chinese glyphs draw, titles state findings computed from the data, every chart carries its
source line and the quotes behind it, and saving is deterministic and atomic.

The glyph checks are the ones that matter most on a machine with no CJK font: a missing glyph warns
("Glyph NNNNN missing from font(s) DejaVu Sans") and pytest's filterwarnings=error turns that into a
failure; we also turn it into one explicitly, so these tests keep failing if that setting changes.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

import reportlib
from conftest import read_csv, report_ids, write_csv
from reportlib.report import atomic, charts, fonts
from reportlib.pipeline import export
from reportlib.analysis import claims, views
from reportlib.curation import places

CHART_NAMES = [spec.name for spec in charts.CHARTS]


@pytest.fixture(scope="module")
def built(tables):
    """Every registry chart, built once for the module."""
    return {name: charts.figure(name, tables) for name in CHART_NAMES}


def draw(fig: Figure, dpi: int = 40) -> None:
    """Draw a figure completely (text included) with every warning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png", dpi=dpi)


def three_places() -> list[str]:
    """Three report ids from reports.csv: the first, a middle one and the last."""
    ids = report_ids()
    return [ids[0], ids[len(ids) // 2], ids[-1]]


def terms_frame() -> pd.DataFrame:
    rows = []
    words_of = [["运河新城", "物流", "充电"], ["城市更新", "洸府河", "黄河"], ["文创园", "驿站"]]
    for report, words in zip(three_places(), words_of):
        for rank, word in enumerate(words):
            rows.append({"report": report, "term": word, "score": 1.0 - 0.2 * rank, "method": "tfidf"})
            rows.append({"report": report, "term": word[::-1], "score": 0.5 - 0.1 * rank, "method": "textrank"})
    return pd.DataFrame(rows)


# --- style and font ------------------------------------------------------------------------------

def test_apply_style_sets_a_font_list_and_is_idempotent():
    charts.apply_style()
    first = dict(matplotlib.rcParams)
    charts.apply_style()
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans SC"]
    assert dict(matplotlib.rcParams) == first
    names = {entry.name for entry in matplotlib.font_manager.fontManager.ttflist}
    assert "Noto Sans SC" in names
    assert sum(entry.fname == str(fonts.cjk_font_path()) for entry in matplotlib.font_manager.fontManager.ttflist) == 1


def test_every_character_a_chart_can_show_has_a_glyph(tables):
    text = charts.chart_characters(tables)
    assert "洸" in text  # outside GB2312: the reason a subset font would not do
    assert fonts.missing_glyphs(text) == []
    assert fonts.missing_glyphs("\U0002A6A5") == ["\U0002A6A5"]  # the check can fail: a rare CJK Ext-B character


def test_all_chart_characters_render_without_a_missing_glyph_warning(tables):
    charts.apply_style()
    chars = sorted(set(charts.chart_characters(tables)) - set(" \n\r\t"))
    fig = Figure(figsize=(13.333, 7.5))
    lines = ["".join(chars[i : i + 60]) for i in range(0, len(chars), 60)]
    for i, line in enumerate(lines):
        fig.text(0.01, 1 - (i + 1) / (len(lines) + 1), line, fontsize=8)
    draw(fig)


def test_charts_never_ask_for_a_bold_cjk_face(built, caplog):
    """Noto Sans SC ships one weight: a bold CJK label logs 'findfont: Failed to find font weight bold'."""
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        draw(built["03-comparable-growth"])
        draw(built["04-project-counts"])
    assert [r.getMessage() for r in caplog.records] == []


# --- the registry --------------------------------------------------------------------------------

def test_registry_names_and_notebooks():
    assert CHART_NAMES == ["01-metric-coverage", "02-investment-by-stage", "02-investment-per-project",
                           "03-growth-rates", "03-comparable-growth", "04-project-counts", "05-top-terms",
                           "05-theme-shares"]
    for spec in charts.CHARTS:
        assert spec.notebook.startswith(f"notebooks/{spec.name[:2]}-") and spec.notebook.endswith(".ipynb")


@pytest.mark.parametrize("name", CHART_NAMES)
def test_registry_chart_has_title_source_and_draws(built, tables, name):
    fig = built[name]
    meta = charts.info(fig)
    assert meta.name == name
    assert tuple(round(x, 3) for x in fig.get_size_inches()) == (13.333, 7.5)
    texts = [t.get_text() for t in fig.texts]
    assert meta.title.split()[0] in texts[0] and len(meta.title) > 20
    assert texts[-1].replace("\n", " ") == meta.source
    assert meta.source.startswith("Source: ")
    labels = views.places(tables)["label"]
    assert any(label in meta.source for label in labels)
    assert 0 < meta.body[0] < meta.body[1] < 1
    draw(fig)


@pytest.mark.parametrize("name", CHART_NAMES)
def test_registry_chart_sources_lead_to_quotes(built, tables, name):
    sources = charts.info(built[name]).sources
    assert list(sources.columns)[:4] == ["id", "place", "mention", "quote"]
    assert len(sources) > 0
    known = set(views.places(tables)["label"])
    assert set(sources["place"]) <= known
    if not name.startswith("05-"):
        figures = tables.figures.set_index("id")
        assert set(sources["id"]) <= set(figures.index)
        for row in sources.itertuples():
            assert row.quote == figures.loc[row.id, "quote"]
            assert row.place in meta_source(built[name])  # the source line names the report of each figure


def meta_source(fig) -> str:
    return charts.info(fig).source


def test_sources_by_name_matches_the_figure(tables, built):
    frame = charts.sources("02-investment-by-stage", tables)
    money = views.investment(tables)
    assert set(frame["id"]) == set(money.loc[money["metric"] == "total_investment", "id"])
    pd.testing.assert_frame_equal(frame, charts.info(built["02-investment-by-stage"]).sources)


def test_unknown_chart_name_lists_the_known_ones(tables):
    with pytest.raises(charts.ChartError, match="no chart named 'nope'.*01-metric-coverage"):
        charts.figure("nope", tables)


# --- titles are computed, not typed --------------------------------------------------------------

def _edit_figure(folder, figure_id: str, **changes: str) -> None:
    path = folder / "figures.csv"
    rows = read_csv(path)
    [row] = [r for r in rows if r["id"] == figure_id]
    row.update(changes)
    write_csv(path, rows)


def test_chart_titles_and_subtitles_are_the_claims_at_their_place(tables, built):
    made = claims.build(tables)
    for name, fig in built.items():
        at = claims.at(made, f"chart:{name}:title")
        if at:  # the text charts of notebook 05 are not comparisons of figures
            assert charts.info(fig).title == at[0].text
            assert claims.one(made, f"chart:{name}:subtitle").text in charts.info(fig).subtitle


def test_investment_title_follows_the_data(tables, data_copy, built):
    before = charts.info(built["02-investment-by-stage"]).title
    # the last total the title names: a figure of the like-for-like group behind it
    named = [c for c in claims.build(tables) if "chart:02-investment-by-stage:title" in c.where][0].figures
    _edit_figure(data_copy, named[-1], value="141.3", value_norm="141.3")
    after = charts.info(charts.investment_by_stage(reportlib.load_all(data_copy))).title
    assert before != after and "141.3" in after and "141.3" not in before
    # a title never divides the district's amounts by a subdistrict's
    assert "×" not in before and "times" not in before


def _comparable_groups(tables) -> list[list[str]]:
    """The figure ids of each like-for-like growth group, in the order of the comparisons."""
    pairs = views.comparable_growth(tables)
    pairs = pairs[pairs["verdict"].astype(str) == "comparable"]
    return [list(group["id"].astype(str)) for _, group in pairs.groupby("pair", sort=False)]


def test_comparable_growth_title_follows_the_data(tables, data_copy, built):
    before = charts.info(built["03-comparable-growth"]).title
    [first, *_] = _comparable_groups(tables)[0]  # the group the title names
    _edit_figure(data_copy, first, value="60", value_norm="60")
    after = charts.info(charts.comparable_growth(reportlib.load_all(data_copy))).title
    assert "+60%" in after and "+60%" not in before
    assert "leads" not in before + after


def test_a_title_without_a_comparable_pair_says_what_is_shown(tables, data_copy):
    # Each like-for-like group keeps one member in its year; the others move to years of their own (the
    # check of quotes is not run here): no finding passes the rules.
    year = 1990
    for group in _comparable_groups(tables):
        for figure in group[1:]:
            year += 1
            _edit_figure(data_copy, figure, period=str(year))
    fig = charts.comparable_growth(reportlib.load_all(data_copy))
    title = charts.info(fig).title
    assert "like for like" not in title.lower() and "comparable" not in title.lower()


# --- what each chart must show -------------------------------------------------------------------

def test_coverage_matrix_says_not_reported_instead_of_zero(tables, built):
    zeros = int((views.metric_families(tables) == 0).to_numpy().sum())
    ax = built["01-metric-coverage"].axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("not\nreported") == zeros > 0
    assert "0" not in texts


def test_growth_chart_writes_qualitative_growth_as_text_and_plots_declines_negative(tables, built):
    fig = built["03-growth-rates"]
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("正增长" in t and "no number" in t for t in texts)
    xs = [x for ax in fig.axes for line in ax.lines for x in line.get_xdata()]
    declines = views.growth(tables)
    declines = declines[declines["change_pct"].astype(float) < 0]["change_pct"].astype(float)
    assert set(declines) <= set(xs) and min(xs) < 0


def test_top_terms_from_a_small_frame(tables):
    first, middle, last = three_places()
    label = views.places(tables).set_index("report")["label"]
    fig = charts.top_terms(terms_frame(), tables=tables)
    meta = charts.info(fig)
    assert meta.title == f"Each report's top term: {label[first]} 运河新城, {label[middle]} 城市更新, {label[last]} 文创园"
    assert [ax.get_title(loc="left") for ax in fig.axes] == [label[first], label[middle], label[last]]
    bar = fig.axes[1].patches[0]
    assert matplotlib.colors.to_hex(bar.get_facecolor()) == places.colours(tables)[middle].lower()
    assert "洸府河" in set(meta.sources["mention"].str.split().str[0])
    draw(fig)
    other = charts.info(charts.top_terms(terms_frame(), method="textrank", tables=tables)).title
    assert other.startswith(f"Each report's top term: {label[first]} 城新河运,")
    with pytest.raises(charts.ChartError, match="lacks column"):
        charts.top_terms(terms_frame().drop(columns="method"))


def test_theme_shares_from_a_small_frame(tables):
    first, second = report_ids()[:2]
    shares = pd.DataFrame({"report": [first, first, second, second],
                           "theme": ["民生 livelihood", "项目 projects", "民生 livelihood", "项目 projects"],
                           "share": [0.2, 0.5, 0.4, 0.1]})
    fig = charts.theme_shares(shares, tables=tables)
    meta = charts.info(fig)
    label = views.places(tables).set_index("report")["label"]
    assert meta.title.startswith(f"项目 projects leads in 1 of 2 reports (50% of content words); 民生 livelihood in {label[second]}")
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert pytest.approx(sorted(widths)) == sorted([0.2, 0.5, 0.4, 0.1, 0.3, 0.5])  # grey rest = 1 - sum
    draw(fig)
    with pytest.raises(charts.ChartError, match="between 0 and 1"):
        charts.theme_shares(shares.assign(share=[20, 50, 40, 10]))


def test_a_failing_chart_stops_the_export_before_anything_is_written(tables, monkeypatch, tmp_path):
    def broken(_tables):
        raise charts.ChartError("no data for this chart")

    failing = dataclasses.replace(charts.spec("05-theme-shares"), build=broken)
    registry = (charts.spec("01-metric-coverage"), failing)
    monkeypatch.setattr(charts.registry, "CHARTS", registry)  # where figure() looks charts up by name
    monkeypatch.setattr(charts, "CHARTS", registry)  # what export iterates
    with pytest.raises(export.ExportError, match="05-theme-shares: no data for this chart"):
        export.export_all(tables, tmp_path / "figures", tmp_path / "exports")
    assert not (tmp_path / "figures").exists() and not (tmp_path / "exports").exists()


# --- saving ---------------------------------------------------------------------------------------

def test_saving_twice_gives_identical_bytes(tables, tmp_path):
    first = charts.save(charts.figure("01-metric-coverage", tables), "chart", tmp_path / "a")
    second = charts.save(charts.figure("01-metric-coverage", tables), "chart", tmp_path / "b")
    assert [p.name for p in first] == ["chart.png", "chart.svg"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
    svg = first[1].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    with Image.open(first[0]) as png:
        assert png.size in ((2667, 1500), (2666, 1500))
        assert round(png.info["dpi"][0]) >= 200
    assert b"Software" not in first[0].read_bytes()[:2000]


def test_save_keeps_the_figure_usable(built, tmp_path):
    fig = built["03-comparable-growth"]
    charts.save(fig, "x", tmp_path)
    assert fig.axes and charts.info(fig).title
    charts.save(fig, "y", tmp_path)
    assert (tmp_path / "x.png").read_bytes() == (tmp_path / "y.png").read_bytes()


def test_interrupted_save_leaves_the_old_file_and_no_debris(built, tmp_path, monkeypatch):
    fig = built["03-comparable-growth"]
    good = charts.save(fig, "chart", tmp_path)
    before = {p.name: p.read_bytes() for p in good}
    other = built["01-metric-coverage"]

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        charts.save(other, "chart", tmp_path)
    with pytest.raises(OSError, match="No space left"):
        charts.save(other, "new", tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["chart.png", "chart.svg"]
    assert {p.name: p.read_bytes() for p in good} == before


def test_a_failing_render_writes_neither_file(built, tmp_path, monkeypatch):
    real = charts.render

    def broken(fig, fmt):
        if fmt == "svg":
            raise RuntimeError("renderer crashed")
        return real(fig, fmt)

    monkeypatch.setattr(charts.output, "render", broken)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        charts.save(built["01-metric-coverage"], "chart", tmp_path)
    assert os.listdir(tmp_path) == []


def test_body_png_is_the_chart_without_its_texts(built):
    fig = built["02-investment-per-project"]
    full = Image.open(io.BytesIO(charts.render(fig, "png")))
    body = Image.open(io.BytesIO(charts.body_png(fig)))
    bottom, top = charts.info(fig).body
    assert body.width == full.width
    assert abs(body.height - (top - bottom) * full.height) <= 2


def test_a_registry_figure_carries_its_name_and_everything_its_chart_function_said(tables, built):
    name = CHART_NAMES[0]
    made = charts.info(charts.spec(name).build(tables))
    named = charts.info(built[name])
    assert made.name is None and named.name == name
    for field in ("title", "subtitle", "source", "body"):
        assert getattr(named, field) == getattr(made, field), field
    pd.testing.assert_frame_equal(named.sources, made.sources)
    with pytest.raises(charts.ChartError, match="not made by reportlib"):
        charts.info(Figure())

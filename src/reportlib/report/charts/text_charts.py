"""Charts 05: the full texts, each report's top terms and the share of each theme in its words.

These take the frames that reportlib.keywords and reportlib.themes produce (or any frame with the
same columns), so the text analysis can change without touching the charts; those modules, which
bring jieba, are imported only when a registry chart is built from the tables.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from reportlib.analysis import views
from reportlib.curation.load import Tables
from .layout import ChartError, attach_info, banded_figure
from .panels import panel_grid
from .provenance import place_labels, text_source_line
from .style import INK, THEME_COLOURS, place_colours
from reportlib.analysis.wording import cardinal, join_words


METHOD_NAMES = {"tfidf": "TF-IDF", "textrank": "TextRank"}
MAX_COLUMNS = 5  # panels side by side before the grid wraps to a new row
TERMS_PER_ROWS = (10, 6, 4)  # terms per panel with one, two, three or more rows of panels





def _sentence_with(text: str, term: str, limit: int = 90) -> str:
    """The first sentence of `text` that contains `term`, trimmed around it."""
    for sentence in re.split(r"(?<=[。！？；\n])", text):
        if term in sentence:
            sentence = sentence.strip()
            if len(sentence) > limit:
                at = sentence.index(term)
                start = max(0, at - limit // 2)
                sentence = ("…" if start else "") + sentence[start : start + limit] + "…"
            return sentence
    return ""


def _check_columns(frame: pd.DataFrame, needed: list[str], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ChartError(f"{what}: the frame lacks column(s) {', '.join(missing)} (has: {', '.join(frame.columns)})")
    if frame.empty:
        raise ChartError(f"{what}: the frame is empty")


def top_terms(terms: pd.DataFrame, n: int = 10, method: str | None = None, tables: Tables | None = None,
              glosses: dict[str, str] | None = None) -> Figure:
    """Small multiples, one panel per place: each report's top terms as horizontal bars in its colour.

    `terms` has columns report, term, score, method ('tfidf' or 'textrank'). With several methods in
    the frame, `method` picks one (default: tfidf if present). With `tables`, places get their
    bilingual labels and the speaker-note sources quote a sentence of the text for each term."""
    _check_columns(terms, ["report", "term", "score", "method"], "top_terms")
    methods = list(dict.fromkeys(terms["method"].astype(str)))
    method = method or ("tfidf" if "tfidf" in methods else methods[0])
    if method not in methods:
        raise ChartError(f"top_terms: no terms by method {method!r} (the frame has {', '.join(methods)})")
    frame = terms[terms["method"].astype(str) == method].copy()
    frame["report"] = frame["report"].astype(str)
    frame["score"] = frame["score"].astype(float)
    labels = place_labels(tables) if tables is not None else {}
    order = views.place_order(tables) if tables is not None else list(dict.fromkeys(frame["report"]))
    reports = [r for r in order if r in set(frame["report"])]
    tops = {r: frame[frame["report"] == r].sort_values("score", ascending=False).head(n) for r in reports}
    colours = place_colours(tables, reports)
    def best(top: pd.DataFrame) -> str:  # ties at the top are named together, not broken silently
        scores = top["score"].to_numpy()
        tied = top["term"].astype(str)[np.isclose(scores, scores[0])].tolist()
        return tied[0] if len(tied) == 1 else " / ".join(tied) + " (tied)"

    title = "Each report's top term: " + ", ".join(f"{labels.get(r, r)} {best(tops[r])}" for r in reports)
    method_words = {"tfidf": f"TF-IDF (term frequency × inverse document frequency across the {cardinal(len(reports))} "
                             "reports)",
                    "textrank": "TextRank (co-occurrence graph centrality)"}
    n_rows, n_cols = panel_grid(len(reports), MAX_COLUMNS)
    shown = min(n, TERMS_PER_ROWS[min(n_rows, len(TERMS_PER_ROWS)) - 1])  # fewer terms when panels wrap
    subtitle = (f"Top {shown} terms per report by {method_words.get(method, method)}; bar length = score, "
                "comparable within a panel, not across panels.")
    source = text_source_line(reports, labels, f"terms ranked by {METHOD_NAMES.get(method, method)}")
    fig, body = banded_figure(title, subtitle, source)

    size = {1: 17, 2: 14}.get(n_rows, 12)
    axes = fig.subplots(n_rows, n_cols, squeeze=False).ravel()
    for ax in axes[len(reports):]:
        ax.set_visible(False)
    for ax, report in zip(axes, reports):
        top = tops[report].head(shown)
        y = np.arange(len(top))
        ax.barh(y, top["score"], color=colours[report], height=0.7)
        ax.set_yticks(y, top["term"].astype(str), fontsize=size)
        ax.set_ylim(shown - 0.5, -0.6)
        ax.set_xticks([])
        ax.tick_params(axis="y", length=0)
        ax.spines["bottom"].set_visible(False)
        heading = labels.get(report, report)
        if n_cols >= 4:  # narrow panels: the English and the Chinese name on two lines
            heading = "\n".join(heading.rsplit(" ", 1))
        ax.set_title(heading, fontsize=size + 1, loc="left", color=INK, linespacing=1.0)
    rows = []
    glosses = glosses or {}
    for report in reports:
        text = tables.texts.get(report, "") if tables is not None else ""
        for record in tops[report].itertuples():
            rows.append({"id": report, "place": labels.get(report, report),
                         "mention": f"{record.term} ({glosses[record.term]})" if record.term in glosses else str(record.term),
                         "quote": _sentence_with(text, str(record.term))})
    sources = pd.DataFrame(rows, columns=["id", "place", "mention", "quote"])
    return attach_info(fig, title, subtitle, source, sources, body)


def theme_shares(shares: pd.DataFrame, tables: Tables | None = None,
                 theme_labels: dict[str, str] | None = None) -> Figure:
    """One stacked horizontal bar per place: the share (0–1) of each theme in its report; what the
    themes do not cover is shown in grey as 'other', not dropped. `theme_labels` maps theme ids to
    the words shown; themes keep the frame's categorical order (else: largest share first)."""
    _check_columns(shares, ["report", "theme", "share"], "theme_shares")
    frame = shares.copy()
    frame["report"] = frame["report"].astype(str)
    ordered = (list(map(str, frame["theme"].cat.categories)) if isinstance(frame["theme"].dtype, pd.CategoricalDtype)
               else None)
    theme_labels = theme_labels or {}
    frame["theme"] = frame["theme"].astype(str).map(lambda t: theme_labels.get(t, t))
    frame["share"] = frame["share"].astype(float)
    bad = frame[(frame["share"] < 0) | (frame["share"] > 1)]
    if not bad.empty:
        row = bad.iloc[0]
        raise ChartError(f"theme_shares: share must be between 0 and 1 (report {row['report']}, theme "
                         f"{row['theme']}, share {row['share']})")
    labels = place_labels(tables) if tables is not None else {}
    order = views.place_order(tables) if tables is not None else list(dict.fromkeys(frame["report"]))
    reports = [r for r in order if r in set(frame["report"])]
    present = set(frame["theme"])
    themes = ([theme_labels.get(t, t) for t in ordered if theme_labels.get(t, t) in present] if ordered
              else list(dict.fromkeys(frame.sort_values("share", ascending=False)["theme"])))
    table = frame.pivot_table(index="report", columns="theme", values="share", aggfunc="sum").reindex(
        index=reports, columns=themes).fillna(0.0)
    if len(themes) > len(THEME_COLOURS):
        raise ChartError(f"theme_shares: {len(themes)} themes, but only {len(THEME_COLOURS)} distinct colours")

    leaders = {r: [t for t in themes if math.isclose(table.loc[r, t], table.loc[r].max())] for r in reports}
    counts = pd.Series([t for r in reports for t in leaders[r]]).value_counts()
    common = counts.index[0]
    with_common = [r for r in reports if common in leaders[r]]
    shares_text = _share_span([table.loc[r, common] for r in with_common])
    if len(with_common) == len(reports):
        title = f"{common} is the largest theme in every report ({shares_text} of content words)"
    else:
        by_theme: dict[str, list[str]] = {}
        for r in reports:
            if r not in with_common:
                by_theme.setdefault(" = ".join(leaders[r]), []).append(labels.get(r, r))
        others = "; ".join(f"{theme} in {join_words(names)}" for theme, names in by_theme.items())
        title = (f"{common} leads in {len(with_common)} of {len(reports)} reports ({shares_text} of content words); "
                 f"{others}")
    subtitle = ("Share of each report's content words (jieba tokens without stopwords) that are terms of a theme's "
                "lexicon; grey: words in no theme. Reports differ in length and kind (reviews, plans, one district).")
    source = text_source_line(reports, labels, "shares of the theme lexicon's terms")
    fig, body = banded_figure(title, subtitle, source)

    ax = fig.add_subplot()
    y = np.arange(len(reports))
    left = np.zeros(len(reports))
    for colour, theme in zip(THEME_COLOURS, themes):
        values = table[theme].to_numpy()
        ax.barh(y, values, left=left, color=colour, height=0.66, label=theme, edgecolor="white", linewidth=1)
        for yi, (start, value) in enumerate(zip(left, values)):
            if value >= 0.05:
                rgb = mcolors.to_rgb(colour)
                light = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 0.55
                ax.text(start + value / 2, yi, f"{value:.0%}", ha="center", va="center", fontsize=14,
                        color=INK if light else "white")
        left = left + values
    rest = np.clip(1 - left, 0, None)
    if (rest > 0.005).any():
        ax.barh(y, rest, left=left, color="#DDDDDD", height=0.66, label="other (no theme)", edgecolor="white")
    ax.set_yticks(y, [labels.get(r, r) for r in reports], fontsize=18)
    ax.set_ylim(len(reports) - 0.5, -0.5)
    ax.set_xlim(0, max(1.0, float(left.max())))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=14)
    rows = [{"id": r, "place": labels.get(r, r), "mention": f"{theme} {table.loc[r, theme]:.1%}", "quote": ""}
            for r in reports for theme in themes if table.loc[r, theme] > 0]
    sources = pd.DataFrame(rows, columns=["id", "place", "mention", "quote"])
    return attach_info(fig, title, subtitle, source, sources, body)


def _share_span(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.0%}" if round(low, 2) == round(high, 2) else f"{low * 100:.0f}–{high:.0%}"


def top_terms_chart(tables: Tables) -> Figure:
    """The registry's top-terms chart, from reportlib.keywords (imported here only: it brings jieba)."""
    from reportlib.text.keywords import keywords
    from reportlib.text.themes import glosses

    return top_terms(keywords(tables), tables=tables, glosses=glosses(tables))


def theme_shares_chart(tables: Tables) -> Figure:
    """The registry's theme-shares chart, from reportlib.themes (imported here only: it brings jieba)."""
    from reportlib.text.themes import theme_labels
    from reportlib.text.themes import theme_shares as shares_of

    return theme_shares(shares_of(tables), tables=tables, theme_labels=theme_labels(tables.folder))

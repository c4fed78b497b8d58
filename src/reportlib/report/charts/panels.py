"""The row-per-figure panels the investment, growth and project charts share: which records a panel
holds and in what order, how a row is labelled, and the panel's heading.

The district and the subdistricts get separate panels because their amounts differ by orders of
magnitude; ranking one district among four subdistricts would mislead.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from reportlib.analysis import views
from reportlib.curation import places
from reportlib.curation.load import Tables
from reportlib.curation.periods import parse_period
from .layout import _width_pt, wrap
from .style import BAR_SHIFT, MUTED, WIDTH

MAX_ROWS = 14  # rows a panel holds and stays readable on a slide; beyond, the largest are shown
LABEL_SIZES = (13.5, 12.5, 11.5, 10.5, 9.5)  # points: the largest at which a row label fits its panel on one line


def split_by_level(tables: Tables, frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The reports present in `frame`, in place order: (the top level's, the lower levels')."""
    groups = dict(places.by_level(tables, list(frame["report"].astype(str).unique())))
    levels = [term for term, _ in places.by_level(tables)]
    upper = groups.get(levels[0], []) if levels else []
    lower = [r for level in levels[1:] for r in groups.get(level, [])]
    return upper, lower


def level_panels(tables: Tables, frame: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """(heading, reports) per level present in `frame`, levels in vocabulary order, places in place order:
    the panels of every level-split chart, in the same order everywhere."""
    present = list(frame["report"].astype(str).unique())
    return [(places.level_heading(tables, level, len(reports)), reports)
            for level, reports in places.by_level(tables, present)]


def panel_rows(frame: pd.DataFrame, reports: list[str], value: str | None = None, limit: int = MAX_ROWS) -> list:
    """The records of one panel, place by place in the order given; past `limit` rows, only the `limit`
    largest by `value` (in the same order): panel_note says how many are left out."""
    rows = []
    for report in reports:
        rows.extend(frame[frame["report"].astype(str) == report].itertuples())
    if value is not None and len(rows) > limit:
        ranked = sorted(range(len(rows)), key=lambda i: -float(getattr(rows[i], value)))[:limit]
        rows = [rows[i] for i in sorted(ranked)]
    return rows


def _records(frame: pd.DataFrame, reports: list[str]) -> int:
    """How many records a panel of these places holds."""
    return int(frame["report"].astype(str).isin(reports).sum())


def largest_panel(frame: pd.DataFrame, panels: list[tuple[str, list[str]]]) -> int:
    """How many records the fullest of the (heading, reports) panels holds: the rows a chart would want."""
    return max(_records(frame, reports) for _, reports in panels)


def hidden_rows(frame: pd.DataFrame, reports: list[str], shown: list) -> int:
    """How many records of a panel's places are not among its rows."""
    return _records(frame, reports) - len(shown)


def panel_note(ax, hidden: int, kind: str = "smaller") -> None:
    """'+12 smaller rows in the workbook', as a second line of the panel's axis label (set the label first).
    The label ends at the axis' right end: a panel narrowed by its row labels has free room below them."""
    note = f"\n+{hidden} {kind} {'row' if hidden == 1 else 'rows'} in the workbook" if hidden > 0 else ""
    ax.set_xlabel(f"{ax.get_xlabel()}{note}".strip(), loc="right")


def stage_sort(tables: Tables, frame: pd.DataFrame) -> pd.DataFrame:
    """The records by period, then stage (reserve to completed, unknown last), then id."""
    order = {stage: i for i, stage in enumerate(views.stage_order(tables))}
    key = frame["stage"].astype("string").map(lambda s: order.get(s, len(order)) if not pd.isna(s) else len(order))
    frame = frame.assign(_stage=key.astype(int), _period=frame["period"].astype(str).map(
        lambda c: parse_period(c).sort_key))
    return frame.sort_values(["_period", "_stage", "id"]).drop(columns=["_stage", "_period"])


def stage_labels(tables: Tables) -> dict[str, str]:
    """Stage id -> short English label ('Reserve', 'New start'), from the stage vocabulary."""
    terms = tables.vocab.terms
    stages = terms[terms["vocabulary"] == "stage"]
    return {str(t): str(label).split(" or ")[0] for t, label in zip(stages["term"], stages["label_en"])}


def _stage_label(labels: dict[str, str], stage: object) -> str:
    if stage is None or pd.isna(stage):
        return "Other"
    return labels.get(str(stage), str(stage))


def _short_subject(subject: str, limit: int = 40) -> str:
    subject = re.sub(r"^(total investment of|total investment)\s+(the\s+)?", "", str(subject))
    if len(subject) > limit:
        subject = subject[: limit - 1].rstrip(" ,(") + "…"
    return subject


def row_text(stages: dict[str, str], record, with_place: bool) -> str:
    """'Jiadi · New start: 14 projects': place (in a mixed panel), stage, and the subject without
    the words that repeat the stage (row_labels cuts it to the panel's width)."""
    stage = _stage_label(stages, record.stage)
    subject = _short_subject(record.subject_en, 200)
    if not pd.isna(record.stage):
        words = {str(record.stage).replace("_", " "), str(record.stage).replace("_", "-"), stage.lower(),
                 stage.lower().replace(" ", "-"), "planned (reserve)", "planned/reserve", "(planned/reserve)"}
        for word in sorted(words, key=len, reverse=True):
            subject = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])\s*", "", subject).strip()
    subject = re.sub(r"\s{2,}", " ", subject) or "projects"
    text = f"{stage}: {subject}"
    return f"{record.place} · {text}" if with_place else text


LABEL_COLUMN = 3.1  # inches: the width of the row labels left of a panel
LINE_HEIGHT = 1.05  # a wrapped label's line, in font sizes (labels are set with linespacing 1.0)


def fit_label(text: str, room_in: float = LABEL_COLUMN, one_line: int = 2, pitch_in: float = 1.0) -> tuple[str, float]:
    """(text, size): the label whole on one line at the largest of the first `one_line` sizes that fits
    `room_in` inches, else wrapped onto as few lines as a smaller size allows, as many lines as a row
    `pitch_in` inches high holds. Never cut."""
    for size in LABEL_SIZES[:one_line]:
        if _width_pt(text, size) <= room_in * 72:
            return text, size
    for size in LABEL_SIZES[1:]:
        lines = wrap(text, size, room_in)
        if len(lines) == 1 or (len(lines) == 2 and 2 * size * LINE_HEIGHT <= pitch_in * 72):
            return "\n".join(lines), size
    wider = wrap(text, LABEL_SIZES[-1], room_in * 1.4)  # two lines reaching a little further beat three
    if len(wider) <= 2:
        return "\n".join(wider), LABEL_SIZES[-1]
    return "\n".join(wrap(text, LABEL_SIZES[-1], room_in)), LABEL_SIZES[-1]


PANEL_FRAME = 1.1  # inches of a panel's height that are not rows: its heading, tick labels and axis label
TWO_LINE_PITCH = 2 * LABEL_SIZES[-1] * LINE_HEIGHT / 72 + 0.02  # inches: a row whose label wraps once
NOTE_LINE = 0.25  # inches: the line of the axis label that says how many rows are left out
LABEL_ABOVE_PITCH = 0.37  # inches: a row with its label on one line above its marks and their value label


def rows_height(fig) -> float:
    """The inches a panel's rows share: the chart body's height less the panel's heading and axis."""
    from .style import HEIGHT

    engine = fig.get_layout_engine()
    height = engine.get()["rect"][3] * HEIGHT if engine is not None else HEIGHT * 0.6
    return max(height - PANEL_FRAME, 0.5)


def rows_that_fit(fig, wanted: int, pitch: float = TWO_LINE_PITCH) -> int:
    """How many of `wanted` rows a panel of `fig` shows at `pitch` inches a row (at most MAX_ROWS): by
    default each label whole on at most two lines. More places mean more candidate rows, not smaller
    ones; when some are left out, a line of the panel's axis label (panel_note) says how many."""
    room = rows_height(fig)
    if wanted <= min(MAX_ROWS, int(room / pitch)):
        return wanted
    return max(1, min(MAX_ROWS, int((room - NOTE_LINE) / pitch)))


def _row_pitch(ax, n_rows: int) -> float:
    """About how many inches each row gets: the rows' height shared by the rows."""
    return rows_height(ax.figure) / max(n_rows, 1)


HEADING_SIZES = (17, 15.5, 14)  # points: a panel heading, as large as its panel's width allows


def _panel_width(ax) -> float:
    """Inches of the slide's width that a panel of its grid gets, less the margins."""
    columns = ax.get_subplotspec().get_gridspec().ncols if ax.get_subplotspec() else 1
    return (WIDTH - 0.6) / columns - 0.4


def fit_heading(text: str, ax) -> tuple[str, float]:
    """(text, size) of a panel heading that fits the panel's share of the slide width: the largest size
    that keeps it on one line, else wrapped at the smallest."""
    room = _panel_width(ax)
    for size in HEADING_SIZES:
        if _width_pt(text, size) <= room * 72:
            return text, size
    return "\n".join(wrap(text, HEADING_SIZES[-1], room)), HEADING_SIZES[-1]


def row_labels_above(ax, labels: list[str], n_rows: int) -> None:
    """Each row's label above its marks, across the panel's width, whole (smaller, or wrapped, never cut)."""
    from matplotlib.transforms import blended_transform_factory

    transform = blended_transform_factory(ax.transAxes, ax.transData)
    room = _panel_width(ax)
    for y, text in enumerate(labels):
        text, size = fit_label(text, room, one_line=len(LABEL_SIZES))
        ax.text(0.004, y - 0.06, text, transform=transform, ha="left", va="bottom", fontsize=size, color=MUTED,
                linespacing=1.0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(n_rows - 0.3, -0.63)


def row_labels(ax, labels: list[str], n_rows: int) -> None:
    """Each row's label left of its row, whole (wrapped, never cut); rows run top to bottom at
    y + BAR_SHIFT, all panels with the same row height."""
    pitch = _row_pitch(ax, n_rows)
    fitted = [fit_label(text, LABEL_COLUMN, pitch_in=pitch) for text in labels]
    ax.set_yticks([y + BAR_SHIFT for y in range(len(labels))], [text for text, _ in fitted])
    for label, (_, size) in zip(ax.get_yticklabels(), fitted):
        label.set_fontsize(size)
        label.set_color(MUTED)
        label.set_linespacing(1.0)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.set_ylim(n_rows - 0.5 + BAR_SHIFT, -0.5 + BAR_SHIFT)


LEGEND_BAND = 0.34  # inches above the panels for a figure legend


def figure_legend(fig, handles: list) -> None:
    """A legend of `handles` in its own band at the top left of the chart body, above the panel headings
    (the body shrinks by the band, so nothing sits under it)."""
    if not handles:
        return
    from .style import HEIGHT

    x, y, w, h = fig.get_layout_engine().get()["rect"]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(x, y + h), ncol=len(handles), fontsize=13,
               handlelength=1.4, columnspacing=1.2, borderaxespad=0.0, borderpad=0.1, frameon=False)
    fig.get_layout_engine().set(rect=(x, y, w, h - LEGEND_BAND / HEIGHT))


def panel_title(ax, text: str, handles: list | None = None) -> None:
    """The panel's heading at its top left; a legend of `handles`, if given, at its top right."""
    ax.set_title(text, fontsize=18, loc="left", pad=12)
    if handles:  # level with the heading, at the panel's right (callers give it to the first panel)
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(handles), fontsize=13,
                  handlelength=1.4, columnspacing=1.0, borderaxespad=0.2, borderpad=0.1)


def panel_grid(count: int, max_columns: int) -> tuple[int, int]:
    """(rows, columns) of a grid of `count` panels, at most `max_columns` wide, rows as even as can be."""
    rows = max(1, math.ceil(count / max_columns))
    return rows, max(1, math.ceil(count / rows))

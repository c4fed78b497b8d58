"""The text analysis as notebook 05 shows it: the word lists it stands on, keyword and theme tables, findings.

The analysis itself lives in modules with one job each, arranged here for reading:
`segment` (text to words), `keywords` (TF-IDF and TextRank), `themes` (lexicon and theme shares),
`suggestions` (help with what is left to curate) and `segquality` (scores against the gold sample).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reportlib.text import segment
from reportlib.analysis import views
from reportlib.analysis.wording import cardinal, join_words
from reportlib.text.keywords import keywords
from reportlib.curation.load import Tables
from reportlib.text.segquality import gold_sentences, read_gold, segmentation_quality
from reportlib.text.segment import stopwords
from reportlib.text.suggestions import suggestion_agreement
from reportlib.text.themes import THEMES_FILE, glosses, lexicon_coverage, load_themes, theme_labels, theme_shares


def resources(tables: Tables, gold_lines: list[str] | None = None) -> pd.DataFrame:
    """The word lists the analysis stands on, with how many entries each has: file, entries, what."""
    folder = Path(tables.folder) / "text"
    gold_lines = gold_lines if gold_lines is not None else read_gold()
    rows = [
        (f"data/text/{segment.USERDICT}", len(segment.read_userdict(folder / segment.USERDICT)),
         "project dictionary: terms jieba keeps whole"),
        (f"data/text/{segment.STOPWORDS}", len(stopwords(tables.folder)), "stopwords: never content tokens"),
        (f"data/text/{THEMES_FILE}", len(load_themes(tables.folder)), "theme lexicon: terms of six themes"),
        ("data/text/gold_segmentation.txt", len(gold_sentences(gold_lines)), "sentences segmented by hand"),
    ]
    return pd.DataFrame(rows, columns=["file", "entries", "what"]).set_index("file")


def _labels(tables: Tables) -> dict[str, str]:
    """Short English place names by report id ('Jiadi')."""
    return dict(views.places(tables)[["report", "place"]].itertuples(index=False))


METHOD_LABELS = {"tfidf": "TF-IDF", "textrank": "TextRank"}


def keyword_table(tables: Tables, keywords_frame: pd.DataFrame, top: int = 10, method: str | None = None) -> pd.DataFrame:
    """Keywords side by side: one row per rank, one column per place and method (or per place, for one
    `method`); each cell is the term with its English gloss."""
    if method is not None:
        keywords_frame = keywords_frame[keywords_frame["method"] == method]
    gloss = glosses(tables)
    labels = _labels(tables)
    frame = keywords_frame[keywords_frame["rank"] <= top].copy()
    frame["cell"] = [f"{t} {gloss[t]}" if t in gloss else t for t in frame["term"]]
    frame["place"] = frame["report"].astype(str).map(labels)
    frame["method"] = frame["method"].map(METHOD_LABELS)
    wide = frame.pivot(index="rank", columns=["place", "method"], values="cell")
    columns = [(labels[r], METHOD_LABELS[m]) for r in views.place_order(tables) for m in METHOD_LABELS]
    wide = wide[[c for c in columns if c in wide.columns]]
    if method is not None:
        wide.columns = [place for place, _ in wide.columns]
    return wide


def theme_table(tables: Tables) -> pd.DataFrame:
    """Theme shares in per cent, themes down, places across, with the lexicon's coverage as the last row."""
    labels = _labels(tables)
    shares = theme_shares(tables)
    wide = shares.pivot(index="theme", columns="report", values="share")
    names = theme_labels(tables.folder)
    wide.index = [f"{names[t]} ({t})" for t in wide.index.astype(str)]
    coverage = lexicon_coverage(tables).set_index("report")["classified_share"]
    wide.loc["all six themes (classified share)"] = coverage
    wide = (wide * 100).round(1)
    wide.columns = [labels[str(r)] for r in wide.columns]
    wide.index.name = "% of content tokens"
    return wide


def _percent(x: float) -> str:
    return f"{x:.0%}"


def findings(tables: Tables) -> list[str]:
    """Notebook 05's findings in plain words, computed from the texts and the lexicon."""
    labels = _labels(tables)
    gloss = glosses(tables)
    order = views.place_order(tables)

    def named(term: str) -> str:
        return f"{term} ({gloss[term]})" if term in gloss else term

    kw = keywords(tables, top=3)
    out = []

    tfidf = kw[kw["method"] == "tfidf"]
    parts = [f"{labels[r]}: {', '.join(named(t) for t in tfidf.loc[tfidf['report'] == r, 'term'])}"
             for r in order]
    out.append(f"The most distinctive terms by TF-IDF against the {cardinal(len(order))} reports: " + "; ".join(parts) + ".")

    textrank = kw[(kw["method"] == "textrank") & (kw["rank"] == 1)]
    leaders = textrank["term"].value_counts()
    top_term, n_top = leaders.index[0], int(leaders.iloc[0])
    where = "every report" if n_top == len(order) else f"{n_top} of {len(order)} reports"
    out.append(f"TextRank, which ranks terms by how central they are in their own text, puts {named(top_term)} "
               f"first in {where}: it sees what the reports share, TF-IDF what sets them apart.")

    shares = theme_shares(tables)
    names = theme_labels(tables.folder)
    wide = shares.pivot(index="report", columns="theme", values="share")
    wide.index = wide.index.astype(str)
    wide.columns = wide.columns.astype(str)
    largest = wide.idxmax(axis=1)
    groups = {}
    for report, theme in largest.items():
        groups.setdefault(theme, []).append(f"{labels[report]} {_percent(wide.at[report, theme])}")
    out.append("The largest theme of each report: "
               + "; ".join(f"{names[t].lower()} in {join_words(v)}" for t, v in groups.items())
               + " (shares of content tokens).")
    for theme in ("party_governance", "livelihood", "urban_construction"):
        col = wide[theme]
        high, low = col.idxmax(), col.idxmin()
        out.append(f"{names[theme]}: from {_percent(col[low])} of {labels[low]}'s content tokens to "
                   f"{_percent(col[high])} of {labels[high]}'s.")
    coverage = lexicon_coverage(tables)["classified_share"]
    out.append(f"The lexicon ({len(load_themes(tables.folder))} terms) classifies "
               f"{_percent(coverage.min())}–{_percent(coverage.max())} of each report's content tokens; the rest are "
               "general words, names of places and projects, and terms of no single theme, so the shares compare the "
               "reports with each other rather than measure them whole.")
    return out


def quality_findings(tables: Tables, gold_lines: list[str] | None = None) -> list[str]:
    """The appendix's findings: how well segmentation and the curation suggestions hold up."""
    out = []
    gold_lines = gold_lines if gold_lines is not None else read_gold()
    quality = segmentation_quality(gold_lines, tables.folder)
    with_d, plain = quality.loc["jieba + project dictionary"], quality.loc["plain jieba"]
    out.append(f"On {int(with_d['sentences'])} hand-segmented sentences, jieba with the project dictionary finds "
               f"word boundaries with precision {with_d['precision']:.2f} and recall {with_d['recall']:.2f}; plain "
               f"jieba reaches {plain['precision']:.2f} and {plain['recall']:.2f}. The gold follows the dictionary's "
               "conventions, so the precision gap mostly counts terms plain jieba splits; the recall gap counts words "
               "it wrongly glues together.")

    agreement = suggestion_agreement(tables)
    made = agreement.dropna(subset=["suggested"])
    out.append(f"For what is left to curate, the context rules suggest a metric or exclusion reason for {len(made)} "
               f"of the {len(agreement)} numbers already curated and agree with the curators on "
               f"{int(made['agrees'].sum())} of them; the rules were written from these same texts, so a new report "
               "would do less well.")
    return out

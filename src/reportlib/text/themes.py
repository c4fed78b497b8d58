"""How each report's words fall on six themes of a curated lexicon (data/text/themes.csv).

A token counts for a theme only when it is exactly a term of the lexicon, so a share can be traced
to the terms behind it; lexicon_coverage says how much of each report the lexicon classifies at all.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pandas as pd

from reportlib.analysis import views
from reportlib.text.corpus import report_tokens
from reportlib.curation.csvfile import read_rows
from reportlib.curation.errors import DataError, Problem
from reportlib.curation.load import Tables
from reportlib.curation.paths import data_dir, display_path

THEMES = {
    "projects_investment": "Projects and investment",
    "industry_enterprises": "Industry and enterprises",
    "urban_construction": "Urban construction and renewal",
    "livelihood": "People's livelihood",
    "safety_environment": "Safety and environment",
    "party_governance": "Party building and governance",
}
THEMES_FILE = "themes.csv"


def load_themes(folder: Path | str | None = None) -> pd.DataFrame:
    """The theme lexicon (data/text/themes.csv): term, theme, note; raise DataError on a bad row."""
    path = Path(folder or data_dir()) / "text" / THEMES_FILE
    name = display_path(path)
    header, rows = read_rows(path)
    expected = ["term", "theme", "note"]
    if header != expected:
        raise DataError([Problem(name, f"header must be {','.join(expected)}", row=1, value=",".join(header))])
    problems, seen, data = [], {}, []
    for number, (term, theme, note) in rows:
        term, theme = term.strip(), theme.strip()
        if not term:
            problems.append(Problem(name, "missing value", row=number, column="term"))
        elif term in seen:
            problems.append(Problem(name, f"duplicate term (first at row {seen[term]})", row=number, column="term",
                                    value=term))
        seen.setdefault(term, number)
        if theme not in THEMES:
            problems.append(Problem(name, f"unknown theme (known: {', '.join(THEMES)})", row=number, column="theme",
                                    value=theme))
        data.append((number, term, theme, note.strip()))
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(data, columns=["row", "term", "theme", "note"])
    frame["theme"] = pd.Categorical(frame["theme"], categories=list(THEMES))
    return frame


def theme_shares(tables: Tables) -> pd.DataFrame:
    """For each report and theme, the share of the report's content tokens that are terms of that theme.

    Content tokens are jieba tokens after the stopwords (and without numbers, units, numeral words and
    single characters: see segment.is_content). A token counts for a theme when it is exactly a term
    of the lexicon. Columns: report, theme, share, tokens (the count on the theme); every report has a
    row for every theme, zeros included. Shares of a report add up to its classified_share.
    """
    lexicon = load_themes(tables.folder).set_index("term")["theme"].astype(str)
    rows = []
    for rid, tokens in report_tokens(tables).items():
        counts = collections.Counter(lexicon.get(t) for t in tokens)
        for theme in THEMES:
            rows.append((rid, theme, counts[theme] / len(tokens), counts[theme]))
    frame = pd.DataFrame(rows, columns=["report", "theme", "share", "tokens"])
    frame["report"] = pd.Categorical(frame["report"], categories=views.place_order(tables))
    frame["theme"] = pd.Categorical(frame["theme"], categories=list(THEMES))
    return frame


def lexicon_coverage(tables: Tables) -> pd.DataFrame:
    """How much of each report the lexicon classifies: report, classified_share, content_tokens."""
    terms = set(load_themes(tables.folder)["term"])
    rows = [(rid, sum(t in terms for t in tokens) / len(tokens), len(tokens))
            for rid, tokens in report_tokens(tables).items()]
    frame = pd.DataFrame(rows, columns=["report", "classified_share", "content_tokens"])
    frame["report"] = pd.Categorical(frame["report"], categories=views.place_order(tables))
    return frame


GLOSSES_FILE = "glosses.csv"


def glosses(tables: Tables) -> dict[str, str]:
    """English gloss of each term the analysis shows: a lexicon term's note up to the first '; ' (the rest
    is a remark), and for terms outside the lexicon data/text/glosses.csv (term, gloss)."""
    import csv

    lexicon = load_themes(tables.folder)
    out = {}
    path = Path(tables.folder) / "text" / GLOSSES_FILE
    if path.is_file():
        with open(path, encoding="utf-8", newline="") as handle:
            out.update({row["term"]: row["gloss"] for row in csv.DictReader(handle)})
    out.update({row.term: row.note.split("; ")[0] for row in lexicon.itertuples()})
    return out

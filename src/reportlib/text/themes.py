"""How each report's words fall on six themes of a curated lexicon (data/text/themes.csv).

A token counts for a theme only when it is exactly a term of the lexicon, so a share can be traced
to the terms behind it; lexicon_coverage says how much of each report the lexicon classifies at all.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pandas as pd

from reportlib.analysis import views
from reportlib.curation import schema
from reportlib.curation.load import Tables, load_vocab, read_table
from reportlib.curation.paths import data_dir
from reportlib.text.corpus import report_tokens

THEMES_FILE = "themes.csv"


def theme_labels(folder: Path | str | None = None) -> dict[str, str]:
    """Theme id -> English label, in the codebook's order: the vocabulary `theme` of data/vocab/terms.csv."""
    terms = load_vocab(folder).terms
    themes = terms[terms["vocabulary"] == "theme"]
    return {str(term): str(label) for term, label in zip(themes["term"], themes["label_en"], strict=True)}


def load_themes(folder: Path | str | None = None) -> pd.DataFrame:
    """The theme lexicon (data/text/themes.csv): row, term, theme, note; raise DataError on a bad row."""
    path = Path(folder or data_dir()) / "text" / THEMES_FILE
    return read_table(path, schema.THEME_TERMS, {"theme": list(theme_labels(folder))})


def theme_shares(tables: Tables) -> pd.DataFrame:
    """For each report and theme, the share of the report's content tokens that are terms of that theme.

    Content tokens are jieba tokens after the stopwords (and without numbers, units, numeral words and
    single characters: see segment.is_content). A token counts for a theme when it is exactly a term
    of the lexicon. Columns: report, theme, share, tokens (the count on the theme); every report has a
    row for every theme, zeros included. Shares of a report add up to its classified_share.
    """
    lexicon = load_themes(tables.folder).set_index("term")["theme"].astype(str)
    themes = list(theme_labels(tables.folder))
    rows = []
    for rid, tokens in report_tokens(tables).items():
        counts = collections.Counter(lexicon.get(t) for t in tokens)
        for theme in themes:
            rows.append((rid, theme, counts[theme] / len(tokens), counts[theme]))
    frame = pd.DataFrame(rows, columns=["report", "theme", "share", "tokens"])
    frame["report"] = pd.Categorical(frame["report"], categories=views.place_order(tables))
    frame["theme"] = pd.Categorical(frame["theme"], categories=themes)
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

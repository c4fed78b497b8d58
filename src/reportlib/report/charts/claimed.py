"""A chart's title and subtitle, taken from the claim records (reportlib.analysis.claims) by where they appear.

A title states a finding only where a claim passes the rules; its footnote (what differs, a judgement
call) is added to the subtitle so that it travels with the chart onto a slide.
"""

from __future__ import annotations

from reportlib.analysis import claims
from reportlib.curation.load import Tables


# Which part of the claims holds each notebook's charts (the chart names start with the notebook number).
PARTS = {"01": "sources", "02": "investment", "03": "growth", "04": "projects"}


def chart_text(tables: Tables, name: str) -> tuple[str, str]:
    """(title, subtitle) of a registry chart from its claims."""
    made = claims.build(tables, PARTS.get(name[:2]))
    title = claims.one(made, f"chart:{name}:title")
    subtitle = claims.one(made, f"chart:{name}:subtitle")
    extra = [note for note in (subtitle.footnote, title.footnote) if note and note not in subtitle.text]
    return title.text, " ".join([subtitle.text, *extra])

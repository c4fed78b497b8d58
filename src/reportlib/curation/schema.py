"""What each curated table must look like: its columns, their types and vocabularies.

Written as data so that the loader, the codebook test and the error messages share one source.
A hand-written schema rather than pandera: pandera's import alone costs ~0.3 s, 70% of pandas'
own import, and every notebook and the check pay it (see bench/).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A column: its type ('text', 'number', 'vocab', 'period', 'report', 'ref', 'colour'), whether it may be empty,
    and for 'vocab' the vocabulary it draws from; for 'ref' the table it points into."""

    name: str
    type: str = "text"
    required: bool = True
    vocab: str | None = None
    unique: bool = False


def _id(unique: bool = True) -> Column:
    return Column("id", unique=unique)


REPORTS = (
    _id(),
    Column("name_zh"),
    Column("name_en"),
    Column("level", "vocab", vocab="level"),
    Column("parent_district_zh", required=False),
    Column("parent_district_en", required=False),
    Column("city_zh"),
    Column("city_en"),
    Column("newspaper", required=False),
    Column("byline", required=False),
    Column("document"),
    Column("published", required=False),
    Column("reviews", "period", required=False),
    Column("plans", "period", required=False),
    Column("plans_basis", "vocab", required=False, vocab="period_basis"),
    Column("raw_file"),
    Column("source"),
    Column("sha256"),
    Column("colour", "colour", required=False),
    Column("note", required=False),
)

FIGURES = (
    _id(),
    Column("report", "report"),
    Column("metric", "vocab", vocab="metric"),
    Column("subject_zh"),
    Column("subject_en"),
    Column("mention"),
    Column("value", "number", required=False),
    Column("unit", "vocab", required=False, vocab="unit"),
    Column("bound", "vocab", vocab="bound"),
    Column("value_norm", "number", required=False),
    Column("unit_norm", "vocab", required=False, vocab="unit_norm"),
    Column("period", "period"),
    Column("period_basis", "vocab", vocab="period_basis"),
    Column("kind", "vocab", vocab="kind"),
    Column("stage", "vocab", required=False, vocab="stage"),
    Column("listing", "vocab", required=False, vocab="listing"),
    Column("group_figure", "ref", required=False, vocab="figures"),
    Column("quote"),
    Column("note", required=False),
)

PROJECTS = (
    _id(),
    Column("report", "report"),
    Column("name_zh"),
    Column("name_en"),
    Column("stage", "vocab", vocab="stage"),
    Column("sector", "vocab", vocab="sector"),
    Column("group_figure", "ref", required=False, vocab="figures"),
    Column("investment_figure", "ref", required=False, vocab="figures"),
    Column("completion", required=False),
    Column("quote"),
    Column("note", required=False),
)

EXCLUSIONS = (
    _id(),
    Column("report", "report"),
    Column("mention"),
    Column("reason", "vocab", vocab="reason"),
    Column("quote"),
    Column("note", required=False),
)

TABLES = {
    "reports": REPORTS,
    "figures": FIGURES,
    "projects": PROJECTS,
    "exclusions": EXCLUSIONS,
}

# The vocabularies are tables too, read and checked the same way.
METRICS = (
    Column("metric", unique=True),
    Column("family"),
    Column("dimensions"),
    Column("label_en"),
    Column("label_zh"),
    Column("definition"),
)
UNITS = (
    Column("unit", unique=True),
    Column("unit_norm"),
    Column("factor", "number"),
    Column("dimension"),
    Column("definition"),
)
TERMS = (
    Column("vocabulary"),
    Column("term"),
    Column("label_en"),
    Column("label_zh"),
    Column("definition", required=False),
)

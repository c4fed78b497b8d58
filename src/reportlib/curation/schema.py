"""What each curated table must look like: its columns, their types, meanings, vocabularies and keys.

The one description of the tables: the loader validates against it, the codebook's column tables
(data/README.md) and the Frictionless descriptor (data/datapackage.json) are generated from it
(reportlib.curation.datapackage), and error messages name its columns.
A hand-written schema rather than pandera: pandera's import alone costs ~0.3 s, 70% of pandas'
own import, and every notebook and the check pay it (see bench/).
"""

from __future__ import annotations

from dataclasses import dataclass

# Column types: what a cell holds, and how the loader and the Frictionless descriptor read it.
TYPES = {
    "text": "text",
    "number": "number",
    "vocab": "a word of a vocabulary",
    "period": "a period code",
    "report": "a report id of reports.csv",
    "ref": "an id of another row",
    "colour": "a colour as #RRGGBB",
}


@dataclass(frozen=True)
class Column:
    """A column: its type (one of TYPES), whether it may be empty, for 'vocab' the vocabulary it
    draws from and for 'ref' the table it points into, whether its values are unique, and what it
    means (the codebook's definition)."""

    name: str
    type: str = "text"
    required: bool = True
    vocab: str | None = None
    unique: bool = False
    description: str = ""


@dataclass(frozen=True)
class Table:
    """A table of data/: its name, its path under data/, what one row is, its columns and primary key."""

    name: str
    path: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]


def _id(what: str) -> Column:
    return Column("id", unique=True, description=what)


REPORTS = (
    _id("the report id used everywhere (file names, figure ids, chart keys)"),
    Column("name_zh", unique=True, description="the place's official name in Chinese; one place, one report"),
    Column("name_en", unique=True, description="the place's official name in English; one place, one report"),
    Column("level", "vocab", vocab="level",
           description="`district` or `subdistrict`: a district's totals are not comparable with a subdistrict's"),
    Column("parent_district_zh", required=False,
           description="the district (or functional zone) a subdistrict belongs to, in Chinese; empty for a district"),
    Column("parent_district_en", required=False, description="the same in English"),
    Column("city_zh", description="the prefecture-level city, in Chinese"),
    Column("city_en", description="the prefecture-level city, in English"),
    Column("newspaper", required=False,
           description="the newspaper, where the text names it (in a copyright notice, say); empty otherwise"),
    Column("byline", required=False, description="the correspondents or reporter as printed (通讯员 …, … 济南报道)"),
    Column("document", description="what the text is, in English"),
    Column("published", required=False, description="publication date where the text gives it; empty otherwise"),
    Column("reviews", "period", required=False,
           description="the period the report looks back on (a period code, see Periods under Conventions); "
                       "empty for a pure plan"),
    Column("plans", "period", required=False, description="the year the report plans for; empty for a pure review"),
    Column("plans_basis", "vocab", required=False, vocab="period_basis",
           description="`stated` or `inferred`: whether the plan year is written in the text"),
    Column("raw_file", description="the file under `raw/`"),
    Column("source", description="the original publication as far as the text shows it: newspaper (or that the text "
                                 "names none), byline, date (or `undated`) and headline in 《》"),
    Column("sha256", description="SHA-256 of the raw file: the check fails if a text changes under its curated rows"),
    Column("colour", "colour", required=False,
           description="optional: the place's colour in every chart, as `#RRGGBB`. Left empty, the place takes the "
                       "first colour of `vocab/palette.csv` (colour-blind-safe: Okabe & Ito, then Paul Tol's muted "
                       "scheme) that no place before it has, so a place keeps its colour when reports are added after it"),
    Column("note", required=False, description="judgement calls about the report as a whole"),
)

FIGURES = (
    _id("stable id, `<report>-fNN`, in order of the text"),
    Column("report", "report", description="the report the figure is from"),
    Column("metric", "vocab", vocab="metric", description="what is measured, from `vocab/metrics.csv`"),
    Column("subject_zh", description="the thing measured, in the report's words (重点项目, 一般公共预算收入)"),
    Column("subject_en", description="an English label for it"),
    Column("mention", description="the quantity exactly as written (`87亿元`, `60余个`, `1.74万人以上`, `超3亿元`, "
                                  "`5.6%`, `1/5以上`, `正增长`); it must occur exactly once in `quote`"),
    Column("value", "number", required=False,
           description="the number as written (`1.74` for 1.74万人); empty only for qualitative growth (`正增长`)"),
    Column("unit", "vocab", required=False, vocab="unit",
           description="the unit as written, multiplier included (`万人`, `亿元`, `%`), from `vocab/units.csv`"),
    Column("bound", "vocab", vocab="bound", description="`exact`, `at_least`, `about` or `positive`"),
    Column("value_norm", "number", required=False,
           description="the value in the standard unit: `value × factor` of the unit; negative for a decline "
                       "(下降, 减少)"),
    Column("unit_norm", "vocab", required=False, vocab="unit_norm",
           description="the standard unit: money in 亿元 (100 million yuan), US dollars kept in 美元, people in 人, "
                       "areas in m² and 亩 kept apart"),
    Column("period", "period",
           description="the period the number refers to (a period code, see Periods under Conventions)"),
    Column("period_basis", "vocab", vocab="period_basis",
           description="`stated` if the sentence names the period, `inferred` if it follows from the report's "
                       "framing (the note says how)"),
    Column("kind", "vocab", vocab="kind", description="`actual`, `estimate` or `plan`"),
    Column("stage", "vocab", required=False, vocab="stage",
           description="the project life-cycle stage for project-related figures; empty otherwise"),
    Column("listing", "vocab", required=False, vocab="listing",
           description="for project counts whose projects are named: `complete` or `partial`"),
    Column("group_figure", "ref", required=False, vocab="figures",
           description="for an amount that describes a counted group of projects (总投资 of \"…等14个项目\"), the id "
                       "of that `project_count` figure; the notebooks divide the one by the other"),
    Column("quote", description="a verbatim passage of the report containing the mention and making its meaning "
                                "clear; it must occur exactly once in the report"),
    Column("note", required=False, description="judgement calls: OCR slips, how a period was inferred, where a bound "
                                               "comes from, what a group contains"),
)

PROJECTS = (
    _id("stable id, `<report>-pNN`"),
    Column("report", "report", description="the report naming the project"),
    Column("name_zh", description="the project's name as written in the quote (OCR slips kept as written, "
                                  "explained in the note)"),
    Column("name_en", description="an English name"),
    Column("stage", "vocab", vocab="stage", description="life-cycle stage in the report's period"),
    Column("sector", "vocab", vocab="sector", description="the sector of the project"),
    Column("group_figure", "ref", required=False, vocab="figures",
           description="the `project_count` figure whose group names this project, if any"),
    Column("investment_figure", "ref", required=False, vocab="figures",
           description="the `total_investment` figure that gives this project's own investment, if any"),
    Column("completion", required=False,
           description="the completion date the text gives (`2026-H1`, `2026-12`, `2027-12`), if any"),
    Column("quote", description="a verbatim passage naming the project"),
    Column("note", required=False, description="judgement calls"),
)

EXCLUSIONS = (
    _id("stable id, `<report>-xNN`"),
    Column("report", "report", description="the report the number is in"),
    Column("mention", description="the number as written (`2024年1—11月`, `1312`, `D9`, `两个`, `四个一批`); it must "
                                  "occur exactly once in `quote`, and it claims every number the finder reports that "
                                  "starts inside it"),
    Column("reason", "vocab", vocab="reason", description="why it is not a figure"),
    Column("quote", description="a short verbatim passage containing it, occurring once in the report"),
    Column("note", required=False, description="for a `repeat`, the figure it repeats; anything else a reader needs"),
)

# The vocabularies are tables too, read and checked the same way.
METRICS = (
    Column("metric", unique=True, description="the metric id that `figures.csv` uses"),
    Column("family", description="the group of metrics a notebook shows together"),
    Column("dimensions", description="the unit dimensions the metric accepts, separated by spaces"),
    Column("label_en", description="the label in English"),
    Column("label_zh", description="the label in Chinese"),
    Column("definition", description="what the metric counts, with the report's words for it"),
)
UNITS = (
    Column("unit", unique=True, description="the unit as written in the reports, multiplier included"),
    Column("unit_norm", description="the standard unit it converts to"),
    Column("factor", "number", description="`value_norm = value × factor`"),
    Column("dimension", description="what the unit measures; a metric accepts only its dimensions"),
    Column("definition", description="the unit in English"),
)
TERMS = (
    Column("vocabulary", description="the vocabulary the word belongs to, as a column names it in the codebook "
                                      "(`stage`, `period_basis`)"),
    Column("term", description="the word the tables use; unique within its vocabulary"),
    Column("label_en", description="the label in English"),
    Column("label_zh", description="the label in Chinese"),
    Column("definition", required=False, description="what the word means"),
)

# The theme lexicon of the text analysis.
THEME_TERMS = (
    Column("term", unique=True, description="a content token exactly as the segmenter produces it. Unique; it must "
           "segment as one token, must not be a stopword, and must occur as a token in at least one report "
           "(checked by `tests/test_text.py`)"),
    Column("theme", "vocab", vocab="theme", description="the theme the term counts for"),
    Column("note", description="the English gloss of the term; after `; `, any remark on a judgement call "
           "(物业 \"property management; services for residents, so livelihood\")"),
)

# Every table of data/ in the order of the codebook: the Frictionless resources, the codebook's column tables.
CURATED = (
    Table("reports", "reports.csv", "One row per report", REPORTS, ("id",)),
    Table("figures", "figures.csv", "One row per quantitative figure of the reports, with its verbatim quote",
          FIGURES, ("id",)),
    Table("projects", "projects.csv", "One row per project the reports name", PROJECTS, ("id",)),
    Table("exclusions", "exclusions.csv", "Every number in the texts that is not a figure, with the reason",
          EXCLUSIONS, ("id",)),
)
VOCABULARIES = (
    Table("metrics", "vocab/metrics.csv", "The metrics a figure can measure", METRICS, ("metric",)),
    Table("units", "vocab/units.csv", "The units a figure can be written in, and their standard units", UNITS,
          ("unit",)),
    Table("terms", "vocab/terms.csv", "The words of the small vocabularies", TERMS, ("vocabulary", "term")),
)
LEXICONS = (
    Table("themes", "text/themes.csv", "The theme lexicon of the text analysis: one row per term", THEME_TERMS,
          ("term",)),
)
RESOURCES = CURATED + VOCABULARIES + LEXICONS

# The curated tables' columns by table name (the loader, the workbook and the codebook test use them).
TABLES = {table.name: table.columns for table in CURATED}

# Vocabulary columns that name a row of a vocabulary table: (vocabulary, table, key column).
VOCAB_TABLES = {"metric": ("metrics", "metric"), "unit": ("units", "unit")}

"""Add a report as data: `python -m reportlib add-report TEXT --id ID --name-zh … --name-en … --level …`.

It copies the text byte for byte to data/raw/ID.txt, writes the reports.csv row with the file's
SHA-256, adds the place's names to the stopwords and the project dictionary, and writes
data/drafts/ID.csv: one candidate row per number the finder reports, with what the parser and the
suggestions make of it, for the curator to review and move into figures.csv and exclusions.csv.
Nothing is decided for the curator; `python -m reportlib check` then says what is left.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from reportlib.curation.csvfile import read_rows
from reportlib.curation.errors import DataError, Problem
from reportlib.curation.mentions import Mention
from reportlib.curation.paths import data_dir, display_path
from reportlib.curation.verify import DECLINE_WORDS

DRAFTS = "drafts"
STOPWORDS_SECTION = "# Places and bodies that only say whose report it is"
USERDICT_SECTION = "# Places: districts, subdistricts, villages, roads, rivers, estates"
SENTENCE_ENDS = "。！？；\n"
QUOTE_CHARS = 24  # characters each side of a number a draft quote keeps, at most, within its sentence

# Words near a number that say what kind of figure it is and which project stage it belongs to.
KIND_WORDS = (("预计", "estimate"), ("力争", "plan"), ("计划", "plan"), ("目标", "plan"), ("确保", "plan"),
              ("将", "plan"))
STAGE_WORDS = (("新开工", "new_start"), ("开工", "new_start"), ("续建", "continuing"), ("竣工", "completed"),
               ("建成", "completed"), ("投产", "completed"), ("在建", "under_construction"), ("签约", "signed"),
               ("招引", "attracted"), ("引进", "attracted"), ("谋划", "reserve"), ("储备", "reserve"), ("策划", "reserve"))
PROJECT_METRICS = {"project_count", "total_investment", "special_bond_funding", "investment_threshold"}

DRAFT_COLUMNS = ("table", "id", "report", "mention", "value", "unit", "bound", "value_norm", "unit_norm",
                 "period", "period_basis", "kind", "stage", "metric", "reason", "why", "quote", "offset")


@dataclass(frozen=True)
class NewReport:
    """What the curator says about the report; the rest of its reports.csv row is filled in from the text."""

    text: Path
    id: str
    name_zh: str
    name_en: str
    level: str
    city_zh: str
    city_en: str
    parent_district_zh: str = ""
    parent_district_en: str = ""
    document: str = "Work report"
    newspaper: str = ""
    byline: str = ""
    published: str = ""
    reviews: str = ""
    plans: str = ""
    plans_basis: str = ""
    source: str = ""
    note: str = ""


def add_report(new: NewReport, folder: Path | None = None) -> Path:
    """Add the report to the data folder and return the path of its draft file; DataError if it cannot be added.

    Every input is checked before anything is written, so a refused report leaves no trace.
    """
    folder = Path(folder or data_dir())
    data = _checked(new, folder)
    raw = folder / "raw" / f"{new.id}.txt"
    edited = [folder / "reports.csv", folder / "text" / "stopwords.txt", folder / "text" / "userdict.txt"]
    before = {path: path.read_bytes() for path in edited}
    try:
        raw.write_bytes(data)
        _append_report_row(folder / "reports.csv", new, hashlib.sha256(data).hexdigest())
        names = list(dict.fromkeys(n for n in (new.name_zh, short_name(new.name_zh, _level_words(folder))) if n))
        _add_to_section(folder / "text" / "stopwords.txt", STOPWORDS_SECTION, names)
        _add_to_section(folder / "text" / "userdict.txt", USERDICT_SECTION, [f"{n} ns" for n in names])
        return write_draft(new.id, folder)
    except BaseException:  # all or nothing: a report is never half added
        for path, content in before.items():
            path.write_bytes(content)
        raw.unlink(missing_ok=True)
        raise


def short_name(name_zh: str, level_words: list[str]) -> str:
    """The place's name without its level word (甲地街道 → 甲地; the level vocabulary's Chinese labels), or ''
    when too short to stand alone."""
    for suffix in sorted(level_words, key=len, reverse=True):
        if name_zh.endswith(suffix) and len(name_zh) - len(suffix) >= 2:
            return name_zh[: -len(suffix)]
    return ""


def _level_words(folder: Path) -> list[str]:
    """The Chinese level words (街道, 区, …) of the level vocabulary."""
    from reportlib.curation.load import load_vocab

    terms = load_vocab(folder).terms
    return terms.loc[terms["vocabulary"] == "level", "label_zh"].astype(str).tolist()


def _checked(new: NewReport, folder: Path) -> bytes:
    """The text's bytes, once every input is known to be good; DataError naming each problem otherwise."""
    from reportlib.curation.load import load_reports, load_vocab

    problems = []
    where = display_path(folder / "reports.csv")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", new.id):
        problems.append(Problem(where, "a report id is lower-case letters, digits and _ (it names files and figure ids)",
                                column="id", value=new.id))
    vocab = load_vocab(folder)
    reports = load_reports(folder, vocab)
    if new.id in set(reports["id"].astype(str)):
        problems.append(Problem(where, "a report with this id exists already", column="id", value=new.id))
    if (folder / "raw" / f"{new.id}.txt").exists():
        problems.append(Problem(display_path(folder / "raw" / f"{new.id}.txt"), "exists already: choose another id"))
    levels = vocab.words("level")
    if new.level not in levels:
        problems.append(Problem(where, f"unknown level (known: {', '.join(levels)})", column="level", value=new.level))
    if new.plans_basis and new.plans_basis not in vocab.words("period_basis"):
        problems.append(Problem(where, "plans_basis is stated or inferred", column="plans_basis", value=new.plans_basis))
    for column in ("name_zh", "name_en", "city_zh", "city_en"):
        if not getattr(new, column).strip():
            problems.append(Problem(where, "missing value", column=column))
    if not Path(new.text).is_file():
        problems.append(Problem(str(new.text), "text file not found"))
    if problems:
        raise DataError(problems)
    data = Path(new.text).read_bytes()
    text = _decoded(Path(new.text), data)
    if data.startswith(b"\xef\xbb\xbf"):
        raise DataError([Problem(str(new.text), "starts with a byte-order mark: save it as UTF-8 without BOM")])
    if not any(name and name in text for name in (new.name_zh, short_name(new.name_zh, _level_words(folder)))):
        raise DataError([Problem(str(new.text), "the text does not name the place: is it the right file?", value=new.name_zh)])
    return data


def _decoded(path: Path, data: bytes) -> str:
    """The text as UTF-8, or a DataError that says how to convert a GBK file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        try:
            data.decode("gb18030")
            fix = f" It decodes as GBK/GB18030: convert it first (iconv -f GB18030 -t UTF-8 '{path}' > report.txt)."
        except UnicodeDecodeError:
            fix = ""
        raise DataError([Problem(str(path), f"not UTF-8 (first bad byte at offset {err.start}).{fix}")]) from None


def _append_report_row(path: Path, new: NewReport, sha256: str) -> None:
    header, _ = read_rows(path)
    values = {**{c: getattr(new, c, "") for c in header}, "raw_file": f"{new.id}.txt",
              "source": new.source or Path(new.text).name, "sha256": sha256}
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([values.get(c, "") for c in header])
    existing = path.read_text(encoding="utf-8")
    path.write_text(existing + ("" if existing.endswith("\n") else "\n") + buffer.getvalue(), encoding="utf-8")


def _add_to_section(path: Path, section: str, lines: list[str]) -> None:
    """Add lines at the end of a commented section of a word list (or at the end of the file), skipping
    words already listed."""
    text = path.read_text(encoding="utf-8")
    rows = text.split("\n")
    listed = {row.split(" ")[0] for row in rows if row and not row.startswith("#")}
    new = [line for line in lines if line.split(" ")[0] not in listed]
    if not new:
        return
    if section in rows:
        end = rows.index(section) + 1
        while end < len(rows) and rows[end].strip() and not rows[end].startswith("#"):
            end += 1
        rows[end:end] = new
    else:
        rows[len(rows) - (1 if rows[-1] == "" else 0):] = new + ([""] if rows[-1] == "" else [])
    path.write_text("\n".join(rows), encoding="utf-8")


# --- the draft -------------------------------------------------------------------------------------

def write_draft(report: str, folder: Path | None = None) -> Path:
    """Write data/drafts/REPORT.csv: a candidate row for every number of the report no row claims yet."""
    from reportlib.curation.load import load_all
    from reportlib.curation.verify import check

    folder = Path(folder or data_dir())
    tables = load_all(folder)
    result = check(tables)
    mentions = [m for m in result.unclaimed if m.report == report]
    rows = draft_rows(tables, report, mentions)
    path = folder / DRAFTS / f"{report}.csv"
    path.parent.mkdir(exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=DRAFT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def draft_rows(tables, report: str, mentions: list[Mention]) -> list[dict[str, str]]:
    """One candidate row per mention: figure or exclusion, the parsed number, the suggestion and a quote."""
    from reportlib.text.suggestions import SUGGEST_WIDTH, learn, curated_contexts, load_metric_words, mention_context, suggest

    text = tables.texts[report]
    words = load_metric_words(tables.folder)
    learned = learn(curated_contexts(tables))
    units = tables.vocab.units.set_index("unit")
    meta = tables.reports.set_index(tables.reports["id"].astype(str)).loc[report]
    rows, counters = [], {"figures": 0, "exclusions": 0}
    for m in mentions:
        before, after = mention_context(text, m, width=SUGGEST_WIDTH, folder=tables.folder)
        suggestion = suggest(before, after, m, words, learned)
        table = "exclusions" if suggestion.reason or m.quantity is None else "figures"
        counters[table] += 1
        quote = draft_quote(text, m)
        row = {"table": table, "id": f"{report}-{'x' if table == 'exclusions' else 'f'}{counters[table]:02d}",
               "report": report, "mention": m.text, "metric": suggestion.metric or "",
               "reason": suggestion.reason or "", "why": suggestion.why, "quote": quote, "offset": str(m.start)}
        if table == "figures":
            row.update(_figure_fields(m, quote, meta, units, suggestion.metric))
        rows.append(row)
    return rows


def _figure_fields(m: Mention, quote: str, meta, units, metric: str | None) -> dict[str, str]:
    """The parsed number and the guesses for period, kind and stage of a candidate figure."""
    q = m.quantity
    fields = {"value": "" if q.value is None else f"{q.value:g}", "unit": q.unit, "bound": q.bound}
    before = quote.split(m.text)[0]
    if q.value is not None and q.unit in units.index:
        sign = -1 if before.endswith(DECLINE_WORDS) else 1
        fields["value_norm"] = f"{sign * q.value * units.at[q.unit, 'factor']:g}"
        fields["unit_norm"] = units.at[q.unit, "unit_norm"]
    kind = next((k for word, k in KIND_WORDS if word in before), None)
    plans, reviews = _cell(meta.get("plans")), _cell(meta.get("reviews"))
    if kind is None:
        kind = "plan" if plans and not reviews else "actual"
    period = plans if kind == "plan" and plans else reviews or plans
    fields.update(kind=kind, period=period, period_basis="inferred" if period else "")
    if metric in PROJECT_METRICS:
        fields["stage"] = _nearest_word(quote, quote.find(m.text), STAGE_WORDS)
    return fields


def _nearest_word(quote: str, at: int, table: tuple[tuple[str, str], ...]) -> str:
    """The meaning of the word of `table` nearest to offset `at` of the quote ('' when none occurs)."""
    found = [(abs(i - at), -len(word), meaning) for word, meaning in table
             for i in (j.start() for j in re.finditer(re.escape(word), quote))]
    return min(found)[2] if found else ""


def _cell(value) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)


def draft_quote(text: str, m: Mention) -> str:
    """A window of the mention's sentence that occurs once in the text and holds the mention once:
    QUOTE_CHARS characters each side if that will do, wider if the window repeats, narrower if the
    mention repeats inside it."""
    from reportlib.curation.textmatch import LayoutText, occurrences_in

    layout = LayoutText.of(text)
    start = max(text.rfind(ch, 0, m.start) for ch in SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(ch, m.end) for ch in SENTENCE_ENDS) if i >= 0]
    end = min(ends) if ends else len(text)
    whole = max(m.start - start, end - m.end)  # beyond this width the window is the whole sentence
    widths = [w for w in range(QUOTE_CHARS, whole + QUOTE_CHARS, QUOTE_CHARS)] + [12, 8, 6, 4, 2]
    for width in widths:
        lo, hi = max(start, m.start - width), min(end, m.end + width)
        quote = _one_line(text[lo:hi])
        if len(layout.occurrences(quote)) == 1 and len(occurrences_in(quote, m.text)) == 1:
            return quote
    return _one_line(text[start:end])


def _one_line(passage: str) -> str:
    """A passage without the line breaks of the page layout (the check ignores whitespace in quotes)."""
    return re.sub(r"\s*\n\s*", "", passage).strip()

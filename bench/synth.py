"""Synthetic corpora for the scaling benchmark: N reports made from the five real ones.

Report k is real report (k mod 5) with its paragraphs shuffled by a seeded RNG. A "paragraph" is
the text between two line breaks, but the text is cut only at line breaks that no curated quote
and no number mention spans (some quotes run across a layout line break: "投资\\n\\n110万元"), so
every chunk keeps its quotes and numbers whole, and each chunk is kept exactly once: every curated
quote still occurs exactly once. The curated rows of the real report are copied with new report
and row ids (references between rows follow), the reports table gets one row per synthetic report
with its sha256 recomputed, and the vocabularies and text lexicons are copied unchanged. The
layout is that of data/: raw/, reports.csv, figures.csv, projects.csv, exclusions.csv, vocab/.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from reportlib.curation import places
from reportlib.curation.load import load_all
from reportlib.curation.mentions import find_mentions
from reportlib.curation.textmatch import LayoutText, squeeze

CURATED = ("figures", "projects", "exclusions")
REFERENCE_COLUMNS = ("group_figure", "investment_figure")  # ids of figures of the same report
BREAK = re.compile(r"[^\S\n]*\n\s*")  # a whitespace run holding at least one line break


@dataclass(frozen=True)
class Template:
    """One real report cut into shuffleable chunks, with the separators between them."""

    report: str
    lead: str  # whitespace before the first chunk
    chunks: tuple[str, ...]
    separators: tuple[str, ...]  # separators[i] stands between chunk i and chunk i+1
    tail: str  # whitespace after the last chunk
    breaks: int  # line-break runs in the text
    protected: int  # of which spanned by a quote or a mention, so not cut

    def text(self, order: list[int]) -> str:
        parts = [self.lead]
        for position, index in enumerate(order):
            parts.append(self.chunks[index])
            if position < len(self.separators):
                parts.append(self.separators[position])
        parts.append(self.tail)
        return "".join(parts)


def _protected_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Raw spans that must not be cut: every occurrence of every quote, every finder mention."""
    layout = LayoutText.of(text)
    spans = []
    for quote in quotes:
        length = len(squeeze(quote))
        for start in layout.occurrences(quote):
            spans.append(layout.raw_span(start, length))
    spans += [(m.start, m.end) for m in find_mentions("", text)]
    return spans


def make_template(report: str, text: str, quotes: list[str]) -> Template:
    """Cut a report at the line breaks that no quote or mention spans."""
    spans = _protected_spans(text, quotes)
    runs = [m.span() for m in BREAK.finditer(text)]
    stripped_start = len(text) - len(text.lstrip())
    stripped_end = len(text.rstrip())
    free = [(a, b) for a, b in runs
            if stripped_start < a and b < stripped_end and not any(s < b and a < e for s, e in spans)]
    protected = sum(1 for a, b in runs if stripped_start < a and b < stripped_end) - len(free)
    chunks, separators, previous = [], [], stripped_start
    for a, b in free:
        chunks.append(text[previous:a])
        separators.append(text[a:b])
        previous = b
    chunks.append(text[previous:stripped_end])
    return Template(report, text[:stripped_start], tuple(chunks), tuple(separators), text[stripped_end:],
                    len(runs), protected)


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def synthetic_id(k: int) -> str:
    return f"s{k:04d}"


def _renamer(old: str, new: str):
    prefix = old + "-"

    def rename(row_id: str) -> str:
        if not row_id.startswith(prefix):
            raise ValueError(f"row id {row_id!r} does not start with {prefix!r}: cannot rename it for a copy")
        return new + "-" + row_id[len(prefix):]

    return rename


@dataclass(frozen=True)
class Corpus:
    folder: Path
    reports: int
    rows: dict[str, int]
    chunks_per_report: dict[str, int]
    protected_breaks: dict[str, int]


def _copy_judgement_calls(source: Path, target: Path, report_ids: list[str], n: int) -> None:
    """The judgement calls follow their figures into every copy (ids made unique per copy)."""
    path = source / "judgement_calls.csv"
    if not path.is_file():
        return
    header, calls = _read(path)
    copies = []
    for k in range(n):
        old, new = report_ids[k % len(report_ids)], synthetic_id(k)
        rename = _renamer(old, new)
        copies += [dict(row, id=f"{row['id']}_{k}", figure=rename(row["figure"]))
                   for row in calls if row["figure"].startswith(old + "-")]
    _write(target / "judgement_calls.csv", header, copies)


def numbered_zh(name: str, k: int, level_words: list[str]) -> str:
    """A copy's Chinese name, unique as the check requires: the number before the level word ('甲地3街道')."""
    word = next((w for w in sorted(level_words, key=len, reverse=True) if w and name.endswith(w)), "")
    return f"{name[:len(name) - len(word)]}{k}{word}"


def generate(source: Path, target: Path, n: int, seed: int = 6) -> Corpus:
    """Write a data folder of `n` synthetic reports made from the real data folder `source`."""
    tables = load_all(source)  # the real data, checked by the loaders
    report_ids = [str(r) for r in tables.reports["id"]]
    headers, rows = {}, {}
    for name in ("reports", *CURATED):
        headers[name], rows[name] = _read(source / f"{name}.csv")
    by_report = {name: {rid: [r for r in rows[name] if r["report"] == rid] for rid in report_ids} for name in CURATED}
    reports_by_id = {r["id"]: r for r in rows["reports"]}
    level_words = list(places.level_terms(tables)["label_zh"])

    templates = {}
    for rid in report_ids:
        quotes = [r["quote"] for name in CURATED for r in by_report[name][rid]]
        templates[rid] = make_template(rid, tables.texts[rid], quotes)
        rebuilt = templates[rid].text(list(range(len(templates[rid].chunks))))
        assert rebuilt == tables.texts[rid], f"cutting {rid} into chunks lost characters"

    if target.exists():
        shutil.rmtree(target)
    (target / "raw").mkdir(parents=True)
    for folder in ("vocab", "text"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    if (source / "README.md").is_file():  # the codebook: the check holds the vocabularies to it
        shutil.copy2(source / "README.md", target / "README.md")

    rng = random.Random(seed)
    out = {name: [] for name in ("reports", *CURATED)}
    for k in range(n):
        old = report_ids[k % len(report_ids)]
        new = synthetic_id(k)
        template = templates[old]
        order = list(range(len(template.chunks)))
        rng.shuffle(order)
        data = template.text(order).encode("utf-8")
        (target / "raw" / f"{new}.txt").write_bytes(data)
        report_row = dict(reports_by_id[old])
        report_row.update(id=new, raw_file=f"{new}.txt", sha256=hashlib.sha256(data).hexdigest(),
                          name_en=f"{report_row['name_en']} (synthetic {k})",
                          name_zh=numbered_zh(report_row["name_zh"], k, level_words))
        if "colour" in report_row:
            report_row["colour"] = ""  # a copy is another place: it takes the next free colour of the palette
        out["reports"].append(report_row)
        rename = _renamer(old, new)
        for name in CURATED:
            for row in by_report[name][old]:
                copy = dict(row, id=rename(row["id"]), report=new)
                for column in REFERENCE_COLUMNS:
                    if copy.get(column):
                        copy[column] = rename(copy[column])
                out[name].append(copy)
    for name, table in out.items():
        _write(target / f"{name}.csv", headers[name], table)
    _copy_judgement_calls(source, target, report_ids, n)
    return Corpus(target, n, {name: len(out[name]) for name in CURATED},
                  {rid: len(t.chunks) for rid, t in templates.items()},
                  {rid: t.protected for rid, t in templates.items()})


def quote_audit(source: Path) -> dict[str, dict[str, int]]:
    """Per report: line-break runs, how many a quote or mention spans (not cut), chunks, and quotes that
    span a line break (the reason for cutting only at free boundaries)."""
    tables = load_all(source)
    audit = {}
    for rid, text in tables.texts.items():
        quotes = [str(q) for name in CURATED for q in getattr(tables, name).loc[
            getattr(tables, name)["report"].astype(str) == rid, "quote"]]
        template = make_template(rid, text, quotes)
        layout = LayoutText.of(text)
        spanning = 0
        for quote in dict.fromkeys(quotes):
            for start in layout.occurrences(quote):
                a, b = layout.raw_span(start, len(squeeze(quote)))
                spanning += "\n" in text[a:b]
        audit[rid] = {"line_break_runs": template.breaks, "protected_runs": template.protected,
                      "chunks": len(template.chunks), "quotes_spanning_a_line_break": spanning}
    return audit

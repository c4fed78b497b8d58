"""Loaders: the curated tables and raw texts as typed pandas DataFrames, or a DataError.

Every loader validates before it returns, so a caller never holds a half-checked table:
vocabulary columns come back as categoricals, numbers as nullable floats, periods as an
ordered categorical that sorts by time.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

import pandas as pd

from reportlib.curation import schema
from reportlib.curation.cells import cell_problem, text_problem
from reportlib.curation.csvfile import decode_utf8, header_problems, read_bytes, read_rows
from reportlib.curation.errors import DataError, Problem
from reportlib.curation.paths import data_dir, display_path
from reportlib.curation.periods import parse_period

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class Vocabulary:
    """The controlled words of the project: metrics, units and the small term lists."""

    metrics: pd.DataFrame
    units: pd.DataFrame
    terms: pd.DataFrame

    def words(self, name: str) -> list[str]:
        """The allowed words of one vocabulary, in the order the codebook lists them."""
        if name == "metric":
            return list(self.metrics["metric"])
        if name == "unit":
            return list(self.units["unit"])
        if name == "unit_norm":
            return list(dict.fromkeys(self.units["unit_norm"]))
        words = list(self.terms.loc[self.terms["vocabulary"] == name, "term"])
        if not words:
            raise KeyError(f"no vocabulary named {name!r}")
        return words


def _folder(folder: Path | str | None) -> Path:
    return Path(folder) if folder is not None else data_dir()


def _convert_cell(column: schema.Column, raw: str, allowed: dict[str, list[str]],
                  allowed_sets: dict[str, set[str]]) -> tuple[object, str | None]:
    """Return (typed value, problem text or None) for one cell."""
    unfit = cell_problem(raw)
    if unfit:
        return None, unfit
    value = raw.strip()
    if value == "":
        return (None, "missing value") if column.required else (None, None)
    if column.type == "number":
        try:
            number = float(value)
        except ValueError:
            return None, "not a number"
        if not math.isfinite(number):
            return None, "not a finite number"
        return number, None
    if column.type in ("vocab", "report"):
        words = allowed[column.name]
        if value not in allowed_sets[column.name]:
            what = "report id" if column.type == "report" else f"{column.vocab} word"
            known = ", ".join(words[:12]) + (", …" if len(words) > 12 else "")
            close = get_close_matches(value, words, n=1, cutoff=0.6)
            nearest = f"; did you mean {close[0]!r}?" if close else ""
            return None, f"unknown {what}{nearest} (known: {known})"
        return value, None
    if column.type == "colour" and not _COLOUR.fullmatch(value):
        return None, "not a colour: write it as #RRGGBB (e.g. #0072B2)"
    if column.type == "period":
        try:
            parse_period(value)
        except ValueError as err:
            return None, str(err)
    return value, None


def read_table(path: Path, columns: tuple[schema.Column, ...], allowed: dict[str, list[str]]) -> pd.DataFrame:
    """Read and validate one table; raise DataError listing every problem with file, row and column."""
    name = display_path(path)
    header, rows = read_rows(path)
    return validate_rows(name, header, rows, columns, allowed)


def validate_rows(name: str, header: list[str], rows: list[tuple[int, list[str]]],
                  columns: tuple[schema.Column, ...], allowed: dict[str, list[str]]) -> pd.DataFrame:
    """Check a header and its rows (from a CSV or a workbook sheet) against the schema; the typed frame or DataError."""
    problems = header_problems(name, header)
    if problems:
        raise DataError(problems)
    expected = [c.name for c in columns]
    problems = [Problem(name, "missing column", row=1, column=c) for c in expected if c not in header]
    problems += [Problem(name, f"unexpected column (expected: {', '.join(expected)})", row=1, column=c)
                 for c in header if c not in expected]
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([Problem(name, "no data rows under the header")])

    position = {c: header.index(c) for c in expected}
    allowed_sets = {name: set(words) for name, words in allowed.items()}
    data: dict[str, list] = {c: [] for c in expected}
    first_seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        for column in columns:
            raw = row[position[column.name]]
            value, problem = _convert_cell(column, raw, allowed, allowed_sets)
            if problem:
                problems.append(Problem(name, problem, row=number, column=column.name, value=raw))
            if column.unique and value is not None:
                key = (column.name, value)
                if key in first_seen:
                    problems.append(Problem(name, f"duplicate {column.name} (first at row {first_seen[key]})",
                                            row=number, column=column.name, value=value))
                first_seen.setdefault(key, number)
            data[column.name].append(value)
    if problems:
        raise DataError(problems)

    frame = pd.DataFrame({"row": [n for n, _ in rows]})
    for column in columns:
        values = data[column.name]
        if column.type == "number":
            frame[column.name] = pd.array(values, dtype="Float64")
        elif column.type in ("vocab", "report"):
            frame[column.name] = pd.Categorical(values, categories=allowed[column.name])
        else:
            frame[column.name] = pd.array(values, dtype="string")
    return frame


def _vocab_allowed(columns: tuple[schema.Column, ...], vocab: Vocabulary | None, reports: list[str] | None) -> dict:
    allowed = {}
    for column in columns:
        if column.type == "vocab":
            allowed[column.name] = vocab.words(column.vocab)
        elif column.type == "report":
            allowed[column.name] = reports
    return allowed


def load_vocab(folder: Path | str | None = None) -> Vocabulary:
    """The controlled vocabularies in data/vocab/."""
    vocab_dir = _folder(folder) / "vocab"
    return Vocabulary(
        metrics=read_table(vocab_dir / "metrics.csv", schema.METRICS, {}),
        units=read_table(vocab_dir / "units.csv", schema.UNITS, {}),
        terms=read_table(vocab_dir / "terms.csv", schema.TERMS, {}),
    )


def load_reports(folder: Path | str | None = None, vocab: Vocabulary | None = None) -> pd.DataFrame:
    """One row per report: place, level, years, newspaper, raw file and its checksum."""
    folder = _folder(folder)
    vocab = vocab or load_vocab(folder)
    table = read_table(folder / "reports.csv", schema.REPORTS, _vocab_allowed(schema.REPORTS, vocab, None))
    table["id"] = pd.Categorical(table["id"].astype(str), categories=list(table["id"]))
    return table


def _load_curated(folder, filename, columns, vocab, reports) -> pd.DataFrame:
    folder = _folder(folder)
    vocab = vocab or load_vocab(folder)
    report_ids = list(reports["id"].astype(str)) if reports is not None else list(load_reports(folder, vocab)["id"].astype(str))
    return read_table(folder / filename, columns, _vocab_allowed(columns, vocab, report_ids))


def load_figures(folder: Path | str | None = None, vocab: Vocabulary | None = None,
                 reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The curated figures, with `period` as an ordered categorical that sorts by time."""
    return _order_periods(_load_curated(folder, "figures.csv", schema.FIGURES, vocab, reports))


def figures_from_rows(name: str, header: list[str], rows: list[tuple[int, list[str]]], vocab: Vocabulary,
                      reports: pd.DataFrame) -> pd.DataFrame:
    """Figures from rows read elsewhere (a workbook sheet), through the very checks of figures.csv."""
    allowed = _vocab_allowed(schema.FIGURES, vocab, list(reports["id"].astype(str)))
    return _order_periods(validate_rows(name, header, rows, schema.FIGURES, allowed))


def _order_periods(figures: pd.DataFrame) -> pd.DataFrame:
    periods = sorted({str(p) for p in figures["period"]}, key=lambda code: parse_period(code).sort_key)
    figures["period"] = pd.Categorical(figures["period"].astype(str), categories=periods, ordered=True)
    return figures


def load_projects(folder: Path | str | None = None, vocab: Vocabulary | None = None,
                  reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The projects the reports name, one row each."""
    return _load_curated(folder, "projects.csv", schema.PROJECTS, vocab, reports)


def load_exclusions(folder: Path | str | None = None, vocab: Vocabulary | None = None,
                    reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The numbers in the texts that are not figures, each with its reason."""
    return _load_curated(folder, "exclusions.csv", schema.EXCLUSIONS, vocab, reports)


# A raw text is a report of some pages; anything this large is the wrong file.
MAX_RAW_BYTES = 10_000_000
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RawText:
    """A raw report text and the sha256 of its bytes as stored (the checksum covers every byte, BOM included)."""

    text: str
    sha256: str


def _raw_path(folder: Path, raw_file: str) -> tuple[Path, str | None]:
    """The path of a raw_file inside <folder>/raw, or a reason it may not be read (outside the folder)."""
    raw_dir = folder / "raw"
    given = Path(raw_file)
    path = raw_dir / given
    if given.is_absolute() or ".." in given.parts:
        return path, f"must name a file inside {display_path(raw_dir)}/ (no absolute path, no ..)"
    try:
        inside = path.resolve().is_relative_to(raw_dir.resolve())
    except OSError:
        inside = False
    if not inside:
        return path, f"resolves outside {display_path(raw_dir)}/ (a symbolic link?): copy the text into the folder"
    return path, None


def read_raw(folder: Path | str | None = None, reports: pd.DataFrame | None = None) -> dict[str, RawText]:
    """The raw report texts by report id, exactly as stored, each with the sha256 of its bytes."""
    folder = _folder(folder)
    reports = reports if reports is not None else load_reports(folder)
    reports_file = display_path(folder / "reports.csv")
    texts, problems = {}, []
    for row in reports.itertuples():
        path, outside = _raw_path(folder, row.raw_file)
        if outside:
            problems.append(Problem(reports_file, f"raw_file {outside}", row=row.row, column="raw_file", value=row.raw_file))
            continue
        if not path.is_file():
            problems.append(Problem(reports_file, f"raw file not found: {display_path(path)}",
                                    row=row.row, column="raw_file", value=row.raw_file))
            continue
        try:
            data = read_bytes(path, MAX_RAW_BYTES, "raw report text")
            if data.startswith(BOM):
                raise DataError([Problem(display_path(path), "starts with a byte-order mark (EF BB BF), which the "
                                         "checksum and the offsets would count: save it as UTF-8 without BOM")])
            text = decode_utf8(path, data)
        except DataError as err:
            problems += err.problems
            continue
        unfit = text_problem(text)
        if unfit:
            problems.append(Problem(display_path(path), f"contains {unfit[1]} at offset {unfit[0]}, which the outputs "
                                    "cannot hold: delete it"))
            continue
        texts[str(row.id)] = RawText(text, hashlib.sha256(data).hexdigest())
    if problems:
        raise DataError(problems)
    return texts


def load_texts(folder: Path | str | None = None, reports: pd.DataFrame | None = None) -> dict[str, str]:
    """The raw report texts by report id, exactly as stored (no normalisation)."""
    return {rid: raw.text for rid, raw in read_raw(folder, reports).items()}


@dataclass(frozen=True)
class Tables:
    """Everything in one data folder, loaded and validated table by table."""

    folder: Path
    vocab: Vocabulary
    reports: pd.DataFrame
    figures: pd.DataFrame
    projects: pd.DataFrame
    exclusions: pd.DataFrame
    texts: dict[str, str]
    digests: dict[str, str] = field(default_factory=dict)  # sha256 of each raw file's bytes

    def fingerprint(self) -> str:
        """A digest of everything a result derived from these tables can depend on: every table as it now
        stands in memory (edits included), every text, and the bytes of every file of the data folder (the
        rules, judgement calls, palette and word lists are read when needed). Equal fingerprints give equal
        results, so a cache keyed on it is never stale; it costs milliseconds, a claims build a second."""
        digest = hashlib.sha256()
        frames = (self.vocab.metrics, self.vocab.units, self.vocab.terms, self.reports, self.figures,
                  self.projects, self.exclusions)
        for frame in frames:
            digest.update(repr((list(frame.columns), [str(t) for t in frame.dtypes], frame.shape)).encode())
            # categorize=False: each value hashed as it is, no factorizing of each text column first (2.5 × faster)
            digest.update(pd.util.hash_pandas_object(frame, index=True, categorize=False).to_numpy().tobytes())
        for rid, text in sorted(self.texts.items()):
            digest.update(f"{rid}\0{len(text)}\0".encode() + text.encode("utf-8"))
        folder = Path(self.folder)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(folder)}\0".encode() + path.read_bytes())
        return digest.hexdigest()


def load_all(folder: Path | str | None = None) -> Tables:
    """Load every table of a data folder; problems from all tables are raised together."""
    folder = _folder(folder)
    vocab = load_vocab(folder)
    reports = load_reports(folder, vocab)
    loaded, problems = {}, []
    for key, loader in (("figures", load_figures), ("projects", load_projects), ("exclusions", load_exclusions)):
        try:
            loaded[key] = loader(folder, vocab, reports)
        except DataError as err:
            problems += err.problems
    try:
        raw = read_raw(folder, reports)
    except DataError as err:
        problems += err.problems
    if problems:
        raise DataError(problems)
    return Tables(folder, vocab, reports, loaded["figures"], loaded["projects"], loaded["exclusions"],
                  {rid: r.text for rid, r in raw.items()}, {rid: r.sha256 for rid, r in raw.items()})

"""Which outputs a build may skip: each output's inputs, hashed, recorded in a committed manifest.

An output (a chart's PNG and SVG, figures/README.md, the deck, the workbook, each notebook) is
redone unless the manifest records the same hash of its inputs AND every one of its files still has
the hash recorded when it was made. Its inputs are everything that can change its bytes:

- the data it reads: every file under data/, with the `note` column of the curated tables reduced to
  "empty or not" for the outputs that do not show notes (NOTES_SHOWN_BY says which do; the check
  still sees whether a note is present, which is all it asks of notes);
- the package code (every file of src/reportlib), the CJK font file, and the versions of Python
  and of the libraries that shape the bytes (LIBRARIES);
- for a notebook, its own cells (type and source), and the exported charts (the summary shows them).

The manifest (exports/build-manifest.json) is committed with the outputs, so a fresh clone skips
only what its own files prove current: a missing or unreadable manifest, an edited output, other
library versions or another Python all mean "redo". Nothing here is a time stamp or a path outside
the project, so an unchanged rebuild writes the same manifest, byte for byte.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

MANIFEST_NAME = "build-manifest.json"  # in exports/
FORMAT = 1

# Curated tables whose `note` column is the editor's explanation; which outputs show it.
NOTE_TABLES = ("figures.csv", "projects.csv", "exclusions.csv")
NOTE_COLUMN = "note"
NOTES_SHOWN_BY = frozenset({"workbook"})

LIBRARIES = ("matplotlib", "numpy", "pandas", "pillow", "jieba", "python-pptx", "openpyxl", "lxml", "nbformat",
             "nbclient", "ipykernel", "ipython", "pylopdf-fonts-zh-cn")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str | None:
    """sha256 of a file's bytes, or None if it cannot be read."""
    try:
        return _sha(Path(path).read_bytes())
    except OSError:
        return None


def _notes_reduced(data: bytes) -> bytes:
    """A curated table with each note replaced by "1" (present) or "" (empty): what an output that does
    not show notes can depend on. Unparseable bytes are kept whole (the check reports them)."""
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return data
    if not rows or NOTE_COLUMN not in rows[0]:
        return data
    at = rows[0].index(NOTE_COLUMN)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([("1" if cell.strip() else "") if i == at else cell for i, cell in enumerate(row)])
    return out.getvalue().encode("utf-8")


def data_digest(folder: Path, shows_notes: bool) -> str:
    """One hash of every file under the data folder (names and bytes), notes reduced unless shown."""
    digest = hashlib.sha256()
    folder = Path(folder)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if not shows_notes and name in NOTE_TABLES:
            data = _notes_reduced(data)
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def code_digest(package: Path | None = None) -> str:
    """One hash of every file of the package (Python code, the chart style), caches left out."""
    import reportlib

    package = Path(package or Path(reportlib.__file__).parent)
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in (".pyc", ".pyo")):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(package).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """Python's version and the versions of the libraries that shape the bytes, and the CJK font file."""
    from reportlib.report.fonts import cjk_font_path

    parts = [f"python {sys.version_info.major}.{sys.version_info.minor}"]
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    try:
        parts.append(f"font {file_hash(cjk_font_path())}")
    except (ImportError, OSError):
        parts.append("font absent")
    return _sha("\n".join(parts).encode())


def notebook_cells_digest(path: Path) -> str:
    """A hash of what a notebook runs: its cells' types and sources and its kernel (not its outputs).
    An unreadable notebook hashes its bytes (the run reports it)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = [[c.get("cell_type"), "".join(c.get("source", ""))] for c in nb.get("cells", [])]
        kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
        text = json.dumps([kernel, cells], ensure_ascii=False)
    except (OSError, ValueError, AttributeError, TypeError):
        return file_hash(path) or "missing"
    return _sha(text.encode())


@dataclass
class Inputs:
    """The input hashes shared by every output of one build."""

    data_dir: Path
    code: str = ""
    environment: str = ""
    data: dict = field(default_factory=dict)  # shows_notes -> digest

    @classmethod
    def of(cls, data_dir: Path) -> Inputs:
        return cls(Path(data_dir), code_digest(), environment_digest())

    def data_for(self, output: str) -> str:
        shows = output in NOTES_SHOWN_BY
        if shows not in self.data:
            self.data[shows] = data_digest(self.data_dir, shows)
        return self.data[shows]

    def key(self, output: str, *extra: str) -> str:
        """The hash of everything `output` is made from (plus `extra`: its cells, the charts it shows)."""
        return _sha("\n".join([f"format {FORMAT}", output, self.data_for(output), self.code, self.environment,
                               *extra]).encode())


class Manifest:
    """Output name -> {"inputs": key, "files": {relative path: sha256}}, read from and written to a file."""

    def __init__(self, root: Path, records: dict | None = None):
        self.root = Path(root)
        self.records: dict[str, dict] = records or {}

    @classmethod
    def read(cls, root: Path, path: Path) -> Manifest:
        """The recorded manifest; an empty one if the file is missing or not a manifest (so all is redone)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            records = data["outputs"] if data.get("format") == FORMAT else {}
            if not isinstance(records, dict):
                records = {}
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            records = {}
        return cls(root, records)

    def is_fresh(self, output: str, key: str, files: list[Path]) -> bool:
        """Was `output` made from inputs hashing to `key`, and is each of its files still as made?"""
        record = self.records.get(output)
        if not isinstance(record, dict) or record.get("inputs") != key:
            return False
        recorded = record.get("files")
        if not isinstance(recorded, dict) or set(recorded) != {self._name(f) for f in files}:
            return False
        return all(file_hash(f) == recorded[self._name(f)] for f in files)

    def record(self, output: str, key: str, files: dict[Path, bytes | None]) -> None:
        """Note that `output` was made from `key`: its files' new bytes, or None for a file kept as it is."""
        self.records[output] = {"inputs": key, "files": {
            self._name(path): _sha(data) if data is not None else file_hash(path) for path, data in files.items()}}

    def _name(self, path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def to_bytes(self) -> bytes:
        body = {"format": FORMAT, "about": "what each output was made from; written by `python -m reportlib build`",
                "outputs": {name: self.records[name] for name in sorted(self.records)}}
        return (json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


class Plan:
    """One build's view: which outputs are stale (or all, when forced), and the manifest it will publish."""

    def __init__(self, root: Path, data_dir: Path, manifest_path: Path, force: bool = False):
        self.root = Path(root)
        self.path = Path(manifest_path)
        self.force = force
        self.inputs = Inputs.of(data_dir)
        self.old = Manifest(self.root) if force else Manifest.read(self.root, self.path)
        self.new = Manifest(self.root)

    def stale(self, output: str, files: list[Path], *extra: str) -> bool:
        """Must `output` be made again? If not, it is recorded as kept."""
        key = self.inputs.key(output, *extra)
        if not self.force and self.old.is_fresh(output, key, files):
            self.new.records[output] = self.old.records[output]
            return False
        return True

    def made(self, output: str, files: dict[Path, bytes], *extra: str) -> None:
        """Record that `output` was made now, with these bytes."""
        self.new.record(output, self.inputs.key(output, *extra), files)

    def files_digest(self, prefix: str) -> str:
        """One hash of the recorded files of every output whose name starts with `prefix` (the charts a
        notebook shows), as this build leaves them."""
        records = {name: record["files"] for name, record in self.new.records.items() if name.startswith(prefix)}
        return _sha(json.dumps(records, sort_keys=True).encode())

"""The schema as documents: data/datapackage.json (Frictionless) and the codebook's column tables.

Both are generated from reportlib.curation.schema and the vocabularies, never edited by hand, so the
codebook, the standard descriptor and the loader cannot drift apart. The descriptor follows the
Frictionless Data Package and Table Schema standard: `frictionless validate data/datapackage.json`
checks the curated tables with a tool outside this project, and any Frictionless client can load them
typed, with their keys. Run `python -m reportlib metadata` after changing the schema or a vocabulary.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from reportlib.curation import periods, schema
from reportlib.curation.load import Vocabulary, load_vocab
from reportlib.curation.paths import data_dir

DESCRIPTOR = "datapackage.json"
CODEBOOK = "README.md"

_FIELD_TYPES = {"text": "string", "number": "number", "vocab": "string", "period": "string", "report": "string",
                "ref": "string", "colour": "string"}


def _field(column: schema.Column, table: schema.Table, vocab: Vocabulary) -> dict:
    """One Table Schema field: type, description and constraints (required, unique, enum, pattern)."""
    constraints: dict = {}
    if column.required or column.name in table.primary_key:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    if column.type == "vocab":
        constraints["enum"] = vocab.words(column.vocab)
    if column.type == "period":
        constraints["pattern"] = f"(?:{periods.PATTERN})"
    if column.type == "colour":
        constraints["pattern"] = "#[0-9A-Fa-f]{6}"
    field = {"name": column.name, "type": _FIELD_TYPES[column.type], "description": column.description}
    if constraints:
        field["constraints"] = constraints
    return field


def _reference(column: schema.Column, table: schema.Table) -> dict | None:
    """The row a column points to, as (resource, key field), or None."""
    if column.type == "report":
        target = ("reports", "id")
    elif column.type == "ref":
        target = (column.vocab, "id")
    elif column.type == "vocab" and column.vocab in schema.VOCAB_TABLES:
        target = schema.VOCAB_TABLES[column.vocab]
    else:
        return None
    resource = "" if target[0] == table.name else target[0]  # "" is the table itself in Table Schema
    return {"fields": column.name, "reference": {"resource": resource, "fields": target[1]}}


def _resource(table: schema.Table, vocab: Vocabulary) -> dict:
    table_schema: dict = {
        "fields": [_field(c, table, vocab) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    foreign = [ref for c in table.columns if (ref := _reference(c, table))]
    if foreign:
        table_schema["foreignKeys"] = foreign
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "title": table.title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema,
    }


def descriptor(vocab: Vocabulary) -> dict:
    """The Data Package descriptor of data/, with enum lists taken from the vocabularies as they are now."""
    return {
        "profile": "tabular-data-package",
        "name": "reportlib-data",
        "title": "Curated figures of local-government work reports",
        "description": "Hand-curated, source-verified tables of the work reports in raw/; the codebook is "
                       "README.md. Generated from reportlib.curation.schema by `python -m reportlib metadata`.",
        "resources": [_resource(table, vocab) for table in schema.RESOURCES],
    }


def descriptor_json(vocab: Vocabulary) -> str:
    """The descriptor as the file data/datapackage.json holds it."""
    return json.dumps(descriptor(vocab), ensure_ascii=False, indent=2) + "\n"


# --- the codebook's column tables ---------------------------------------------------------------

def _begin(table: schema.Table) -> str:
    return (f"<!-- BEGIN columns of {table.path}: generated from src/reportlib/curation/schema.py by "
            "`python -m reportlib metadata`; edit the schema, not this table -->")


def _end(table: schema.Table) -> str:
    return f"<!-- END columns of {table.path} -->"


def _type_words(column: schema.Column, table: schema.Table) -> str:
    if column.type == "vocab":
        words = f"vocabulary `{column.vocab}`"
    elif column.type == "ref":
        words = f"an `id` of `{column.vocab}.csv`"
    else:
        words = schema.TYPES[column.type]
    if column.name in table.primary_key:
        words += ", key" if len(table.primary_key) == 1 else ", part of the key"
    elif column.unique:
        words += ", unique"
    if not column.required and column.name not in table.primary_key:
        words += ", optional"
    return words


def column_table(table: schema.Table) -> str:
    """The Markdown table of a table's columns, between its markers."""
    lines = [_begin(table), "", "| column | type | definition |", "|---|---|---|"]
    for column in table.columns:
        definition = column.description.replace("|", "\\|")
        lines.append(f"| `{column.name}` | {_type_words(column, table)} | {definition} |")
    return "\n".join(lines + ["", _end(table)])


def update_codebook(text: str) -> str:
    """The codebook with every table's column table regenerated; ValueError if a table has no markers."""
    for table in schema.RESOURCES:
        found = re.search(re.escape(_begin(table)) + r".*?" + re.escape(_end(table)), text, re.DOTALL)
        if not found:
            raise ValueError(f"{CODEBOOK} has no column table for {table.path}: add the two lines\n"
                             f"{_begin(table)}\n{_end(table)}\nwhere it belongs")
        text = text[:found.start()] + column_table(table) + text[found.end():]
    return text


def write_metadata(folder: Path | str | None = None) -> list[Path]:
    """Regenerate data/datapackage.json and the codebook's column tables; return the files that changed."""
    folder = Path(folder) if folder is not None else data_dir()
    vocab = load_vocab(folder)
    codebook = folder / CODEBOOK
    wanted = {folder / DESCRIPTOR: descriptor_json(vocab),
              codebook: update_codebook(codebook.read_text(encoding="utf-8"))}
    changed = []
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed

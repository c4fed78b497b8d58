"""The documents agree with the code: the codebook names every column and word, conda agrees with pip."""

from __future__ import annotations

import re
import tomllib

from conftest import DATA
from reportlib.curation import schema
from reportlib.curation.load import load_all
from reportlib.curation.paths import PROJECT_ROOT
from reportlib.curation.verify import check_vocabularies

CODEBOOK = (DATA / "README.md").read_text(encoding="utf-8")


def test_codebook_explains_every_column():
    for table, columns in schema.TABLES.items():
        section = CODEBOOK.split(f"(`{table}.csv`)")[1]
        for column in columns:
            assert re.search(rf"\|\s*`{column.name}`", section) or f"`{column.name}`" in section.split("\n## ")[0], (table, column.name)


def test_codebook_explains_every_vocabulary_word():
    # `python -m reportlib check` holds the codebook to the vocabularies (tests/test_verify.py breaks it on purpose)
    assert [str(p) for p in check_vocabularies(load_all())] == []


def _requirement_names(requirements: list[str]) -> dict[str, str]:
    parsed = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", requirement.strip())
        parsed[match[1].lower().replace("_", "-")] = match[2].replace(" ", "")
    return parsed


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _requirement_names(project["dependencies"] + project["optional-dependencies"]["test"])
    text = (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = []
    for line in text.split("dependencies:", 1)[1].splitlines():
        item = re.fullmatch(r"\s+- (?!pip:)([^#]+?)\s*", line)
        if item and item[1] not in ("pip", "-e .") and not re.match(r"python[<>=]", item[1]):
            listed.append(item[1])
    assert _requirement_names(listed) == wanted
    assert re.search(r"- python>=3\.11\b", (PROJECT_ROOT / "environment.yml").read_text()) and project["requires-python"] == ">=3.11"

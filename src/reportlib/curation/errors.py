"""Errors a person can act on: the file, the row, the column, what is wrong and the value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file. `row` is the spreadsheet row (the header is row 1)."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        text = ", ".join(where) + f": {self.message}"
        if self.value is not None:
            value = self.value.item() if hasattr(self.value, "item") else self.value  # numpy scalars print plainly
            text += f" (value: {value!r})"
        return text


class DataError(Exception):
    """Raised with every problem found, so one run shows all that needs fixing."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{shown}{more}")

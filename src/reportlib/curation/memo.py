"""Results computed from a set of tables, kept per fingerprint of those tables (Tables.fingerprint).

The charts, the deck, the workbook and the notebooks ask for the same claims, views and keywords of the
same tables many times over; the fingerprint covers every table, text and data file they can depend on,
so a kept result is never stale: an edit in memory or on disk makes a new fingerprint and a new result.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TypeVar

from reportlib.curation.load import Tables

Result = TypeVar("Result")


def per_fingerprint(keep: int, copy: Callable[[Result], Result]):
    """Decorate f(tables, ...) to compute once per fingerprint of the tables and value of each other argument
    (given by position, by name or left to its default alike), keeping the `keep` latest; each caller gets
    `copy(result)`, so that no caller changes what another one is given."""

    def decorate(compute: Callable[..., Result]) -> Callable[..., Result]:
        kept: dict[tuple, Result] = {}
        signature = inspect.signature(compute)

        def key_of(tables: Tables, *args, **kwargs) -> tuple:
            bound = signature.bind(tables, *args, **kwargs)
            bound.apply_defaults()
            return tables.fingerprint(), tuple(bound.arguments.items())[1:]

        def peek(tables: Tables, *args, **kwargs) -> Result | None:
            """The kept result (a copy), or None if there is none: nothing is computed."""
            key = key_of(tables, *args, **kwargs)
            return copy(kept[key]) if key in kept else None

        @functools.wraps(compute)
        def kept_or_computed(tables: Tables, *args, **kwargs) -> Result:
            key = key_of(tables, *args, **kwargs)
            if key not in kept:
                result = compute(tables, *args, **kwargs)
                while len(kept) >= keep:
                    kept.pop(next(iter(kept)))
                kept[key] = result
            return copy(kept[key])

        kept_or_computed.kept = kept  # what is kept, for a test to empty
        kept_or_computed.peek = peek
        return kept_or_computed

    return decorate

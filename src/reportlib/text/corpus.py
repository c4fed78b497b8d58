"""The reports as the text analysis counts them: each report's content tokens, in report order.

Keywords and themes both count these tokens; one definition keeps their counts comparable.
"""

from __future__ import annotations

from reportlib.analysis import views
from reportlib.curation.load import Tables
from reportlib.text.segment import content_tokens


def report_tokens(tables: Tables) -> dict[str, list[str]]:
    """The content tokens of each report, in report order (see segment.is_content for what counts)."""
    return {rid: content_tokens(tables.texts[rid], folder=tables.folder)
            for rid in views.place_order(tables)}

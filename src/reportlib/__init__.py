"""reportlib: load, check and compare the curated figures of local-government work reports.

The layers, in the order data flows through them (each imports only the ones before it):

    curation/  raw texts and curated tables: reading, schema, quantities, the check
    analysis/  comparison views, the comparability rules and the claims drawn from them
    text/      Chinese text analysis with jieba: segmentation, keywords, themes
    report/    what readers see: charts, deck, workbook, notebook display helpers
    pipeline/  export, notebook execution, the build and the command line

Notebooks use the short names here: `reportlib.load_all()`, `reportlib.views`,
`reportlib.claims`, `reportlib.display`, `reportlib.charts`. The heavy layers (charts bring
matplotlib, text brings jieba) are imported only when first used, so `import reportlib` stays light.
"""

from __future__ import annotations

import importlib

from reportlib.curation.load import (
    load_all,
    load_exclusions,
    load_figures,
    load_projects,
    load_reports,
    load_texts,
    load_vocab,
)

# Short public name -> the module behind it, imported on first use.
_MODULES = {
    "views": "reportlib.analysis.views",
    "claims": "reportlib.analysis.claims",
    "display": "reportlib.report.display",
    "charts": "reportlib.report.charts",
}


def __getattr__(name: str):
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    raise AttributeError(f"module 'reportlib' has no attribute {name!r}")


__all__ = [
    "load_all",
    "load_exclusions",
    "load_figures",
    "load_projects",
    "load_reports",
    "load_texts",
    "load_vocab",
    *_MODULES,
]

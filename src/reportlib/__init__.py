"""reportlib: load, check and compare the curated figures of five Chinese local-government work reports.

The notebooks import from here so that every number they show comes from data/ through one
checked path. Heavy modules (charts, export, and the text analysis, which brings jieba) are
imported only where they are used.
"""

from .load import load_all, load_exclusions, load_figures, load_projects, load_reports, load_texts, load_vocab

__all__ = [
    "load_all",
    "load_exclusions",
    "load_figures",
    "load_projects",
    "load_reports",
    "load_texts",
    "load_vocab",
]

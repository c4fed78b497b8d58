"""How notebooks show things: one setup call, plain tables, charts as modest PNGs, findings as text.

Charts are built at slide size (13.3 × 7.5 in); a notebook shows them as a PNG at screen resolution
so that a rendered notebook stays well under GitHub's size limit.
"""

from __future__ import annotations

import io

import pandas as pd

from .load import Tables, load_all

NOTEBOOK_DPI = 72


def setup() -> Tables:
    """Load and return every table; set table display options and the chart house style."""
    from . import charts

    pd.set_option("display.max_colwidth", 60)
    pd.set_option("display.max_rows", 80)
    pd.set_option("display.precision", 2)
    charts.apply_style()
    return load_all()


def show_chart(name: str, tables: Tables):
    """Build a registered chart and return it as a PNG image for the notebook."""
    import matplotlib.pyplot as plt
    from IPython.display import Image

    from . import charts

    fig = charts.figure(name, tables)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=NOTEBOOK_DPI, metadata={"Software": None})
    plt.close(fig)
    return Image(data=buffer.getvalue(), format="png")


def show_findings(sentences: list[str]):
    """Findings as a Markdown bullet list."""
    from IPython.display import Markdown

    return Markdown("\n".join(f"- {s}" for s in sentences))

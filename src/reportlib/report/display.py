"""How notebooks show things: display options set by an explicit call, charts as modest PNGs, findings as text.

Charts are built at slide size (13.3 × 7.5 in); a notebook shows them as a PNG at screen resolution
so that a rendered notebook stays well under GitHub's size limit.
"""

from __future__ import annotations

import io

import pandas as pd

from reportlib.curation.load import Tables

NOTEBOOK_DPI = 72
# The summary shows all eight slide charts at once; at 800 px (about GitHub's notebook width) it stays
# well under GitHub's 1 MB rendering limit while keeping the 128-colour palette that preserves place colours.
SUMMARY_WIDTH_PX = 800


# How tables read in a notebook: long quotes readable, long tables whole, numbers to two decimals.
PANDAS_OPTIONS = {"display.max_colwidth": 90, "display.max_rows": 80, "display.precision": 2}


def set_notebook_options() -> None:
    """Set this session's pandas display options (PANDAS_OPTIONS) and the chart house style.

    They are global settings of pandas and matplotlib, so only a notebook sets them, by calling this
    in its first cell; importing reportlib changes nothing."""
    from reportlib.report import charts

    for option, value in PANDAS_OPTIONS.items():
        pd.set_option(option, value)
    charts.apply_style()


def _notebook_png(fig) -> bytes:
    """The figure as a small PNG: screen resolution, reduced to a 128-colour palette (a third of the bytes,
    no visible loss on flat chart colours), so six notebooks of charts stay light on GitHub."""
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=NOTEBOOK_DPI, metadata={"Software": None})
    image = PILImage.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    image = image.quantize(colors=128, method=PILImage.Quantize.MEDIANCUT)
    small = io.BytesIO()
    image.save(small, format="png", optimize=True)
    return small.getvalue()


def show_chart(name: str, tables: Tables):
    """Build a registered chart and return it as a PNG image for the notebook."""
    from IPython.display import Image

    from reportlib.report import charts

    fig = charts.figure(name, tables)
    return Image(data=_notebook_png(fig), format="png")


def table(frame: pd.DataFrame):
    """A table as a reader sees it in a notebook. Every notebook shows its tables through this one helper,
    so that headers, units, blanks and number formats follow one set of rules."""
    return frame


def show_findings(sentences: list[str]):
    """Sentences as a Markdown bullet list (the text analysis of notebook 05)."""
    from IPython.display import Markdown

    return Markdown("\n".join(f"- {s}" for s in sentences))


def claims_markdown(records, bullets: bool = False) -> str:
    """Claims as Markdown: each sentence, then its footnote and the figure ids it rests on, in small type."""
    lines = []
    for claim in records:
        refs = f"Figures: {', '.join(claim.figures)}." if 0 < len(claim.figures) <= 12 else ""
        small = " ".join(part for part in (claim.footnote, refs) if part)
        text = claim.text + ("" if claim.text.endswith((".", "!", "?")) else ".") + (f" <sub>{small}</sub>" if small else "")
        lines.append(f"- {text}" if bullets else text + "\n")
    return "\n".join(lines)


def show_claims(made: list, where: str, bullets: bool = False):
    """The claims (from reportlib.claims.build) that appear at one place of a notebook ('02#by-stage'), as Markdown."""
    from IPython.display import Markdown

    from reportlib.analysis import claims

    return Markdown(claims_markdown(claims.at(made, where), bullets))


def show_slide_charts(folder=None) -> None:
    """Display every slide chart as exported to figures/ (the build exports before it runs the notebooks),
    in deck order, each under its takeaway, which the PNG carries as its Title."""
    from IPython.display import Image, Markdown, display
    from PIL import Image as PILImage

    from reportlib.report import charts
    from reportlib.curation.paths import FIGURES_DIR

    folder = folder or FIGURES_DIR
    for spec in charts.CHARTS:
        if spec.deck:
            with PILImage.open(folder / f"{spec.name}.png") as exported:
                title = exported.text.get("Title", spec.name)
                width = SUMMARY_WIDTH_PX
                size = (width, round(width * exported.height / exported.width))
                image = exported.convert("RGB").resize(size, PILImage.LANCZOS)
            small = io.BytesIO()
            image.quantize(colors=128, method=PILImage.Quantize.MEDIANCUT).save(small, format="png", optimize=True)
            display(Markdown(f"**{title}** (`figures/{spec.name}.png`)"), Image(data=small.getvalue(), format="png"))

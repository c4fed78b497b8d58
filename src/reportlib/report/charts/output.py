"""A chart as files: PNG and SVG bytes that are the same on every run, the body alone for the deck,
and atomic saving, so that an export from unchanged data changes no bytes and a crash leaves no
half-written file."""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from reportlib.report import atomic
from reportlib.curation.paths import FIGURES_DIR
from .layout import ChartError, info
from .style import DPI


def render(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG (200 dpi) or SVG bytes, deterministic: no software version, no date, a fixed
    SVG hash salt."""
    options: dict = {"format": fmt}
    if fmt == "png":
        # the takeaway and sources travel with the file (PNG text chunks), for whoever pastes it
        try:
            described = info(fig)
        except ChartError:  # a figure not made by reportlib.charts: no takeaway to carry
            extra = {}
        else:
            extra = {"Title": described.title, "Source": described.source}
        options.update(dpi=DPI, metadata={"Software": None, **extra})
    elif fmt == "svg":
        options.update(metadata={"Date": None, "Creator": None})
    else:
        raise ValueError(f"unsupported format {fmt!r} (png or svg)")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "reportlib", "svg.fonttype": "path"}):
        fig.savefig(buffer, **options)
    return buffer.getvalue() if fmt == "png" else _stable_svg_ids(buffer.getvalue())


def _stable_svg_ids(svg: bytes) -> bytes:
    """Number the SVG's clip-path ids in order of appearance: matplotlib derives the id of a non-rectangular
    clip path from the object's memory address, so the same chart would otherwise differ run to run."""
    text = svg.decode("utf-8")
    ids = dict.fromkeys(re.findall(r'<clipPath id="(p[0-9a-f]+)"', text))
    for number, old in enumerate(ids, 1):
        text = re.sub(rf"\b{old}\b", f"clip{number:04d}", text)
    return text.encode("utf-8")


def body_png(fig: Figure, png: bytes | None = None) -> bytes:
    """The chart body alone (no title, caveat or source line), cropped from the figure's PNG: the deck
    writes those texts as slide text."""
    from PIL import Image

    png = png if png is not None else render(fig, "png")
    image = Image.open(io.BytesIO(png))
    bottom, top = info(fig).body
    box = (0, round((1 - top) * image.height), image.width, round((1 - bottom) * image.height))
    out = io.BytesIO()
    image.crop(box).save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def save(fig: Figure, name: str, folder: Path | str = FIGURES_DIR) -> list[Path]:
    """Write name.png (200 dpi) and name.svg into `folder`, atomically and deterministically; the
    figure stays open for the caller. Returns the two paths."""
    folder = Path(folder)
    data = {suffix: render(fig, suffix) for suffix in ("png", "svg")}  # render both before writing either
    return [atomic.write_bytes(folder / f"{name}.{suffix}", blob) for suffix, blob in data.items()]

"""The CJK font of every chart: Noto Sans SC from the PyPI package pylopdf-fonts-zh-cn (OFL).

The font file ships inside an installed package, so charts look the same on every machine
without a system font or a Windows font path. It is registered with matplotlib for the
running process only (nothing is copied or cached). Latin text stays in DejaVu Sans;
`font.family` is a list so that matplotlib falls back glyph by glyph to Noto Sans SC.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LATIN_FAMILY = "DejaVu Sans"
CJK_FAMILY = "Noto Sans SC"
FAMILY = [LATIN_FAMILY, CJK_FAMILY]


def cjk_font_path() -> Path:
    """Path of the Noto Sans SC file inside the installed pylopdf_fonts_zh_cn package."""
    import pylopdf_fonts_zh_cn

    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the CJK font is missing; reinstall pylopdf-fonts-zh-cn")
    return path


def register() -> str:
    """Register Noto Sans SC with matplotlib (once per process) and return its family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    known = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    if path not in known:
        font_manager.fontManager.addfont(str(path))
    return CJK_FAMILY


@cache
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(path).get_charmap())


def font_paths() -> list[Path]:
    """The files of FAMILY, in fallback order."""
    from matplotlib import font_manager

    register()
    latin = font_manager.findfont(font_manager.FontProperties(family=LATIN_FAMILY), fallback_to_default=False)
    return [Path(latin), cjk_font_path()]


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` that no font of FAMILY can draw (whitespace and controls ignored)."""
    covered = [_charmap(str(path)) for path in font_paths()]
    chars = sorted({c for c in text if c.isprintable() and not c.isspace()})
    return [c for c in chars if not any(ord(c) in cmap for cmap in covered)]

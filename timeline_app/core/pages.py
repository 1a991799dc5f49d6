"""Page sizes of exports: slides and paper, landscape unless asked otherwise (plain data, no
Qt: the command line's options come from here too)."""

from __future__ import annotations

# Landscape pages, in inches: PowerPoint's widescreen and standard slides, A4, US Letter
PAGES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5), "a4": (11.693, 8.268), "letter": (11.0, 8.5)}
DEFAULT_PAGE = "16:9"
DEFAULT_DPI = 150  # a slide's 13.3 inches: 2000 pixels


def page_size(
    page: str = DEFAULT_PAGE,
    dpi: int = DEFAULT_DPI,
    width: int | None = None,
    height: int | None = None,
    portrait: bool = False,
) -> tuple[int, int]:
    """Pixels of a page: its size at `dpi`; a width or a height alone keeps its shape; both
    make a page of their own."""
    w_in, h_in = PAGES[page]
    if portrait:
        w_in, h_in = h_in, w_in
    if width and height:
        return width, height
    if width:
        return width, round(width * h_in / w_in)
    if height:
        return round(height * w_in / h_in), height
    return round(w_in * dpi), round(h_in * dpi)

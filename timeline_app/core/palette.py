"""One colour-blind-safe palette for lanes, list and legend.

Okabe & Ito's colours (less the yellow, too pale on white), then Paul Tol's "muted" set.
A category keeps its colour whatever the filters: colours follow the category's rank in the
whole dataset, not its place among the lanes on screen.
"""

from __future__ import annotations

PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255",
    "#117733", "#332288", "#999933", "#AA4499", "#44AA99", "#CC6677", "#DDCC77",
    "#88CCEE", "#555555",
)  # fmt: skip


def color_for(rank: int) -> str:
    return PALETTE[rank % len(PALETTE)]


def category_colors(categories: list[str]) -> dict[str, str]:
    """Colours for categories given in rank order (most frequent first)."""
    return {name: color_for(i) for i, name in enumerate(categories)}

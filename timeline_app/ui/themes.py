"""The colours of the timeline that are not the lanes': light for the desk and for print,
dark and high-contrast for a projector."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """The few colours that are not the lanes': light for the desk, dark for a projector."""

    background: str = "#ffffff"
    text: str = "#0f0f0f"
    axis: str = "#282828"
    band: tuple[int, int, int, int] = (0, 0, 0, 10)  # every other lane
    backdrop: tuple[int, int, int, int] = (255, 255, 255, 200)  # behind labels
    ink: str = "#141414"  # outlines of key events and of the selection ring
    halo: str = "#ffffff"


LIGHT = Theme()
PRESENTATION = Theme("#101418", "#f4f4f4", "#e0e0e0", (255, 255, 255, 14), (16, 20, 24, 215),
                     "#f4f4f4", "#101418")  # fmt: skip

"""Lane colours: lanes drawn together never share one, whatever the number of actors."""

import numpy as np
import pytest

from timeline_app.core.lane_control import OTHERS_COLOR, LaneControl, LaneOrder, others_count
from timeline_app.core.lanes import LaneMode, focus_lanes, fold_lanes, layout_lanes
from timeline_app.core.palette import PALETTE


@pytest.fixture(scope="module")
def actors200():
    from timeline_app.core.synthetic import synthetic_columns

    return synthetic_columns(5000)  # 200 actors: a few busy, most rare


def real_colors(layout) -> list[str]:
    return [c for c, label in zip(layout.colors, layout.labels, strict=True)
            if not others_count(label)]  # fmt: skip


def test_the_palette_reads_on_both_themes_and_has_no_grey():
    def luminance(hex_colour: str) -> float:
        c = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(c @ [0.2126, 0.7152, 0.0722])

    dark = luminance("#101418")
    assert len(set(PALETTE)) == len(PALETTE) >= 32
    for colour in PALETTE:
        y = luminance(colour)
        assert 1.05 / (y + 0.05) >= 2.2, colour  # against white
        assert (y + 0.05) / (dark + 0.05) >= 2.2, colour  # against the dark background
        rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        assert max(rgb) - min(rgb) >= 40, colour  # not a grey: grey is "Others"
    assert OTHERS_COLOR not in PALETTE


@pytest.mark.parametrize("budget", [5, 16, 20, 31])
def test_a_budget_of_lanes_over_200_actors_has_distinct_colours(actors200, budget):
    """The 17th lane took the first lane's colour: with 200 actors, lanes 1 and 17 of the
    window (and of an export) were the same blue."""
    control = LaneControl(budget=budget)
    layout = layout_lanes(actors200, LaneMode.ACTOR, None, control)
    assert len(layout.labels) == budget + 1 and others_count(layout.labels[-1])
    colors = real_colors(layout)
    assert len(set(colors)) == len(colors) == budget
    assert layout.colors[-1] == OTHERS_COLOR


def test_every_lane_drawn_at_once_differs_with_all_200_lanes(actors200):
    """Budget "all": more lanes than colours; any 32 lanes in a row (more than a window shows
    at once) still differ."""
    layout = layout_lanes(actors200, LaneMode.ACTOR)
    assert len(layout.labels) == 200
    n = len(PALETTE)
    for top in range(200 - n + 1):
        assert len(set(layout.colors[top : top + n])) == n


def test_colours_are_stable_for_a_lane_set_and_follow_the_busiest_categories(actors200):
    """The busiest categories keep their colour whatever the order or the filters; the same
    lanes always get the same colours (the window, its export and the legend agree)."""
    a = layout_lanes(actors200, LaneMode.ACTOR, None, LaneControl(budget=20))
    b = layout_lanes(actors200, LaneMode.ACTOR, None, LaneControl(budget=20))
    assert a.colors == b.colors
    by_name = layout_lanes(actors200, LaneMode.ACTOR, None,
                           LaneControl(budget=20, order=LaneOrder.NAME))  # fmt: skip
    colour = dict(zip(a.labels, a.colors, strict=True))
    assert all(colour[x] == c for x, c in zip(by_name.labels, by_name.colors, strict=True))
    # the busiest category is drawn in the palette's first colour, filtered or not
    shown = np.zeros(len(actors200), dtype=bool)
    shown[::3] = True
    filtered = layout_lanes(actors200, LaneMode.ACTOR, shown, LaneControl(budget=10))
    busiest = layout_lanes(actors200, LaneMode.ACTOR).labels[0]
    assert colour[busiest] == PALETTE[0]
    assert dict(zip(filtered.labels, filtered.colors, strict=True))[busiest] == PALETTE[0]


def test_an_export_folding_the_window_lanes_keeps_their_colours(actors200):
    window = layout_lanes(actors200, LaneMode.ACTOR, None, LaneControl(budget=24))
    page = fold_lanes(actors200, window, 12)
    colour = dict(zip(window.labels, window.colors, strict=True))
    assert all(colour[x] == c for x, c in zip(page.labels[:-1], page.colors, strict=False))
    assert len(set(real_colors(page))) == 12
    # and from a window of more lanes than colours (budget "all"): the window's colours, or
    # for more lanes than colours, by position
    window = layout_lanes(actors200, LaneMode.ACTOR, None, LaneControl(order=LaneOrder.NAME))
    assert len(window.labels) == 200
    page = fold_lanes(actors200, window, 12)
    colour = dict(zip(window.labels, window.colors, strict=True))
    assert len(set(real_colors(page))) == 12
    before = [colour[x] for x in page.labels[:-1]]
    kept = [c == b for c, b in zip(page.colors, before, strict=False) if before.count(b) == 1]
    assert all(kept) and len(kept) >= 10  # (two lanes 32 apart there may share one)
    page = fold_lanes(actors200, window, 40)
    assert len(set(real_colors(page))) == len(PALETTE)  # 40 lanes: colours by position


def test_a_slide_about_one_event_never_repeats_a_colour():
    """A slide's lanes come from the window's: with more lanes than colours there, two of
    them may share one; the slide's handful never do."""
    from timeline_app.core.lanes import LaneLayout

    event, lane = np.array([0, 1, 2, 3]), np.array([0, 1, 2, 3])
    colors = [PALETTE[0], PALETTE[1], PALETTE[0], OTHERS_COLOR]  # lanes 1 and 33 of 200
    layout = LaneLayout(["a", "b", "c", "Others (9 actors)"], colors, event, lane, lane * 0)
    starts = np.array([0.0, 1.0, 2.0, 3.0])
    focus = focus_lanes(layout, starts, starts + 1, (0.0, 10.0), 0)
    assert len(focus.labels) == 4
    assert len(set(focus.colors)) == 4 and focus.colors[:2] == [PALETTE[0], PALETTE[1]]
    assert focus.colors[focus.labels.index("Others (9 actors)")] == OTHERS_COLOR


def test_lane_colors_prefers_then_ranks_then_spares():
    from timeline_app.core.palette import lane_colors

    assert lane_colors([0, None, 1]) == [PALETTE[0], OTHERS_COLOR, PALETTE[1]]
    assert lane_colors([40, 41, 0]) == [PALETTE[1], PALETTE[2], PALETTE[0]]
    assert lane_colors([1, 0], prefer=[PALETTE[5], PALETTE[5]]) == [PALETTE[5], PALETTE[0]]
    assert lane_colors([3], prefer=[OTHERS_COLOR]) == [PALETTE[3]]

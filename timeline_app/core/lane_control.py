"""What the user chose about lanes (order, hidden, pinned, budget) and the "Others" lane's
label: plain data, kept in the settings per dataset; core.lanes lays lanes out by it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum

OTHERS_COLOR = "#8C8C8C"  # the "Others" lane: a grey no category has
# The "Others" lane's label, in English ("Others (12 actors)"): the interface's language comes
# from ui.i18n.lane_text, which reads the count back
OTHERS_NOUN = {"actor": "actors", "location": "places", "type": "types", "none": "events"}
_OTHERS_RE = re.compile(r"Others \((\d+) (actors|places|types|events)\)")


class LaneOrder(StrEnum):
    EVENTS = "events"  # most events shown first
    NAME = "name"
    FIRST = "first"  # earliest event shown first
    MANUAL = "manual"  # as the user arranged them (LaneControl.manual), the others after


@dataclass(frozen=True)
class LaneControl:
    """What the user chose about lanes: their order, the hidden ones, the pinned ones (always
    drawn, on top, in this order), and the budget: at most `budget` lanes besides one "Others"
    lane that holds the rest. Lanes are named by their labels, so a choice outlives a filter."""

    order: LaneOrder = LaneOrder.EVENTS
    manual: tuple[str, ...] = ()
    hidden: frozenset[str] = frozenset()
    pinned: tuple[str, ...] = ()
    budget: int | None = None

    def to_json(self) -> str:
        """For the settings (one entry per dataset and lane mode)."""
        return json.dumps({"order": self.order.value, "manual": list(self.manual),
                           "hidden": sorted(self.hidden), "pinned": list(self.pinned)})  # fmt: skip

    @classmethod
    def from_json(cls, text: str | None) -> LaneControl:
        """The control saved by to_json; the default for anything unreadable (settings are
        edited by hand at times, and an old or broken entry must not stop the window)."""
        try:
            d = json.loads(text or "{}")
            return cls(
                order=LaneOrder(d.get("order", LaneOrder.EVENTS)),
                manual=tuple(str(x) for x in d.get("manual", ())),
                hidden=frozenset(str(x) for x in d.get("hidden", ())),
                pinned=tuple(str(x) for x in d.get("pinned", ())),
            )
        except (ValueError, TypeError, AttributeError):
            return cls()


DEFAULT_CONTROL = LaneControl()


def others_label(count: int, mode: str) -> str:
    return f"Others ({count} {OTHERS_NOUN[str(mode)]})"


def others_count(label: str) -> tuple[int, str] | None:
    """(count, noun) if `label` is an "Others" lane's label."""
    m = _OTHERS_RE.fullmatch(label)
    return (int(m.group(1)), m.group(2)) if m else None

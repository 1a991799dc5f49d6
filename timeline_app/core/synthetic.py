"""Synthetic ACLED-like datasets, for benchmarks and scale tests. Seeded: the same n gives
the same data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline_app.core.columns import TEXT, EventColumns
from timeline_app.core.dates import DAY_SECONDS

START_2016 = 1_451_606_400  # 2016-01-01 UTC
TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
         "Riots", "Strategic developments")  # fmt: skip


def synthetic_columns(
    n: int, *, actors: int = 200, places: int = 2000, years: int = 10, seed: int = 0
) -> EventColumns:
    """n events over `years` years from 2016, with 1–3 actors each (a few actors busy, most
    rare), 85% known to the day, 10% to the week, 5% to the month; 0.1% key events."""
    rng = np.random.default_rng(seed)
    day = np.sort(rng.integers(0, years * 365, n))
    precision = rng.choice(np.array([1, 2, 3], dtype=np.int8), n, p=[0.85, 0.10, 0.05])
    start = START_2016 + day.astype(np.int64) * DAY_SECONDS
    length = np.select([precision == 1, precision == 2], [1, 7], 30).astype(np.int64)
    end = start + length * DAY_SECONDS
    place = rng.integers(0, places, n)
    province = place % 26
    events = pd.DataFrame(
        {
            "id": np.arange(1, n + 1, dtype=np.int64),
            "start_ts": start,
            "end_ts": end,
            "precision": precision,
            "date_label": pd.Categorical(np.full(n, "")),
            "event_type": pd.Categorical.from_codes(
                rng.integers(0, len(TYPES), n), pd.Index(TYPES)
            ),
            "place": pd.Categorical.from_codes(
                place, pd.Index([f"Place {i}" for i in range(places)])
            ),
            "admin2": pd.Categorical(np.full(n, "")),
            "admin1": pd.Categorical.from_codes(
                province, pd.Index([f"Province {i}" for i in range(26)])
            ),
            "country": pd.Categorical(np.full(n, "Syntheland")),
            "latitude": rng.uniform(-10, 5, n),
            "longitude": rng.uniform(12, 31, n),
            "fatalities": rng.poisson(1.5, n).astype(np.float64),
            "key": rng.random(n) < 0.001,
        }
    )
    weights = 1.0 / np.arange(1, actors + 1)  # Zipf: a few actors take part in most events
    weights /= weights.sum()
    per_event = rng.choice(np.array([1, 2, 3]), n, p=[0.3, 0.6, 0.1])
    pair_event = np.repeat(np.arange(n, dtype=np.int32), per_event)
    pair_actor = rng.choice(actors, len(pair_event), p=weights).astype(np.int32)
    pairs = pd.DataFrame({"event": pair_event, "actor": pair_actor, "role": np.int8(0)})
    pairs = pairs.drop_duplicates(["event", "actor"], ignore_index=True)
    names = pd.DataFrame({"name": [f"Actor {i:03d}" for i in range(actors)], "kind": ""})
    numbers = np.arange(n).astype(str)
    uids = np.strings.add("syn-", numbers).astype(TEXT)
    titles = np.strings.add("Synthetic event ", numbers).astype(TEXT)
    return EventColumns(events, names.astype(object), pairs, uids, titles)

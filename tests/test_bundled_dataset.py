"""The Congo 2025 sample: every researched row, with its uncertainty kept."""

import pytest

from timeline_app.core.dates import Precision
from timeline_app.core.formats import read_file
from timeline_app.core.model import LocationPrecision
from timeline_app.core.store import SAMPLE_DATASET, sample_path


@pytest.fixture(scope="module")
def sample():
    return read_file(sample_path())


def test_every_row_of_the_research_table(sample):
    assert sample.dataset_name == SAMPLE_DATASET
    assert {e.id for e in sample.events} == {f"congo2025-{n:02d}" for n in range(1, 33)}


def test_each_event_is_complete(sample):
    for e in sample.events:
        loc = e.location
        assert e.sources and all(s.url.startswith(("http://", "https://")) for s in e.sources), e.id
        assert loc.latitude is not None and loc.longitude is not None, e.id
        assert loc.place and loc.admin1 and loc.country, e.id
        assert loc.precision is not LocationPrecision.UNKNOWN, e.id
        assert e.actors and e.event_type and e.description, e.id


def test_key_events_in_date_order(sample):
    keys = [(e.when.describe(), e.location.place) for e in sample.events if e.key]
    assert keys == [
        ("27 Jan 2025", "Goma"),
        ("14–16 Feb 2025", "Bukavu"),
        ("18 Mar 2025", "Doha"),
        ("19 Mar 2025", "Walikale"),
    ]


@pytest.mark.parametrize(
    ("eid", "precision", "shown"),
    [
        ("congo2025-01", Precision.MONTH, "January 2025"),  # "since mid-January"
        ("congo2025-02", Precision.MONTH, "January 2025"),  # 21 Jan unconfirmed
        ("congo2025-04", Precision.WEEK, "23–25 Jan 2025"),
        ("congo2025-08", Precision.WEEK, "25–31 Jan 2025"),  # "by 31 January"
        ("congo2025-09", Precision.WEEK, "3–4 Feb 2025"),
        ("congo2025-12", Precision.WEEK, "14–16 Feb 2025"),
        ("congo2025-22", Precision.WEEK, "1–7 Apr 2025"),  # "early April"
        ("congo2025-30", Precision.WEEK, "2–3 Dec 2025"),
        ("congo2025-32", Precision.WEEK, "9–10 Dec 2025"),
    ],
)
def test_uncertain_dates_keep_their_uncertainty(sample, eid, precision, shown):
    e = next(e for e in sample.events if e.id == eid)
    assert e.when.precision is precision
    assert e.when.describe() == shown
    assert e.date_note, "an uncertain date says why"


def test_aliases_cover_the_research_names(sample):
    by_name = {a.name: a for a in sample.actors}
    assert "March 23 Movement" in by_name["M23/AFC"].aliases
    assert "Alliance Fleuve Congo" in by_name["M23/AFC"].aliases
    assert "Doctors Without Borders" in by_name["MSF"].aliases
    used = {a.name for e in sample.events for a in e.actors}
    assert used <= set(by_name)

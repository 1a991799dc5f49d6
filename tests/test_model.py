import pytest

from timeline_app.core.dates import When
from timeline_app.core.errors import FieldError
from timeline_app.core.model import ActorRef, Event, Location, Role, Source
from timeline_app.core.serialize import event_from_dict, event_to_dict


def full_event(**over) -> Event:
    fields = dict(
        id="e1",
        when=When.parse("0600-06-15"),
        title="A title",
        description="Line one\nline two <b>not html</b>",
        event_type="Battle",
        actors=(ActorRef("B", Role.OPPOSING), ActorRef("A"), ActorRef("C", Role.ASSOCIATED)),
        location=Location("Goma", "Goma", "North Kivu", "DRC", -1.68, 29.23, "town"),
        fatalities=0,
        sources=(Source("Reuters", "https://example.org/a;b|c", "2025-01"), Source(url="u")),
        tags=("x", "y;z"),
        key=True,
        date_note="note",
        extra={"Interaction": "12", "title": "kept apart from the title"},
    )
    fields.update(over)
    return Event(**fields)


def test_dict_round_trip_keeps_every_field():
    e = full_event()
    assert event_from_dict(event_to_dict(e)) == e


def test_actors_are_ordered_by_role():
    e = full_event()
    assert [a.role for a in e.actors] == [Role.PRIMARY, Role.OPPOSING, Role.ASSOCIATED]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (dict(title=" "), "title"),
        (dict(id=""), "id"),
        (dict(fatalities=-1), "fatalities"),
        (dict(fatalities=True), "fatalities"),
        (dict(actors=(ActorRef("A"), ActorRef("A", Role.OPPOSING))), "actors"),
        (dict(description="x" * 100_001), "description"),
    ],
)
def test_bad_values_name_their_field(change, field):
    with pytest.raises(FieldError) as err:
        full_event(**change)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [
        (91.0, 0.0, "location.latitude"),
        (0.0, 181.0, "location.longitude"),
        (float("nan"), 0.0, "location.latitude"),
        (1.0, None, "location.longitude"),
    ],
)
def test_coordinates_are_checked(lat, lon, field):
    with pytest.raises(FieldError) as err:
        Location(latitude=lat, longitude=lon)
    assert err.value.field == field


def test_unknown_and_mistyped_fields_are_refused():
    data = event_to_dict(full_event())
    with pytest.raises(FieldError) as err:
        event_from_dict({**data, "lattitude": 1})
    assert err.value.field == "lattitude"
    with pytest.raises(FieldError) as err:
        event_from_dict({**data, "location": {"latitude": "north", "longitude": 1}})
    assert err.value.field == "location.latitude"
    with pytest.raises(FieldError) as err:
        event_from_dict({**data, "fatalities": "12"})
    assert err.value.field == "fatalities"


def test_location_label_skips_repeats():
    assert Location("Doha", admin1="Doha", country="Qatar").label == "Doha, Qatar"

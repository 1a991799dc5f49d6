"""Tables of no known format: told apart from ours, read in any encoding, their columns
guessed from English and French names, previewed, and imported from the command line."""

import json
from datetime import date

import pytest

from conftest import DATA, snapshot
from timeline_app.cli import main
from timeline_app.core.dates import Precision
from timeline_app.core.errors import InputError
from timeline_app.core.formats import (
    ColumnMap,
    NeedsMapping,
    auto_mapping,
    detect_format,
    read_file,
)
from timeline_app.core.formats.column_guess import (
    ambiguous_date,
    guess_columns,
    guess_mapping,
    normalize,
    preview_events,
)
from timeline_app.core.formats.spreadsheet import sample, title_from
from timeline_app.core.model import Role

FICHE = DATA / "fiche_analyste_cp1252.csv"  # a hand-made sheet, saved from Excel in cp1252
MDY = DATA / "mdy_sheet.csv"
FICHE_GUESS = {
    "date": "Date",
    "description": "Notes",
    "actors": "Acteur 1",
    "opposing_actors": "Acteur 2",
    "place": "Lieu",
    "country": "Country",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "fatalities": "Fatalities",
    "id": "ID",
    "date_order": "dmy",
}


def test_a_sheet_with_some_of_our_column_names_is_not_taken_for_ours():
    # id, country, latitude, longitude, fatalities are ours, but start and title are not there
    assert detect_format(FICHE) == "spreadsheet"
    with pytest.raises(NeedsMapping) as err:
        read_file(FICHE)
    assert err.value.line == 1 and "columns of no known format" in str(err.value)
    assert "--map auto" in str(err.value)
    assert err.value.guess.to_json() == FICHE_GUESS


def test_our_csv_missing_a_required_column_is_mapped_and_says_what_it_lacks():
    with pytest.raises(NeedsMapping) as err:
        read_file(DATA / "bad_missing_column.csv")
    assert "as Timeline App CSV it lacks the column 'title'" in str(err.value)
    with pytest.raises(InputError, match="missing required column"):  # when told it is ours
        read_file(DATA / "bad_missing_column.csv", "csv")


def test_a_windows_1252_sheet_is_read_with_the_guessed_mapping():
    parsed = read_file(FICHE, mapping=auto_mapping(FICHE))
    assert parsed.warnings == ["5 line(s) were not UTF-8 and were read as Windows-1252 (Latin-1)"]
    sake, goma_evac, goma, kavumu, bukavu = parsed.events
    assert goma.title == "Le M23 annonce la prise de Goma; l'aéroport est fermé."
    assert goma_evac.description.startswith("Kinshasa – Goma, évacués vers Gisenyi.")
    assert goma_evac.title == "Kinshasa – Goma, évacués vers Gisenyi."  # its first sentence
    assert goma_evac.when.start == date(2025, 1, 26) and goma_evac.id == "RDC-0125-02"
    assert [(a.name, a.role) for a in goma_evac.actors] == [
        ("M23", Role.PRIMARY), ("FARDC", Role.OPPOSING), ("Wazalendo", Role.OPPOSING),
    ]  # fmt: skip
    assert [a.name for a in sake.actors if a.role is Role.PRIMARY] == ["M23", "AFC"]
    assert sake.fatalities == 17 and sake.location.latitude == -1.5733
    assert bukavu.location.label == "Bukavu, RD Congo" and kavumu.extra == {}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("small.csv", "M23 claims Goma"),  # ours
        ("acled_current.csv", "M23/AFC took Sake after clashes"),
        ("ucdp_ged.csv", "M23 takes Sake, governor killed"),
        ("timelinejs_sheet.csv", "M23 enters Goma"),
        ("analyst_sheet.csv", "Goma falls"),  # read with a mapping
    ],
)
def test_every_tabular_format_reads_windows_1252_the_same_way(tmp_path, name, text):
    original = read_file(DATA / name, mapping=auto_mapping(DATA / name))
    accented = "Évacués de Kinshasa – Goma"
    lines = (DATA / name).read_text(encoding="utf-8-sig").splitlines()
    assert sum(text in line for line in lines) == 1
    copy = tmp_path / name
    copy.write_bytes("\r\n".join(ln.replace(text, accented) for ln in lines).encode("cp1252"))
    parsed = read_file(copy, mapping=auto_mapping(copy))
    assert parsed.format == original.format and len(parsed.events) == len(original.events)
    assert any(accented in f"{e.title} {e.description}" for e in parsed.events)
    assert any("read as Windows-1252" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Event Date", "Event Type", "Actor 1", "Actor 2", "Assoc Actor 1", "Town", "Lat",
          "Lon", "Deaths", "Description", "Source", "Event ID"],
         {"date": "Event Date", "event_type": "Event Type", "actors": "Actor 1",
          "opposing_actors": "Actor 2", "associated_actors": "Assoc Actor 1", "place": "Town",
          "latitude": "Lat", "longitude": "Lon", "fatalities": "Deaths",
          "description": "Description", "source": "Source", "id": "Event ID"}),
        (["date", "Titre", "Acteur", "Ville", "Province", "Pays", "Morts", "Type", "Lien"],
         {"date": "date", "title": "Titre", "actors": "Acteur", "place": "Ville",
          "admin1": "Province", "country": "Pays", "fatalities": "Morts", "event_type": "Type",
          "source": "Lien"}),
        (["Date de début", "Date de fin", "Type d'événement", "Lieu", "Territoire", "Admin1",
          "Nombre de morts civils", "Long", "Latitude (WGS84)"],
         {"date": "Date de début", "end_date": "Date de fin",
          "event_type": "Type d'événement", "place": "Lieu", "admin2": "Territoire",
          "admin1": "Admin1", "fatalities": "Nombre de morts civils", "longitude": "Long",
          "latitude": "Latitude (WGS84)"}),
        (["EVENT_ID", "ID", "DATE", "NOTES", "Location"],  # "Event ID" is the id, before "ID"
         {"id": "EVENT_ID", "date": "DATE", "description": "NOTES", "place": "Location"}),
        (["Quantity", "Colour"], {}),
    ],
)  # fmt: skip
def test_columns_are_guessed_from_english_and_french_names(header, expected):
    assert guess_columns(header) == expected


def test_names_compare_without_case_accents_or_punctuation():
    assert normalize("Type d'Événement") == "type d evenement"
    assert normalize("acteur1") == normalize("Acteur 1") == normalize("ACTEUR_1")


def test_the_day_month_order_is_taken_only_when_the_file_settles_it():
    found = sample(MDY)
    guess = guess_mapping(found.header, (c for _, c in found.rows))
    assert guess.date_order == "mdy"  # 7/21/2016 can only be month first
    assert ambiguous_date(found, guess) is None
    ambiguous = sample(DATA / "ambiguous_sheet.csv")
    guess = guess_mapping(ambiguous.header, (c for _, c in ambiguous.rows))
    assert guess.date_order is None and ambiguous_date(ambiguous, guess) == "4/1/2017"
    mixed = ["Date", "Title"], [["21/7/2016", "a"], ["7/22/2016", "b"]]
    assert guess_mapping(*mixed).date_order is None  # never a guess between the two


def test_the_mdy_sheet_imports_with_its_guess():
    parsed = read_file(MDY, mapping=auto_mapping(MDY))
    first, eringeti, rwangoma, mourning = parsed.events
    assert eringeti.when.start == date(2016, 7, 21) and first.when.start == date(2016, 7, 5)
    assert [(a.name, a.role.value) for a in eringeti.actors] == [
        ("FARDC", "primary"), ("ADF", "opposing"), ("MONUSCO", "associated"),
    ]  # fmt: skip
    assert rwangoma.fatalities == 36 and rwangoma.sources[0].url.endswith("/rwangoma")
    assert mourning.when.precision is Precision.MONTH and mourning.id == "BEN-004"


def test_the_preview_shows_the_first_events_and_names_a_bad_row(tmp_path):
    found = sample(MDY)
    guess = guess_mapping(found.header, (c for _, c in found.rows))
    rows = preview_events(MDY, found, guess, rows=3)
    assert [r.line for r in rows] == [2, 3, 4] and all(r.event for r in rows)
    assert rows[1].event.title == "Clashes near Eringeti; the army reports positions retaken."
    assert rows[1].event.location.label == "Eringeti, North Kivu, DR Congo"
    wrong = ColumnMap({**guess.columns, "date": "Event Type"}, "mdy")  # a wrong choice
    bad = preview_events(MDY, found, wrong, rows=2)
    assert bad[0].event is None
    assert bad[0].error == (
        "mdy_sheet.csv, line 2, field 'Event Type': "
        "cannot read 'Violence against civilians' as a date"
    )
    assert preview_events(MDY, found, ColumnMap({"title": "Description"})) == []  # no date yet


def test_a_title_taken_from_a_description_is_its_first_sentence_cut_at_a_word():
    assert title_from("Goma falls. The airport closes.") == "Goma falls."
    long = "word " * 40
    assert len(title_from(long)) <= 120 and title_from(long).endswith("word…")


def test_a_table_without_a_header_is_refused_clearly(tmp_path):
    headless = tmp_path / "headless.csv"
    headless.write_text("2025-01-27,-1.68,29.23\n2025-02-16,-2.5,28.86\n")
    with pytest.raises(InputError) as err:
        detect_format(headless)
    assert err.value.line == 1 and "no column names" in str(err.value)


def test_cli_without_map_prints_the_guess_and_how_to_take_it(capsys, store_path, tmp_path):
    args = ["--store", str(store_path)]
    assert main(["stats", *args]) == 0
    before = snapshot(store_path)
    capsys.readouterr()
    assert main(["import", str(FICHE), *args]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == FICHE_GUESS  # stdout is the mapping alone, ready to save
    assert "fiche_analyste_cp1252.csv, line 1: columns of no known format" in err
    assert "nothing was imported" in err and "--map auto" in err and "--map " in err
    assert "26 Jan 2025 (day) | Kinshasa – Goma, évacués vers Gisenyi. | Goma, RD Congo" in err
    assert snapshot(store_path) == before

    corrected = {**json.loads(out), "title": "ID"}  # the analyst edits the guess
    saved = tmp_path / "fiche.map.json"
    saved.write_text(json.dumps(corrected), encoding="utf-8")
    assert main(["import", str(FICHE), "--map", str(saved), "--dataset", "edited", *args]) == 0
    assert "5 new" in capsys.readouterr().out

    assert main(["import", str(FICHE), "--map", "auto", *args]) == 0
    out = capsys.readouterr().out
    assert "read as a spreadsheet, with a column mapping" in out and "5 new" in out
    assert "read as Windows-1252" in out


def test_cli_map_auto_leaves_known_formats_to_their_reader(capsys, store_path):
    args = ["--map", "auto", "--store", str(store_path)]
    assert main(["import", str(DATA / "small.csv"), *args]) == 0
    assert "read as Timeline App CSV" in capsys.readouterr().out


def test_cli_map_auto_refuses_a_guess_without_a_date(capsys, store_path, tmp_path):
    sheet = tmp_path / "nodate.csv"
    sheet.write_text("Quand exactement,Titre\n2025-01-27,Goma falls\n", encoding="utf-8")
    assert main(["import", str(sheet), "--map", "auto", "--store", str(store_path)]) == 1
    out, err = capsys.readouterr()
    assert "nodate.csv, line 1, field 'date': no column's name says which holds it" in err
    assert json.loads(out) == {"title": "Titre"}
    assert "It names no column for: date" in err


def test_cli_says_when_the_guess_needs_a_date_order(capsys, store_path):
    assert main(["import", str(DATA / "ambiguous_sheet.csv"), "--store", str(store_path)]) == 1
    err = capsys.readouterr().err
    assert "Dates such as 4/1/2017 read either way" in err and "--date-order" in err

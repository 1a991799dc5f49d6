"""Hostile text on its way out: CSV headers (formulas), terminals (escapes, NULs), dataset
names (control characters refused at import)."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hostile import CONTROL_TITLE, FORMULA, hostile_file

from timeline_app.cli import main
from timeline_app.core.errors import InputError
from timeline_app.core.formats import read_file, write_file
from timeline_app.core.store import Store
from timeline_app.core.text import terminal_text, xml_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_csv_export_defuses_formulas_in_the_header_too(tmp_path):
    out = tmp_path / "out.csv"
    write_file(hostile_file(), out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert all(not cell.startswith(FORMULA_START) for cell in header), header
    assert f"'{FORMULA}" in header and "'@cmd" in header
    again = read_file(out).events[0]  # and reading takes the quote off again
    assert again.extra == {FORMULA: "=1+1", "@cmd": "plain"}


def test_terminal_text_escapes_every_control_character():
    shown = terminal_text(CONTROL_TITLE)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert "\\x1b[31m" in shown and "\\x00" in shown and "\\x9b" in shown
    assert terminal_text("a\nb\tc") == "a\\nb\\tc"
    assert terminal_text("a\nb\x1b", lines=True) == "a\nb\\x1b"


def test_xml_text_keeps_what_xml_can_hold():
    assert xml_text("a\x0bb\x00c\x1bd\ufffe\tè\n") == "a bcd\tè\n"


def _clean(text: str) -> bool:
    return not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_output_shows_control_characters_escaped(capsys, tmp_path):
    store_path = tmp_path / "s.sqlite"
    data = tmp_path / "esc.json"
    write_file(hostile_file(), data)
    # a title, a file name (and so a default dataset name) with ESC in them
    evil_name = tmp_path / "evil\x1b[2J.json"
    data.rename(evil_name)
    args = ("--store", store_path, "--no-sample")
    code, out, err = run_cli(capsys, "import", evil_name, "--dataset", "Hostile", *args)
    assert code == 0, err
    assert _clean(out) and _clean(err) and "evil\\x1b[2J.json" in out
    with Store.open(store_path, sample=False) as store:  # missing: a re-import without h2
        parsed = hostile_file()
        parsed.events = [e for e in parsed.events if e.id != "h2"]
        store.import_parsed(parsed, "Hostile")
    outputs = [
        run_cli(capsys, "stats", *args),
        run_cli(capsys, "stats", "--json", *args),
        run_cli(capsys, "missing", "--dataset", "Hostile", *args),
        run_cli(capsys, "export-data", tmp_path / "o.csv", "--dataset", "Hostile", *args),
        run_cli(capsys, "briefing", tmp_path / "b.pdf", "--dataset", "Hostile", *args),
    ]
    for code, out, err in outputs:
        assert code == 0, err
        assert _clean(out) and _clean(err), (out, err)
    missing_out = outputs[2][1]
    assert "Esc\\x1b[31mred\\x1b]0;pwned\\x07 nul\\x00 vt\\x0bff\\x0c c1\\x9b end" in missing_out
    assert len(missing_out.splitlines()) == 1 and missing_out.count("\t") == 3
    assert "\\x1b[31m" in outputs[4][1]  # the briefing lists its steps' titles
    json.loads(outputs[1][1])  # still JSON


@pytest.mark.parametrize("name", ["nul\x00name", "esc\x1b[31m", "tab\tname", "c1\x9bname"])
def test_a_dataset_name_with_a_control_character_is_refused(tmp_path, name):
    with Store.open(tmp_path / "s.sqlite", sample=False) as store:
        with pytest.raises(InputError) as caught:
            store.import_parsed(hostile_file(), name)
        assert store.datasets() == []
    message = str(caught.value)
    assert "hostile.json" in message and "field 'dataset'" in message
    assert "control character" in message and repr(name) in message


def test_cli_refuses_a_control_character_in_a_dataset_name(capsys, tmp_path):
    data = tmp_path / "x.json"
    write_file(hostile_file(), data)
    code, _out, err = run_cli(
        capsys, "import", data, "--dataset", "bad\x1bname", "--store", tmp_path / "s.sqlite"
    )
    assert code == 1 and "x.json" in err and "control character" in err and _clean(err)


def test_a_dataset_named_by_its_file_with_a_control_character_is_refused(tmp_path):
    data = tmp_path / "bell\x07.json"
    write_file(hostile_file(), Path(data))
    with (
        Store.open(tmp_path / "s.sqlite", sample=False) as store,
        pytest.raises(InputError, match="control character"),
    ):
        store.import_file(data)


def _xml_clean(text: str) -> bool:
    return xml_text(text) == text


def test_svg_and_pptx_exports_are_well_formed_with_control_characters(capsys, tmp_path):
    from pptx import Presentation

    store_path = tmp_path / "s.sqlite"
    with Store.open(store_path, sample=False) as store:
        store.import_parsed(hostile_file(), "Hostile\u2028name")
    args = ("--store", store_path, "--dataset", "Hostile\u2028name")
    svg, deck = tmp_path / "t.svg", tmp_path / "b.pptx"
    for command in (("export", svg, "--title", "T\x0bitle\x00"), ("briefing", deck)):
        code, _out, err = run_cli(capsys, *command, *args)
        assert code == 0, err
    texts = [t.text or "" for t in ET.parse(svg).getroot().iter() if t.text]
    drawn = " ".join(texts)
    assert "Clash <img src=/dev/zero>" in drawn  # markup is text in the drawing, not markup
    assert "Ctl" in drawn and "T itle" in drawn
    assert all(_xml_clean(t) for t in texts)
    shown = []
    for slide in Presentation(str(deck)).slides:  # python-pptx opens it
        for shape in slide.shapes:
            if shape.has_text_frame:
                shown.append(shape.text_frame.text)
    assert "Esc[31mred]0;pwned nul vt ff" in "\n".join(shown)  # ESC, BEL, NUL gone; VT a space
    with zipfile.ZipFile(deck) as z:  # and every part of it is XML
        for name in z.namelist():
            if name.endswith(".xml"):
                part = z.read(name).decode()
                ET.fromstring(part)
                assert "_x00" not in part  # python-pptx's escape, shown as such by viewers

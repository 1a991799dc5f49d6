import json
import os
import subprocess
import sys

import pytest

from conftest import DATA
from timeline_app import __version__
from timeline_app.cli import main
from timeline_app.core.store import sample_path


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_stats_on_a_new_store(capsys, store_path):
    code, out, err = run_cli(capsys, "stats", "--json", "--store", str(store_path))
    assert code == 0 and err == ""
    (congo,) = json.loads(out)["datasets"]
    assert congo["dataset"] == "Congo 2025" and congo["events"] >= 30
    assert congo["key_events"] == 4 and congo["first"] == "2025-01"


def test_store_option_before_the_command_and_env(capsys, store_path, monkeypatch):
    assert run_cli(capsys, "--store", str(store_path), "stats")[0] == 0
    assert store_path.exists()
    other = store_path.with_name("env.sqlite")
    monkeypatch.setenv("TIMELINE_APP_STORE", str(other))
    code, out, _ = run_cli(capsys, "stats")
    assert code == 0 and str(other) in out and other.exists()


def test_no_sample(capsys, store_path):
    code, out, _ = run_cli(capsys, "stats", "--no-sample", "--store", str(store_path))
    assert code == 0 and "no datasets" in out


def test_import_bundled_again_is_all_unchanged(capsys, store_path):
    code, out, _ = run_cli(capsys, "import", str(sample_path()), "--store", str(store_path))
    assert code == 0
    assert out.splitlines() == [
        "congo-2025.json: read as Timeline App JSON",
        "congo-2025.json -> 'Congo 2025': 0 new, 0 updated, 32 unchanged, "
        "0 no longer in the source",
    ]


def test_import_several_files(capsys, store_path):
    code, out, err = run_cli(
        capsys, "import", str(DATA / "small.csv"), str(DATA / "bad_date.csv"),
        "--dataset", "Mine", "--store", str(store_path),
    )  # fmt: skip
    assert code == 1
    assert "small.csv -> 'Mine': 4 new, 0 updated, 0 unchanged" in out
    assert "bad_date.csv, line 3, field 'start'" in err


def test_export_data_lists_every_event_with_sources(capsys, store_path, tmp_path):
    out_csv = tmp_path / "congo.csv"
    code, out, _ = run_cli(capsys, "export-data", str(out_csv), "--store", str(store_path))
    assert code == 0 and "wrote 32 events" in out
    import csv

    with out_csv.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 32 and all("http" in r["sources"] for r in rows)
    keys = [r["title"] for r in rows if r["key"] == "yes"]
    assert keys == [
        "M23 claims Goma and enters the city centre",
        "M23 enters Bukavu",
        "Tshisekedi and Kagame meet in Doha",
        "M23 enters Walikale",
    ]


def test_export_unknown_format(capsys, store_path, tmp_path):
    code, _, err = run_cli(
        capsys, "export-data", str(tmp_path / "x.xlsx"), "--store", str(store_path)
    )
    assert code == 1 and "x.xlsx" in err


@pytest.mark.parametrize("command", [[], ["import"], ["stats"], ["export-data"]])
def test_help(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    assert "usage: timeline-app" in capsys.readouterr().out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"timeline-app {__version__}"


def test_module_entry_point_is_quiet(store_path):
    """The real entry point, in a fresh process: no warnings, exit 0."""
    env = {**os.environ, "TIMELINE_APP_STORE": str(store_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "timeline_app", "stats"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "Congo 2025: 32 events" in proc.stdout


def test_a_large_import_then_builds_the_search_index(capsys, store_path, monkeypatch):
    from timeline_app.core import search_index
    from timeline_app.core.store import Store

    monkeypatch.setattr(search_index, "AT_ONCE", 3)  # as if small.csv were large
    with Store.open(store_path, sample=False) as store:  # as the window imports
        store.import_file(DATA / "small.csv", dataset="First")
    code, out, _ = run_cli(capsys, "stats", "--store", str(store_path))
    assert "search index: 4 event(s) not indexed yet" in out
    code, out, _ = run_cli(capsys, "import", str(DATA / "small.csv"), "--dataset", "Second",
                           "--store", str(store_path))  # fmt: skip
    assert code == 0 and out.splitlines()[-1] == "search index: 8 event(s) indexed"
    code, out, _ = run_cli(capsys, "stats", "--store", str(store_path))
    assert "search index" not in out

"""Hostile files: time and peak memory of importing (or refusing) each pathological case of
issue 13, each in a child process (`timeline-app import` on a new store), watched.

    python benchmarks/hostile_files.py [--cases NAME ...] [--limit-mb 3000] [--timeout 90]
                                       [--huge]

The aim: a file under 50 MB never takes more than 2 GB or 60 s to import or refuse. A child
that passes --limit-mb of resident memory or --timeout seconds is killed (the figure is then
a lower bound, marked ">"). --huge adds a 2 GB single-line CSV (generated in the temporary
folder: needs 2 GB of disk). Outcome: "refused" (a message naming the file), "imported",
"crashed" (a traceback) or "killed".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MB = 1 << 20


# -- the files ------------------------------------------------------------------------------


def xlsx(path: Path, sheet_xml: str | bytes, dimension: str | None = None) -> None:
    """A minimal workbook of one sheet whose <sheetData> is `sheet_xml`."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{ct}.worksheet+xml"/></Types>'))  # fmt: skip
        z.writestr(
            "_rels/.rels",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}"><Relationship '
                f'Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
        )
        z.writestr(
            "xl/workbook.xml",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
                '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}"><Relationship '
                f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
            ),
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}>{dim}'
                    "<sheetData>".encode())  # fmt: skip
            f.write(sheet_xml.encode() if isinstance(sheet_xml, str) else sheet_xml)
            f.write(b"</sheetData></worksheet>")


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_cell_xlsx(path: Path) -> None:
    head = "".join(_inline(f"{c}1", n) for c, n in zip("AB", ("Date", "Title"), strict=True))
    row = _inline("A2", "2025-01-01") + _inline("B2", "Clash")
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    xlsx(path, f'<row r="1">{head}</row><row r="2">{row}</row>{far}', "A1:XFD1048576")


def many_cells_xlsx(path: Path, cells: int = 15_000_000, width: int = 30) -> None:
    """`cells` numeric cells, `width` a row, with no dimension (as some writers leave it)."""
    head = "<row>" + "".join(_inline(f"{chr(65 + i)}1", f"c{i}") for i in range(2)) + "</row>"
    row = ("<row>" + "<c><v>1</v></c>" * width + "</row>").encode()
    xlsx(path, head.encode() + row * (cells // width))


def native_json(path: Path, events: list, *, indent: int | None = None) -> None:
    doc = {"format": "timeline-app", "version": 1, "dataset": {"name": "x"}, "events": events}
    path.write_text(json.dumps(doc, indent=indent), encoding="utf-8")


def empty_events_json(path: Path, size: int = 12 * MB) -> None:
    native_json(path, [{}] * (size // 4))


def bad_last_event_json(path: Path, size: int = 44 * MB) -> None:
    one = {
        "id": "e0",
        "start": "2025-01-27",
        "precision": "day",
        "title": "M23 enters Goma",
        "description": "x" * 120,
        "location": {"place": "Goma", "country": "DR Congo"},
    }
    n = size // (len(json.dumps(one, indent=1)) + 8)
    events = [dict(one, id=f"e{i}") for i in range(n)]
    events[-1] = dict(one, id="bad", start="2025-13-45")
    native_json(path, events, indent=1)


def tljs_json(path: Path, headline: str) -> None:
    slide = {"start_date": {"year": 2020}, "text": {"headline": headline}}
    path.write_text(json.dumps({"events": [slide]}), encoding="utf-8")


def tljs_csv(path: Path, headline: str) -> None:
    path.write_text(f"Year,Month,Day,Headline,Text\n2020,1,1,{headline},t\n", encoding="utf-8")


def long_line(path: Path, header: str, size: int) -> None:
    with path.open("wb") as f:
        f.write(header.encode() + b"\n")
        block = b"x" * MB
        for _ in range(size // MB):
            f.write(block)
        f.write(b"\n")


def acled_long_line(path: Path, size: int) -> None:
    header = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").split("\n", 1)[0]
    long_line(path, header, size)


def deep_json(path: Path) -> None:
    path.write_text('{"format": "timeline-app", "version": 1, "events": [' + "[" * 100_000
                    + "]" * 100_000 + "]}")  # fmt: skip


HEAD = "id,start,title"
CASES = {  # name: (file name, maker, extra arguments)
    "xlsx one cell at XFD1048576": ("far.xlsx", far_cell_xlsx, ["--map", "auto"]),
    "xlsx 15M cells": ("many.xlsx", many_cells_xlsx, ["--map", "auto"]),
    "xlsx 2.9M cells (under the cap)": (
        "under.xlsx",
        lambda p: many_cells_xlsx(p, 2_900_000),
        ["--map", "auto"],
    ),
    "native JSON 12 MB of {} events": ("empty.json", empty_events_json, []),
    "native JSON 44 MB, last event bad": ("badlast.json", bad_last_event_json, []),
    "TimelineJS JSON 400 KB of <!--": ("c.json", lambda p: tljs_json(p, "<!--" * 100_000), []),
    "TimelineJS CSV 400 KB of <!--": ("c.csv", lambda p: tljs_csv(p, "<!--" * 100_000), []),
    "TimelineJS JSON 400 KB of <a ": ("a.json", lambda p: tljs_json(p, "<a " * 133_000), []),
    "TimelineJS JSON <![ x": ("x.json", lambda p: tljs_json(p, "<![ x"), []),
    "JSON nested 100,000 deep": ("deep.json", deep_json, []),
    "native CSV, a 45 MB line": ("line.csv", lambda p: long_line(p, HEAD, 45 * MB), []),
    "ACLED CSV, a 45 MB line": ("acled.csv", lambda p: acled_long_line(p, 45 * MB), []),
}
HUGE = {
    "native CSV, a 2 GB line": ("huge.csv", lambda p: long_line(p, HEAD, 2048 * MB), []),
    "ACLED CSV, a 2 GB line": ("hugeacled.csv", lambda p: acled_long_line(p, 2048 * MB), []),
}


# -- measuring --------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """The resident memory of a process and its children, in MB (0 once it is gone)."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(rss_mb(int(child)) for child in children)


def run(path: Path, extra: list[str], folder: Path, limit_mb: float, timeout: float) -> dict:
    """Import `path` with the CLI under GNU time (its peak is the child's own: a forked
    child's ru_maxrss starts from its parent's), watched: killed past the limits."""
    store = folder / f"store-{path.stem}.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    measured = folder / "time.txt"
    cmd = ["/usr/bin/time", "-f", "%M", "-o", str(measured), sys.executable, "-m",
           "timeline_app", "import", str(path), "--store", str(store), *extra]  # fmt: skip
    err = folder / "stderr.txt"
    with err.open("wb") as err_file:
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err_file, env=env,
                                 start_new_session=True)  # fmt: skip
        t0, killed, peak = time.perf_counter(), "", 0.0
        while child.poll() is None:
            peak = max(peak, rss_mb(child.pid))
            elapsed = time.perf_counter() - t0
            if not killed and (peak > limit_mb or elapsed > timeout):
                killed = f"> {limit_mb:.0f} MB" if peak > limit_mb else f"> {timeout:.0f} s"
                os.killpg(child.pid, signal.SIGKILL)
            time.sleep(0.05)
    elapsed = time.perf_counter() - t0
    with contextlib.suppress(OSError, ValueError, IndexError):
        peak = max(peak, int(measured.read_text().split()[-1]) / 1024)
    text = err.read_text(encoding="utf-8", errors="replace")
    if killed:
        outcome = "killed " + killed
    elif "Traceback" in text:
        outcome = "crashed: " + text.strip().splitlines()[-1][:120]
    elif child.returncode == 0:
        outcome = "imported"
    else:
        outcome = "refused: " + text.strip().splitlines()[0][:160]
    for leftover in folder.glob(f"store-{path.stem}*"):
        leftover.unlink()
    return {"seconds": round(elapsed, 2), "peak_mb": round(peak), "outcome": outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="*", help="names (or parts of names) of cases to run")
    parser.add_argument("--limit-mb", type=float, default=3000)
    parser.add_argument("--timeout", type=float, default=90)
    parser.add_argument("--huge", action="store_true", help="add the 2 GB single-line files")
    args = parser.parse_args()
    cases = {**CASES, **(HUGE if args.huge else {})}
    if args.cases:
        cases = {k: v for k, v in cases.items() if any(c.lower() in k.lower() for c in args.cases)}
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        folder = Path(tmp)
        print("| case | file size | time (s) | peak memory (MB) | outcome |")
        print("|---|---:|---:|---:|---|")
        for name, (file_name, make, extra) in cases.items():
            path = folder / file_name
            make(path)
            size = path.stat().st_size
            result = run(path, extra, folder, args.limit_mb, args.timeout)
            path.unlink()
            shown = f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.1f} KB"
            print(f"| {name} | {shown} | {result['seconds']} | {result['peak_mb']} | "
                  f"{result['outcome']} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

"""The core must import and work without Qt."""

import subprocess
import sys
from pathlib import Path

import timeline_app.core

CORE = Path(timeline_app.core.__file__).parent


def test_core_imports_no_qt():
    modules = sorted(
        "timeline_app.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name != "__init__.py"
    )
    assert "timeline_app.core.store" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "import timeline_app.cli\n"
        + "qt = ('PySide6', 'pyqtgraph', 'shiboken6')\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in qt)\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert out.stderr == ""


def test_no_qt_import_statements_in_core():
    for path in CORE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                assert "PySide6" not in stripped and "pyqtgraph" not in stripped, path

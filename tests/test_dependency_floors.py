"""The floors pyproject.toml declares are the versions CI tests in .ci/floors.txt: a floor we
never ran is a guess (PySide6 6.6 and pandas 2.1 were declared, and failed with numpy 2)."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).parent.parent


def test_every_declared_floor_is_the_version_ci_installs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    declared += [Requirement(r) for r in project["optional-dependencies"]["test"]]
    tested = {}
    for line in (ROOT / ".ci" / "floors.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            tested[canonicalize_name(name)] = version.strip()
    for req in declared:
        floors = [s.version for s in req.specifier if s.operator == ">="]
        name = canonicalize_name(req.name)
        if name == "ruff" or not floors:
            continue  # a tool, not a library the code runs on
        assert tested.get(name) is not None, f"{req.name}: no floor tested in .ci/floors.txt"
        assert Version(floors[0]) == Version(tested[name]), (
            f"{req.name}: pyproject says >={floors[0]}, CI tests {tested[name]}"
        )

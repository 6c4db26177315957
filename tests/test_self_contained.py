"""The repository is self-contained: no code, test, script or benchmark reads a folder beside the clone."""

from __future__ import annotations

import re

from tests.conftest import KOMMUN_FILE, POLICE_SAMPLE, PROJECT_ROOT

# A path that leaves the repository towards a sibling folder, e.g. ``../shared`` or ``parent / "shared"``.
_SIBLING = re.compile(r"""\.\./shared|parents?\s*(\[\s*\d+\s*\])?\s*/\s*["']shared["']""")


def test_nothing_reads_a_folder_beside_the_repository() -> None:
    offenders = []
    for folder in ("src", "tests", "bench", "scripts", "pages"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if _SIBLING.search(text) and path.name != "test_self_contained.py":
                offenders.append(str(path.relative_to(PROJECT_ROOT)))
    for path in (PROJECT_ROOT / "Makefile", PROJECT_ROOT / ".ci" / "run", PROJECT_ROOT / "app.py"):
        if _SIBLING.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(PROJECT_ROOT)))
    assert offenders == []


def test_the_sample_files_the_tests_read_are_in_the_repository() -> None:
    for path in (POLICE_SAMPLE, KOMMUN_FILE):
        assert path.is_file() and PROJECT_ROOT in path.parents
    assert "polisen/events.json" in (PROJECT_ROOT / "tests" / "data" / "SOURCES.md").read_text(encoding="utf-8")

"""The README's *Command line* section states the conventions scripts rely on, and lists every command."""

from __future__ import annotations

import re

from est.cli import COMMANDS
from tests.conftest import PROJECT_ROOT


def _section() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Command line")
    return readme[start : readme.index("\n## ", start + 1)]


def test_readme_command_line_section_states_the_conventions() -> None:
    text = " ".join(_section().split())
    for promise in (
        '`{"error": {"message": "…", "code": 1}}`',  # the JSON error object
        "`code` is the exit code: 1 or 2",
        "Only `est init` creates a database",
        "checks the path first",
        "import no pandas, DuckDB, geopandas, folium or fpdf",  # the lazy imports
        "`tests/test_cli_lazy_imports.py`",
        "exports the **last complete ISO week**",  # est export's default period
    ):
        assert promise in text, promise


def test_readme_lists_every_command() -> None:
    listed = set(re.findall(r"`est ([a-z][a-z-]*)", _section()))
    assert {c.name for c in COMMANDS} <= listed

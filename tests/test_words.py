"""One word for one thing: a report is what a source sent, a problem is one or more linked reports.

The glossary is in docs/analytics.md (*Words*). "Händelse" is the police's word for their events (polisen.se),
so in Swedish it names only those; a count of reports or problems never says "händelser".
"""

from __future__ import annotations

import re

from est.i18n import catalogue, t
from tests.conftest import PROJECT_ROOT

HANDELSE = re.compile(r"\bhändelse(r|n|rna)?\b", re.IGNORECASE)  # the word alone, not "Händelsekarta"
POLICE_EVENTS = ("kallor.", "police_panel.", "nav.kallor", "permission.manage_sources", "audit.action.police_import")


def test_no_swedish_text_calls_a_count_handelser_outside_the_police_events() -> None:
    found = {
        key: sv for key, (sv, _en) in catalogue().items() if HANDELSE.search(sv) and not key.startswith(POLICE_EVENTS)
    }
    assert found == {}


def test_the_count_labels_say_problem_and_the_raw_labels_say_report() -> None:
    for key in ("common.incidents", "lagesbild.kpi.current", "lagesbild.map_title", "analysis.map_mode.count"):
        assert "problem" in t(key, "sv").lower(), key
        assert "problem" in t(key, "en").lower(), key
    raw_keys = ("common.reports", "lagesbild.kpi.current_raw", "lagesbild.map_title_raw", "analysis.map_mode.count_raw")
    for key in raw_keys:
        assert "rapport" in t(key, "sv").lower(), key
        assert "report" in t(key, "en").lower(), key


def test_the_glossary_defines_report_and_problem_once() -> None:
    docs = (PROJECT_ROOT / "docs" / "analytics.md").read_text(encoding="utf-8")
    assert docs.count("## Words") == 1
    words = docs.split("## Words", 1)[1].split("\n## ", 1)[0]
    for word in ("**Rapport**", "**Problem**", "**Händelse**"):
        assert word in words

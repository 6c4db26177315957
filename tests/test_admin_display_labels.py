"""The admin pages show people words, not codes: permissions, audit actions, source kinds, categories.

Unit tests of the ``*_for_display`` functions and label helpers, then the real pages (AppTest) in Swedish and
after switching the sidebar language to English: every table header and label is in the chosen language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from est.access.audit import action_label, entries_for_display, record
from est.access.auth import LOCAL_ADMIN, Permission, Role, grants, permission_label, permissions_for_display
from est.i18n import catalogue, t
from est.intake.dedup import link_duplicates
from est.store import Store
from tests.conftest import PROJECT_ROOT

# Every action code a write path gives ``record`` (scanned from the source, so a new one needs a label).
_RECORD = re.compile(
    r'\brecord\(\s*\w+\s*,\s*[^,()]+(?:\([^()]*\))?\s*,\s*("[a-z_]+"(?:\s+if\s+[^,]+?\s+else\s+"[a-z_]+")?)'
)
AUDIT_ACTIONS = sorted(
    {
        code
        for path in (PROJECT_ROOT / "src" / "est").rglob("*.py")
        for match in _RECORD.finditer(path.read_text(encoding="utf-8"))
        for code in re.findall(r'"([a-z_]+)"', match.group(1))
    }
)


def test_the_source_scan_finds_the_audit_actions() -> None:
    assert {"login", "import", "undo", "edit", "export", "police_import", "logout", "user_disable"} <= set(
        AUDIT_ACTIONS
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_audit_action_has_a_label(lang: Any) -> None:
    for code in AUDIT_ACTIONS:
        label = action_label(code, lang)
        assert label != code and "_" not in label, (code, label)
    assert action_label("undo", "sv") == "Ångrad import"
    assert action_label("undo", "en") == "Import undone"
    assert action_label("never_seen_before", "sv") == "never_seen_before"  # unknown: shown as is, no crash


@pytest.mark.parametrize("role", list(Role))
def test_permissions_for_display_are_words_in_each_language(role: Role) -> None:
    sv, en = permissions_for_display(role, "sv"), permissions_for_display(role, "en")
    assert len(sv) == len(en) == len(grants(role))
    codes = {p.value for p in Permission} | {p.name for p in Permission}
    assert not codes & (set(sv) | set(en))
    assert all("_" not in label for label in sv + en)
    assert len(set(sv)) == len(sv)  # two permissions never read the same
    assert permission_label(Permission.MANAGE_MEETINGS, "sv") == "Hantera möten och åtgärder"
    assert permission_label(Permission.MANAGE_MEETINGS, "en") == "Manage meetings and actions"


def test_audit_entries_for_display_translate_headers_actions_and_target_words() -> None:
    entries = pd.DataFrame(
        {
            "logged_at": pd.to_datetime(["2026-11-02 10:15:00", "2026-11-02 10:16:00", "2026-11-02 10:17:00"]),
            "actor": ["anna", "cli:root", "anna"],
            "action": ["undo", "edit", "export"],
            "target": ["batch 12", "area set Bostadsområden", None],
            "rows": [40, 1, 3],
            "detail": [None, '{"status": "klar"}', None],
        }
    )
    sv = entries_for_display(entries, "sv")
    assert list(sv.columns) == ["När", "Vem", "Vad", "Objekt", "Rader", "Detaljer"]
    assert sv["Vad"].tolist() == ["Ångrad import", "Ändring", "Export"]
    assert sv["Objekt"].tolist()[:2] == ["import 12", "områdesindelning Bostadsområden"]
    assert sv["När"].tolist()[0] == "2026-11-02 10:15:00"
    en = entries_for_display(entries, "en")
    assert list(en.columns) == ["When", "Who", "What", "Target", "Rows", "Details"]
    assert en["What"].tolist() == ["Import undone", "Edit", "Export"]
    assert en["Target"].tolist()[:2] == ["batch 12", "area set Bostadsområden"]
    assert entries["action"].tolist() == ["undo", "edit", "export"]  # the data itself is untouched


# -- the pages ------------------------------------------------------------------------------------------------

# Catalogue texts that exist in one language only (a word both languages use, like "Import", is in neither).
_SV_TEXTS = {sv for sv, _en in catalogue().values()}
_EN_TEXTS = {en for _sv, en in catalogue().values()}
_SV_ONLY, _EN_ONLY = _SV_TEXTS - _EN_TEXTS, _EN_TEXTS - _SV_TEXTS


def _shown(at: Any) -> list[str]:
    """Every text of the main area a person reads: headings, labels, options, table headers and text cells."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "success", "warning", "error"):
        texts += [str(e.value) for e in getattr(at.main, kind)]
    for kind in ("selectbox", "multiselect", "text_input", "date_input", "toggle", "button", "checkbox"):
        for widget in getattr(at.main, kind):
            texts.append(str(widget.label))
            texts += [str(o) for o in getattr(widget, "options", [])]
    texts += [f"{m.label}" for m in at.main.metric] + [f"{m.value}" for m in at.main.metric]
    texts += [str(e.label) for e in at.main.expander]
    for frame in at.main.dataframe:
        value = frame.value
        texts += [str(c) for c in value.columns]
        for column in value.columns:
            if value[column].dtype == object:
                texts += [str(v) for v in value[column].dropna()]
    return texts


def _in_other_language(at: Any, lang: str) -> list[str]:
    other = _SV_ONLY if lang == "en" else _EN_ONLY
    return [text for text in _shown(at) if text in other]


def _switch_to_english(at: Any) -> None:
    """Choose English in the sidebar, as a person does, and run.

    AppTest runs a page without the router after its first run (see ``est.ui.context.ensure_routed``), so the
    sidebar is only there to click in the first run; later runs of the same test keep the choice through
    :func:`_keep_english`.
    """
    at.sidebar.selectbox(key="app_lang").set_value("en").run()
    assert not at.exception, at.exception


def _keep_english(at: Any) -> Any:
    at.session_state["app_lang"] = "en"  # what the (always rendered) sidebar choice keeps in a real session
    return at


@pytest.fixture
def linked_store(demo_store: Store) -> Store:
    """The demo with duplicates linked and a few audit entries of the kinds the log page must name."""
    link_duplicates(demo_store, LOCAL_ADMIN)
    with demo_store.writing() as writer:
        record(writer, "anna", "import", target="batch 3", rows=40)
        record(writer, "anna", "undo", target="batch 3", rows=40)
        record(writer, "anna", "edit", target="meeting 2", rows=1)
        record(writer, "anna", "export", rows=12)
    return demo_store


def test_account_page_lists_permissions_as_words_in_both_languages(
    demo_store: Store, app_test: Callable[..., Any]
) -> None:
    at = app_test(demo_store, page="konto")
    at.run()
    assert not at.exception, at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Hantera möten och åtgärder" in text and "Läsa granskningsloggen" in text
    assert not re.search(r"\b(manage_meetings|view_audit|export_aggregate|MANAGE_MEETINGS)\b", text)
    assert _in_other_language(at, "sv") == []
    _switch_to_english(at)
    text = " ".join(m.value for m in at.markdown)
    assert "Manage meetings and actions" in text and "Hantera" not in text
    assert _in_other_language(at, "en") == []


def test_audit_log_page_names_actions_and_headers_in_both_languages(
    linked_store: Store, app_test: Callable[..., Any]
) -> None:
    at = app_test(linked_store, page="logg")
    at.run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == ["När", "Vem", "Vad", "Objekt", "Rader", "Detaljer"]
    assert {"Ångrad import", "Import", "Ändring", "Export", "Dubbletter länkade"} <= set(table["Vad"])
    assert not set(table["Vad"]) & set(AUDIT_ACTIONS) - {"import", "export"}  # no code (these two read the same)
    assert "import 3" in set(table["Objekt"]) and "möte 2" in set(table["Objekt"])
    assert "Ångrad import" in at.selectbox(key="logg_action_sv").options
    assert "undo" not in at.selectbox(key="logg_action_sv").options
    assert _in_other_language(at, "sv") == []

    _switch_to_english(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["When", "Who", "What", "Target", "Rows", "Details"]
    assert {"Import undone", "Edit", "Duplicates linked"} <= set(table["What"])
    assert "batch 3" in set(table["Target"])
    assert _in_other_language(at, "en") == []
    assert "Import undone" in at.selectbox(key="logg_action_en").options
    _keep_english(at).selectbox(key="logg_action_en").set_value("undo").run()  # filters on the stored code
    assert at.dataframe[0].value["What"].tolist() == ["Import undone"]


def test_police_events_page_shows_labels_not_codes_in_both_languages(
    linked_store: Store, app_test: Callable[..., Any]
) -> None:
    at = app_test(linked_store, page="kallor")
    at.run()
    assert not at.exception, at.exception
    events, problems = (d.value for d in at.dataframe)
    assert list(events.columns) == ["Tid", "Typ", "Kommun", "Sammanfattning", "EST-kategori", "polisen.se"]
    assert not events["EST-kategori"].str.contains(r"\.", regex=True).any()  # no category code (skadegorelse.ovrig)
    assert list(problems.columns) == [
        "Nr",
        "Status",
        "Rapporter",
        "Källor",
        "Första rapport",
        "Senaste rapport",
        "Kategori",
    ]
    assert set(problems["Status"]) <= {"Öppen", "Bekräftad"}
    kinds = {k.strip() for cell in problems["Källor"] for k in cell.split(",")}
    assert kinds and not kinds & {"fastighetsagare", "nattvandrare", "vaktare", "polis", "kommun"}
    assert "Fastighetsägare" in kinds
    assert not problems["Kategori"].str.contains(r"\.", regex=True).any()
    assert _in_other_language(at, "sv") == []
    first = int(problems["Nr"].iloc[0])
    at.selectbox(key="kallor_problem").set_value(first).run()
    sources = at.dataframe[-1].value
    assert list(sources.columns) == [
        "Nr",
        "Tid",
        "Kategori",
        "Källa",
        "Organisation",
        "Avstånd (m)",
        "Minuter ifrån",
        "Bekräftad",
        "Första rapporten",
    ]
    assert set(sources["Källa"]) <= set(kinds)
    assert _in_other_language(at, "sv") == []

    at = app_test(linked_store, page="kallor")
    at.run()
    _switch_to_english(at)
    events, problems = (d.value for d in at.dataframe)
    assert list(events.columns) == ["Time", "Type", "Kommun", "Summary", "EST category", "polisen.se"]
    assert list(problems.columns)[:4] == ["No.", "Status", "Reports", "Sources"]
    assert set(problems["Status"]) <= {"Open", "Confirmed"}
    assert "Property owner" in {k.strip() for cell in problems["Sources"] for k in cell.split(",")}
    _keep_english(at).selectbox(key="kallor_problem").set_value(first).run()
    assert list(at.dataframe[-1].value.columns)[:4] == ["No.", "Time", "Category", "Source"]
    assert _in_other_language(at, "en") == []


@pytest.mark.parametrize("page", ["anvandare", "integritet"])
def test_users_and_privacy_pages_follow_the_language_switch(
    page: str, demo_store: Store, app_test: Callable[..., Any]
) -> None:
    from est.access.accounts import add_user

    with demo_store.writing() as writer:
        add_user(writer, LOCAL_ADMIN, "admin@example.se", "admin", sso=True)
        add_user(writer, LOCAL_ADMIN, "samordnare@example.se", "samordnare", sso=True)
    at = app_test(demo_store, page=page, user={"is_logged_in": True, "email": "admin@example.se"})
    at.run()
    assert not at.exception, at.exception
    assert at.dataframe, "the page shows its table"
    assert _in_other_language(at, "sv") == []
    _switch_to_english(at)
    assert _in_other_language(at, "en") == []
    roles = {str(v) for d in at.dataframe for column in ("Role",) if column in d.value for v in d.value[column]}
    assert t("role.samordnare", "en") in roles

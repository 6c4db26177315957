"""Importing a file: the steps of ``pages/importera.py`` from the organisation to the report.

Rendering and session state only. Reading and detecting a file, mapping columns, validating rows, writing a
batch and undoing one live in :mod:`est.intake`; the functions here lay out the widgets, keep the uploaded
file and the last report in the session state (``importera_path``, ``importera_report``), call those
functions, link duplicates again after an import (:func:`est.ui.dedup_views.relink`) and show the report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

import streamlit as st

from est.access.auth import Permission
from est.i18n import format_int, tn
from est.intake import ImportReport, import_file, list_batches, rejects_csv, undo_batch
from est.intake.fields import FIELDS
from est.intake.importer import ALLOWED_CRS
from est.intake.organisations import NEW_ORGANISATION_SOURCE_KIND
from est.intake.uploads import UPLOAD_TYPES, forget_upload, save_upload
from est.ui.cache import clear_reads
from est.ui.context import may_open, read
from est.ui.dedup_views import relink
from est.ui.markdown import escape_markdown
from est.ui.session import current_lang, get_store, guard, text
from est.ui.widgets import select_code

if TYPE_CHECKING:
    from est.access.auth import Viewer
    from est.intake import ImportOptions, Preview
    from est.picture.filter_options import Option

__all__ = [
    "DEFAULT_SOURCE_KIND",
    "ImportSource",
    "KeptUpload",
    "keep_upload",
    "last_report",
    "pick_import_organisation",
    "pick_mapping",
    "pick_options",
    "render_batches",
    "render_detected",
    "render_report",
    "run_import",
]

_UPLOAD_ID = "importera_upload_id"
_PATH = "importera_path"
_REPORT = "importera_report"
_MAX_PREVIEW_ROWS = 10
_MAX_UNMAPPED_SHOWN = 30
_MAX_REJECTS_SHOWN = 1000
_MAX_EXAMPLE_CHARS = 60

#: The source kind preset for a new organisation: the one ``est import`` gives a new organisation too.
DEFAULT_SOURCE_KIND = NEW_ORGANISATION_SOURCE_KIND


@dataclass(frozen=True)
class KeptUpload:
    """The uploaded file, saved once per upload: where it lies and the name it was uploaded with."""

    path: str
    name: str


@dataclass(frozen=True)
class ImportSource:
    """Who the file comes from: the organisation's name and, for a new one, its kind of source."""

    organisation: str | None = None
    source_kind: str | None = None  # only for a new organisation; an existing one keeps its own


def pick_import_organisation(viewer: Viewer, organisations: list[str], kinds: list[Option]) -> ImportSource:
    """The organisation imported for: picked or typed by who may import for any organisation.

    A typed name that is no existing organisation creates one on import; its kind of source (fastighetsägare,
    väktare, nattvandrare, kommun, polis, …) is chosen then, preset to :data:`DEFAULT_SOURCE_KIND`.

    Parameters
    ----------
    viewer
        Who imports; without ``IMPORT_ANY_ORG`` nothing is shown (the import uses the viewer's own).
    organisations
        :func:`est.intake.organisations.organisation_names`.
    kinds
        :func:`est.picture.filter_options.source_options`: the source kinds in their configured order.

    Returns
    -------
    ImportSource
        The typed new name (with the chosen kind), else the picked one; no name when neither is given or the
        viewer imports for its own organisation.
    """
    if not viewer.can(Permission.IMPORT_ANY_ORG):
        return ImportSource()
    left, right = st.columns(2)
    org = left.selectbox(
        text("import.organisation"), organisations, index=None, key="importera_org", placeholder=text("common.choose")
    )
    typed = " ".join(right.text_input(text("import.new_organisation"), key="importera_new_org").split())
    if not typed:
        return ImportSource(organisation=org)
    if typed.lower() in {o.lower() for o in organisations}:
        return ImportSource(organisation=typed)
    lang = current_lang()
    by_code = {k.value: k for k in kinds}
    codes = list(by_code)
    kind = select_code(  # keyed per language: the choice survives a language switch
        right,
        text("import.source_kind"),
        codes,
        index=codes.index(DEFAULT_SOURCE_KIND) if DEFAULT_SOURCE_KIND in codes else 0,
        format_func=lambda code: by_code[code].label(lang),
        help=text("import.source_kind_help"),
        key="importera_source_kind",
    )
    return ImportSource(organisation=typed, source_kind=kind)


def render_batches(viewer: Viewer) -> None:
    """Render the expander with the viewer's latest batches and the undo of a committed one.

    Parameters
    ----------
    viewer
        Whose batches are listed (:func:`est.intake.list_batches`) and who undoes one.
    """
    with st.expander(text("import.batches")), guard():
        batches = read(list_batches, viewer, 20)
        if not batches:
            st.caption(text("import.no_batches"))
            return
        st.dataframe(batches, hide_index=True)
        undoable = [b["id"] for b in batches if b["status"] == "committed"]
        left, right = st.columns([1, 3])
        chosen = left.selectbox(
            text("import.undo"), undoable, index=None, key="importera_undo_id", placeholder=text("common.choose")
        )
        if right.button(text("import.undo"), disabled=chosen is None, key="importera_undo") and chosen:
            result = undo_batch(get_store(), viewer, int(chosen))  # links duplicates again in its transaction
            clear_reads()
            st.success(tn("import.undone", int(result["rows_deleted"]), current_lang(), batch=chosen))


def keep_upload() -> KeptUpload | None:
    """Render the file uploader and save a newly uploaded file once (reruns reuse the saved copy).

    The saved copy of a file the user removes or replaces is deleted at once.

    Returns
    -------
    KeptUpload or None
        The saved file; None while nothing is uploaded.
    """
    upload = st.file_uploader(text("import.file"), type=list(UPLOAD_TYPES), key="importera_file")
    kept = st.session_state.get(_PATH)
    if kept and (upload is None or st.session_state.get(_UPLOAD_ID) != upload.file_id):
        forget_upload(kept)  # removed or replaced: its copy on disk goes now, not with the next sweep
        del st.session_state[_PATH]
    if upload is None:
        return None
    if _PATH not in st.session_state or not Path(st.session_state[_PATH]).exists():  # swept while kept open
        st.session_state[_UPLOAD_ID] = upload.file_id
        st.session_state[_PATH] = str(save_upload(upload.name, upload.getbuffer()))
    return KeptUpload(path=str(st.session_state[_PATH]), name=upload.name)


def render_detected(found: Preview) -> None:
    """Render what was detected (encoding, delimiter, columns, profile) and the file's first rows.

    Parameters
    ----------
    found
        :func:`est.intake.preview` of the uploaded file.
    """
    source = found.source
    st.caption(
        text(
            "import.detected",
            encoding=source.encoding,
            delimiter=repr(source.delimiter) if source.delimiter else "–",
            columns=len(source.columns),
            profile=escape_markdown(found.profile) if found.profile else text("import.no_profile"),
        )
    )
    st.subheader(text("import.preview"))
    rows = [dict(zip(source.columns, row, strict=False)) for row in source.sample[:_MAX_PREVIEW_ROWS]]
    st.dataframe(rows, hide_index=True)


def pick_mapping(found: Preview, options: ImportOptions) -> ImportOptions:
    """Render the mapping as a table: one row per field with its label, its column choice and an example.

    The choice is preset to the detected mapping; the example is the first non-empty value of the chosen
    column in the file's first rows, so a wrong choice shows at once.

    Parameters
    ----------
    found
        :func:`est.intake.preview` of the uploaded file: its columns and detected mapping.
    options
        The options so far.

    Returns
    -------
    ImportOptions
        ``options`` with every field's choice as ``overrides`` (None for "not mapped").
    """
    st.subheader(text("import.mapping"))
    lang = current_lang()
    none = text("import.unmapped")
    columns = list(found.source.columns)
    choices = [none, *columns]
    weights = [2, 3, 3]
    for column, key in zip(
        st.columns(weights), ("import.map_field", "import.map_column", "import.map_example"), strict=True
    ):
        column.markdown(f"**{text(key)}**")
    overrides: list[tuple[str, str | None]] = []
    for field in FIELDS:
        current = found.mapping.get(field.name)
        label = field.label_sv if lang == "sv" else field.label_en
        name, choice, example = st.columns(weights, vertical_alignment="center")
        name.markdown(label)
        picked = choice.selectbox(
            label,
            choices,
            index=choices.index(current) if current in choices else 0,
            key=f"importera_map_{field.name}",
            label_visibility="collapsed",
        )
        if picked != none:
            example.caption(escape_markdown(_example(found, columns.index(picked))) or "–")
        overrides.append((field.name, None if picked == none else picked))
    return replace(options, overrides=tuple(overrides))


def _example(found: Preview, index: int) -> str:
    """The first non-empty value of column ``index`` in the file's first rows, shortened."""
    for row in found.source.sample[:_MAX_PREVIEW_ROWS]:
        value = row[index].strip() if index < len(row) else ""
        if value:
            return value if len(value) <= _MAX_EXAMPLE_CHARS else value[: _MAX_EXAMPLE_CHARS - 1] + "…"
    return ""


def pick_options(found: Preview, area_sets: list[str], options: ImportOptions) -> ImportOptions:
    """Render the date order, coordinate system, area set and profile name.

    Parameters
    ----------
    found
        :func:`est.intake.preview` of the uploaded file; its profile is the profile name's default.
    area_sets
        The area sets' names; the choice is hidden when there are none.
    options
        The options so far.

    Returns
    -------
    ImportOptions
        ``options`` with these choices (an empty date order or profile name as None).
    """
    orders = {"": text("import.date_auto"), "dmy": text("import.date_dmy"), "mdy": text("import.date_mdy")}
    a, b, c = st.columns(3)
    order = a.selectbox(text("import.date_order"), list(orders), format_func=orders.__getitem__, key="importera_order")
    crs = b.selectbox(text("import.crs"), [f"EPSG:{n}" for n in ALLOWED_CRS if n != 4326], key="importera_crs")
    area_set = c.selectbox(text("import.area_set"), area_sets, key="importera_area_set") if area_sets else None
    profile = st.text_input(text("import.profile"), value=found.profile or "", key="importera_profile")
    return replace(options, area_set=area_set, profile=profile or None, crs=crs, date_format=order or None)


def run_import(viewer: Viewer, path: str, options: ImportOptions) -> None:
    """Render the validate and commit buttons; on a press, import with a progress bar and keep the report.

    Who may import for any organisation must have picked one (else a warning and the page stops). After a
    committed import duplicates are linked again; the cached reads are cleared either way.

    Parameters
    ----------
    viewer
        Who imports (:func:`est.intake.import_file` checks the permission).
    path
        The saved upload (:func:`keep_upload`).
    options
        The chosen options; ``dry_run`` is set by the button pressed.
    """
    check, commit = st.columns(2)
    dry_run = check.button(text("import.validate"), key="importera_validate")
    do_import = commit.button(text("import.commit"), type="primary", key="importera_commit")
    if not (dry_run or do_import):
        return
    if viewer.can(Permission.IMPORT_ANY_ORG) and not options.organisation:
        st.warning(text("import.need_org"))
        st.stop()
    bar = st.progress(0.0)

    def show_progress(fraction: float, key: str) -> None:
        bar.progress(fraction, text=text(key))

    with guard():
        report = import_file(get_store(), viewer, path, replace(options, dry_run=dry_run), progress=show_progress)
    st.session_state[_REPORT] = report
    if report.status == "committed" and report.batch_id is not None:
        relink(viewer, report.batch_id)
    clear_reads()


def last_report() -> ImportReport | None:
    """The report of this session's last import or validation, or None."""
    return cast("ImportReport | None", st.session_state.get(_REPORT))


def render_report(report: ImportReport) -> None:
    """Render an import's outcome: the result, the row counts, warnings, unmapped categories and rejects.

    Parameters
    ----------
    report
        :func:`last_report`. Unmapped categories link to the Kategorier page (after a real import, for who
        may open it); rejected rows are listed (the first 1,000) and offered as CSV.
    """
    lang = current_lang()
    dry_run = report.status == "dry_run"
    if report.status == "committed":
        st.success(tn("import.result_committed", report.rows_imported, lang, batch=report.batch_id))
    elif dry_run:
        # a dry run counts like the import it tries: rows_imported are the rows that would be new
        importable = format_int(report.rows_imported, lang)
        st.info(text("import.result_dry_run", importable=importable, rows=tn("import.n_rows", report.rows_read, lang)))
        if report.rows_duplicate:
            st.caption(tn("import.dry_run_duplicates", report.rows_duplicate, lang))
    else:
        st.info(tn("import.result_nothing_new", report.rows_duplicate, lang))
    figures = [
        ("import.rows_read", report.rows_read),
        ("import.rows_importable" if dry_run else "import.rows_imported", report.rows_imported),
        ("import.rows_rejected", report.rows_rejected),
        ("import.rows_duplicate", report.rows_duplicate),
        ("import.rows_outside", report.rows_outside_areas),
    ]
    for column, (key, value) in zip(st.columns(5), figures, strict=True):
        column.metric(text(key), value)
    if report.fields_masked:
        st.warning(tn("import.fields_masked", report.fields_masked, lang))
    if report.header_rows_skipped:
        st.caption(text("import.header_rows", rows=", ".join(map(str, report.header_rows_skipped))))
    if report.unmapped_categories:
        labels = ", ".join(report.unmapped_categories[:_MAX_UNMAPPED_SHOWN])
        st.caption(text("import.unmapped_categories", labels=escape_markdown(labels)))
        if report.status != "dry_run" and may_open("kategorier"):
            st.page_link(
                "pages/kategorier.py",
                label=text("import.unmapped_hint"),
                icon=":material/category:",
                query_params={"org": report.organisation},
            )
    if report.rejects:
        st.subheader(text("import.rejects"))
        shown = report.rejects[:_MAX_REJECTS_SHOWN]
        rows = [{text("import.row"): r["row"], text("import.reason"): r["reason"]} for r in shown]
        st.dataframe(rows, hide_index=True)
        st.download_button(
            text("import.download_rejects"),
            rejects_csv(report),
            file_name="avvisade-rader.csv",
            mime="text/csv",
            key="importera_download",
            on_click="ignore",
        )

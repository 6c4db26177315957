"""Area administration: the tabs of ``pages/omraden.py`` (sets, upload of an area file, population and indicators).

Rendering only. Reading and checking files (:mod:`est.areas.files`), importing, re-assigning incidents,
editing areas and indicators (:mod:`est.areas.sets`) and the permission checks all live in the domain; the
functions here lay out the widgets, call those functions and leave a message (``omraden_flash``) for the
next run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import streamlit as st

from est.access.auth import Viewer
from est.areas.files import SUPPORTED_SUFFIXES, AreaFile, import_area_file, preview, read_area_file, suggest_columns
from est.areas.sets import (
    AreaColumns,
    AreaSet,
    area_geojson,
    area_indicators,
    area_overview,
    import_area_indicators,
    list_areas,
    overview_for_display,
    overview_totals,
    set_default_area_set,
    update_areas,
)
from est.i18n import format_int
from est.picture.area_map import area_preview_map
from est.ui.cache import clear_reads
from est.ui.context import read
from est.ui.map import show_map
from est.ui.session import current_lang, get_store, guard, text

if TYPE_CHECKING:
    from streamlit.runtime.uploaded_file_manager import UploadedFile

__all__ = ["choose_area_set", "render_area_set_overview", "render_area_upload", "render_area_values"]

_FLASH = "omraden_flash"
_FIRST_SET_NAME = "Bostadsområden"
_OPTIONAL_ROLES = ("code", "population", "dwellings")
_EDITABLE = ["id", "code", "name", "population", "dwellings"]


def _flash_and_rerun(message: str) -> NoReturn:
    """Keep ``message`` for the next run's success box, forget cached reads and rerun."""
    st.session_state[_FLASH] = message
    clear_reads()
    st.rerun()


def choose_area_set(sets: list[AreaSet]) -> AreaSet | None:
    """Render the area-set selector (areas per set, the default marked) and return the chosen set.

    Parameters
    ----------
    sets
        Every area set.

    Returns
    -------
    AreaSet or None
        The chosen set; None when there is none yet (no selector is shown).
    """
    if not sets:
        return None
    by_id = {s.id: s for s in sets}
    chosen_id = st.selectbox(
        text("omraden.set"),
        list(by_id),
        format_func=lambda i: (
            text("omraden.set_option", name=by_id[i].name, areas=by_id[i].areas)
            + (text("omraden.default_mark") if by_id[i].is_default else "")
        ),
        key="omraden_set",
    )
    return by_id[chosen_id]


def render_area_set_overview(viewer: Viewer, chosen: AreaSet) -> None:
    """Render the set's counts (incidents inside and outside its areas), labelled map and table.

    A button makes the set the default one when it is not.

    Parameters
    ----------
    viewer
        Who may change the default (``set_default_area_set`` checks the permission).
    chosen
        The area set shown.
    """
    lang = current_lang()
    with guard():
        overview = read(area_overview, chosen.id)
        shapes = read(area_geojson, chosen.id)
    inside, outside = overview_totals(overview)
    left, middle, right = st.columns(3)
    left.metric(text("omraden.areas_metric"), format_int(chosen.areas, lang))
    middle.metric(text("omraden.inside_metric"), format_int(inside, lang))
    right.metric(text("omraden.outside_metric"), format_int(outside, lang), help=text("omraden.outside_help"))
    show_map(area_preview_map(shapes, overview, lang), key="omraden_map", height=460)
    st.dataframe(overview_for_display(overview, lang), hide_index=True, width="stretch")
    if not chosen.is_default and st.button(text("omraden.make_default"), key="omraden_default"):
        with guard():
            set_default_area_set(get_store(), viewer, chosen.id)
        st.session_state[_FLASH] = text("omraden.default_done", name=chosen.name)
        st.rerun()


def render_area_upload(viewer: Viewer, chosen: AreaSet | None, *, first_set: bool) -> None:
    """Render the upload of an area file: CRS and encoding overrides, preview, column choice, import.

    Parameters
    ----------
    viewer
        Who imports (``import_area_file`` checks the permission).
    chosen
        The selected set, whose name is the default set name (a same-named import replaces it).
    first_set
        Whether no set exists yet (then the import becomes the default set by default).
    """
    uploaded = st.file_uploader(
        text("omraden.upload"),
        type=[suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES],
        help=text("omraden.upload_help"),
        key="omraden_upload",
    )
    crs_col, enc_col = st.columns(2)
    crs = crs_col.text_input(text("omraden.crs"), help=text("omraden.crs_help"), key="omraden_crs")
    encoding = enc_col.text_input(text("omraden.encoding"), help=text("omraden.encoding_help"), key="omraden_enc")
    if uploaded is None:
        return
    with guard():
        area_file = read_area_file(
            uploaded.getvalue(), file_name=uploaded.name, crs=crs.strip() or None, encoding=encoding.strip() or None
        )
    _show_area_file(area_file)
    name_column, picks = _choose_columns(area_file)
    set_name = st.text_input(
        text("omraden.set_name"),
        value=chosen.name if chosen else _FIRST_SET_NAME,
        help=text("omraden.set_name_help"),
        key="omraden_set_name",
    )
    make_default = st.checkbox(text("omraden.set_default"), value=first_set, key="omraden_make_default")
    if st.button(text("omraden.import"), type="primary", key="omraden_import"):
        with guard(), st.spinner():
            result = import_area_file(
                get_store(),
                viewer,
                area_file,
                set_name,
                columns=AreaColumns(
                    name=name_column, code=picks["code"], population=picks["population"], dwellings=picks["dwellings"]
                ),
                default=make_default,
            )
        key = "omraden.replaced" if result.replaced else "omraden.imported"
        message = text(
            key,
            name=result.set,
            areas=result.areas,
            assigned=result.assigned,
            moved=result.moved,
            removed=result.removed_areas,
        )
        if result.merged:
            merged = ", ".join(text("omraden.merged_item", name=m.name, parts=m.parts) for m in result.merged)
            message += " " + text("omraden.merged", merged=merged)
        st.session_state["omraden_set"] = result.set_id
        _flash_and_rerun(message)


def _show_area_file(area_file: AreaFile) -> None:
    """What was read: polygons, CRS and how it was found, encoding, notes and the first rows."""
    how = text(f"omraden.crs_how.{area_file.crs_source}")
    st.info(text("omraden.file_read", polygons=len(area_file.frame), crs=area_file.crs, how=how))
    if area_file.encoding:
        st.caption(text("omraden.file_encoding", encoding=area_file.encoding))
    for note in area_file.notes:
        st.caption(note)
    st.caption(text("omraden.preview"))
    st.dataframe(preview(area_file), hide_index=True, width="stretch")


def _choose_columns(area_file: AreaFile) -> tuple[str, dict[str, str | None]]:
    """The name column and the optional code/population/dwellings columns (None: not in the file)."""
    guess, columns, none = suggest_columns(area_file), area_file.columns, text("omraden.no_column")
    optional = [none, *columns]
    name_column = st.selectbox(
        text("omraden.name_column"),
        columns,
        index=columns.index(guess["name"]) if guess["name"] else 0,
        key="omraden_name_col",
    )
    picks: dict[str, str | None] = {}
    for role in _OPTIONAL_ROLES:
        guessed = guess[role]
        picked = st.selectbox(
            text(f"omraden.{role}_column"),
            optional,
            index=optional.index(guessed) if guessed else 0,
            key=f"omraden_{role}_col",
        )
        picks[role] = None if picked == none else picked
    return name_column, picks


def render_area_values(viewer: Viewer, chosen: AreaSet) -> None:
    """Render the editable names, population and dwellings of the set's areas and its indicators.

    Parameters
    ----------
    viewer
        Who edits (``update_areas`` and ``import_area_indicators`` check the permission).
    chosen
        The area set edited.
    """
    with guard():
        areas = read(list_areas, chosen.id)
        indicators = read(area_indicators, chosen.id)
    st.caption(text("omraden.edit_help"))
    edited = st.data_editor(
        areas[_EDITABLE],
        disabled=["id", "code"],
        hide_index=True,
        width="stretch",
        key=f"omraden_editor_{chosen.id}",
    )
    if st.button(text("omraden.save"), key="omraden_save"):
        with guard():
            changed = update_areas(get_store(), viewer, chosen.id, edited)
        _flash_and_rerun(text("omraden.saved", count=changed))
    st.subheader(text("omraden.indicators"))
    csv = st.file_uploader(
        text("omraden.indicators_upload"),
        type=["csv", "txt"],
        help=text("omraden.indicators_help"),
        key="omraden_indicators_file",
    )
    if csv is not None and st.button(text("omraden.indicators_import"), key="omraden_indicators_import"):
        _import_indicators(viewer, chosen, csv)
    if indicators.empty:
        st.caption(text("omraden.no_indicators"))
    else:
        st.dataframe(indicators, hide_index=True, width="stretch")


def _import_indicators(viewer: Viewer, chosen: AreaSet, csv: UploadedFile) -> None:
    """Import the indicator CSV and say how many values came in and which rows could not be used."""
    with guard():
        report = import_area_indicators(get_store(), viewer, chosen.id, csv.getvalue(), csv.name)
    st.success(text("omraden.indicators_done", values=report.values_imported, years=", ".join(map(str, report.years))))
    if report.problems:
        st.warning(text("omraden.indicators_problems", count=len(report.problems)))
        st.code("\n".join(report.problems[:50]), language=None)
    clear_reads()

"""The quick field report: the phone form of ``pages/faltrapport.py`` and the draft that survives a failed save.

Rendering and session state only. Parsing a position, organisations, walks, the short category lists, the
map and saving a report idempotently (one client token per filled-in form) live in :mod:`est.field_reports`;
the functions here lay out the widgets, mirror the form into a draft in the session state (so a failed save,
a busy database or a page switch loses nothing), call those functions and leave a message
(:data:`FLASH`) for the next run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import streamlit as st

from est.auth import Permission
from est.errors import EstError
from est.field_reports import (
    KINDS,
    FieldReport,
    FormContext,
    OpenWalk,
    SavedReport,
    create_organisation,
    field_map,
    new_token,
    parse_position,
    save_field_report,
    start_walk,
    stop_walk,
)
from est.ui.context import current_lang, error_text, get_store, guard, text
from est.ui.map import show_map

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

    from est.auth import Viewer

__all__ = [
    "FLASH",
    "apply_phone_style",
    "open_form",
    "pick_kind",
    "pick_organisation",
    "pick_position",
    "render_report_form",
    "render_save_button",
    "render_walk_panel",
    "restore_draft",
    "save_from_form",
]

#: Session-state key of the "saved" message shown on the next run (the page pops it).
FLASH = "faltrapport_done"
_FORM = "faltrapport_form"
_DRAFT = "faltrapport_draft"
_RESET = "faltrapport_reset"
_TOKEN = "faltrapport_token"
_NEW_ORG = "faltrapport_new_org_id"
_SEEN_CLICK = "faltrapport_seen_click"
# The widgets whose values the draft keeps, and those a successful save clears for the next report.
_DRAFT_KEYS = (
    "faltrapport_org",
    "faltrapport_kind",
    "faltrapport_position",
    "faltrapport_category",
    "faltrapport_text",
    "faltrapport_now",
)
_CLEARED_AFTER_SAVE = ("faltrapport_position", "faltrapport_category", "faltrapport_text", "faltrapport_now")
# Large touch targets on a phone; colours follow the light or dark theme. A constant, so unsafe HTML is safe.
_PHONE_CSS = (
    f"<style>.st-key-{_FORM} button{{min-height:3.2rem;font-size:1.15rem}}"
    f".st-key-{_FORM} input,.st-key-{_FORM} textarea{{font-size:1.15rem}}"
    f".st-key-{_FORM} [role=radiogroup] label{{padding:.45rem 0;font-size:1.15rem}}</style>"
)


def _draft() -> dict[str, Any]:
    """The session's draft: the form's last values, by widget key."""
    return cast(dict[str, Any], st.session_state.setdefault(_DRAFT, {}))


def _as_position(lat: float, lng: float) -> str:
    """A map tap as the position field shows it: ``63.177500, 14.637000``."""
    return f"{lat:.6f}, {lng:.6f}"


def restore_draft() -> None:
    """Put the draft back into the form's widgets; after a successful save, start an empty report.

    Call first on every run, before any widget is drawn. A fresh client token is made for a new report, so
    pressing "save" twice (or again after a failure) stores the report once.
    """
    draft = _draft()
    if st.session_state.pop(_RESET, False):
        for key in _CLEARED_AFTER_SAVE:
            st.session_state.pop(key, None)
            draft.pop(key, None)
    for key, value in draft.items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault(_TOKEN, new_token())
    st.session_state.setdefault("faltrapport_now", True)


def apply_phone_style() -> None:
    """Enlarge the form's buttons, fields and choices so they are easy to hit on a phone."""
    st.markdown(_PHONE_CSS, unsafe_allow_html=True)


def pick_organisation(viewer: Viewer, organisations: list[tuple[int, str, str]]) -> int | None:
    """The organisation reported for: the viewer's own, or one picked (or created) by who may report for any.

    Parameters
    ----------
    viewer
        Who reports; with ``IMPORT_ANY_ORG`` a selector and a "new organisation" form are shown.
    organisations
        :func:`est.field_reports.list_organisations`.

    Returns
    -------
    int or None
        The organisation's id; None when none is picked yet (the save then says to choose one).
    """
    if not viewer.can(Permission.IMPORT_ANY_ORG):
        return viewer.organisation_id
    if (created := st.session_state.pop(_NEW_ORG, None)) is not None:
        st.session_state["faltrapport_org"] = created
    names = {o[0]: o[1] for o in organisations}
    org = st.selectbox(
        text("faltrapport.organisation"),
        list(names),
        format_func=lambda i: names[i],
        index=None,
        key="faltrapport_org",
        placeholder=text("common.choose"),
    )
    with st.expander(text("faltrapport.organisation_new")), guard():
        new_name = st.text_input(text("faltrapport.organisation_name"), key="faltrapport_new_org")
        if st.button(text("faltrapport.organisation_create"), key="faltrapport_create_org") and new_name:
            kind = st.session_state.get("faltrapport_kind", "nattvandring")
            st.session_state[_NEW_ORG] = create_organisation(get_store(), viewer, new_name, KINDS[kind])
            st.rerun()
    return org


def open_form() -> DeltaGenerator:
    """The container that holds the form (its key is what :func:`apply_phone_style` styles)."""
    return st.container(key=_FORM)


def pick_kind() -> str:
    """Render the choice of what the report comes from (night walk, security round, safety walk)."""
    return st.radio(
        text("faltrapport.kind"),
        list(KINDS),
        format_func=lambda k: text(f"faltrapport.kind.{k}"),
        horizontal=True,
        key="faltrapport_kind",
    )


def render_walk_panel(
    viewer: Viewer, kind: str, organisation_id: int | None, walk: OpenWalk | None, areas: tuple[tuple[str, str], ...]
) -> None:
    """Render the walk expander: the running walk with a stop button, else the route and a start button.

    Parameters
    ----------
    viewer
        Who starts or stops it (``start_walk`` and ``stop_walk`` check the permission).
    kind
        The report kind; a new walk is of this kind.
    organisation_id
        The organisation walking.
    walk
        The organisation's open walk of ``kind`` (:func:`est.field_reports.open_walk`), or None.
    areas
        ``(code, name)`` of the default area set's areas, for the route.
    """
    with st.expander(text("faltrapport.walk_stop" if walk else "faltrapport.walk_start"), expanded=bool(walk)):
        if walk is not None:
            st.info(text("faltrapport.walk_running", since=walk.started_at.strftime("%H:%M"), reports=walk.reports))
            if st.button(text("faltrapport.walk_stop"), key="faltrapport_walk_stop", width="stretch"):
                with guard():
                    stop_walk(get_store(), viewer, walk.id)
                st.rerun()
            return
        st.caption(text("faltrapport.walk_help"))
        names_by_code = dict(areas)
        route = st.multiselect(
            text("faltrapport.walk_areas"),
            list(names_by_code),
            format_func=lambda c: names_by_code[c],
            placeholder=text("common.choose"),
            key="faltrapport_route",
        )
        if st.button(text("faltrapport.walk_start"), key="faltrapport_walk_start", width="stretch"):
            with guard():
                start_walk(get_store(), viewer, kind, organisation_id=organisation_id, area_codes=tuple(route))
            st.rerun()


def pick_position(context: FormContext) -> None:
    """Render the map (area outlines, the chosen point, "my position") and the position field.

    A tap on the map fills the field (and reruns, so the point is drawn); a typed position is drawn too
    when it can be read. The position lives in the ``faltrapport_position`` widget.

    Parameters
    ----------
    context
        :func:`est.field_reports.form_context`: the default area set's outlines and extent.
    """
    st.markdown(f"**{text('faltrapport.map')}**")
    typed = st.session_state.get("faltrapport_position", "")
    try:
        chosen = parse_position(typed) if typed else None
    except EstError:
        chosen = None
    picked = show_map(
        field_map(context.shapes, context.bounds, chosen, text("faltrapport.locate")),
        key="faltrapport_map",
        height=360,
        returned_objects=["last_clicked"],
    )
    click = (picked or {}).get("last_clicked")
    if click and click != st.session_state.get(_SEEN_CLICK):
        st.session_state[_SEEN_CLICK] = click
        st.session_state["faltrapport_position"] = _as_position(click["lat"], click["lng"])
        st.rerun()
    st.text_input(text("faltrapport.position"), key="faltrapport_position", help=text("faltrapport.position_help"))


def render_report_form(categories: list[tuple[str, str, str]]) -> str | None:
    """Render what was seen, when (now, or a day and time) and a short text; keep the whole form as the draft.

    Parameters
    ----------
    categories
        :func:`est.field_reports.quick_categories` of the chosen kind.

    Returns
    -------
    str or None
        The chosen category code; None when none is chosen yet.
    """
    lang = current_lang()
    labels = {c[0]: c[1] if lang == "sv" else c[2] for c in categories}
    category = st.radio(
        text("faltrapport.category"), list(labels), format_func=labels.get, index=None, key="faltrapport_category"
    )
    if not st.toggle(text("faltrapport.now"), key="faltrapport_now"):
        day, clock = st.columns(2)
        day.date_input(text("faltrapport.date"), key="faltrapport_date", format="YYYY-MM-DD")
        clock.time_input(text("faltrapport.time"), key="faltrapport_time", step=300)
    st.text_area(text("faltrapport.text"), key="faltrapport_text", max_chars=1000, height=90)
    draft = _draft()
    for key in _DRAFT_KEYS:
        draft[key] = st.session_state.get(key)
    return category


def render_save_button() -> bool:
    """Render the large, full-width "save" button; whether it was pressed."""
    return st.button(text("faltrapport.save"), type="primary", key="faltrapport_save", width="stretch")


def save_from_form(
    viewer: Viewer, kind: str, category: str | None, organisation_id: int | None, walk: OpenWalk | None
) -> None:
    """Save the form as one report, then clear it for the next one; on failure say why and keep it.

    Parameters
    ----------
    viewer
        Who reports (``save_field_report`` checks the permission and the organisation).
    kind
        The report kind.
    category
        The chosen category code (None: not chosen, which the save reports).
    organisation_id
        The organisation reported for.
    walk
        The open walk the report belongs to, or None.
    """
    try:
        saved = save_field_report(get_store(), viewer, _report_from_form(kind, category, organisation_id, walk))
    except EstError as exc:
        st.error(text("faltrapport.save_failed", detail=error_text(exc)))
        return
    st.session_state.update({FLASH: _saved_message(saved), _RESET: True, _TOKEN: new_token()})
    st.rerun()


def _report_from_form(
    kind: str, category: str | None, organisation_id: int | None, walk: OpenWalk | None
) -> FieldReport:
    """The report the form holds; whether the position came from a map tap or was typed."""
    position = st.session_state.get("faltrapport_position") or ""
    if not position.strip():
        raise EstError(text("faltrapport.need_position"))
    lat, lon = parse_position(position)
    seen = st.session_state.get(_SEEN_CLICK) or {}
    source = "map" if position == _as_position(seen.get("lat", 0), seen.get("lng", 0)) else "typed"
    return FieldReport.from_form(
        kind=kind,
        category_code=category or "",
        lat=lat,
        lon=lon,
        now=st.session_state["faltrapport_now"],
        day=st.session_state.get("faltrapport_date"),
        clock=st.session_state.get("faltrapport_time"),
        client_token=st.session_state[_TOKEN],
        text=st.session_state.get("faltrapport_text") or "",
        position_source=source,
        walk_id=walk.id if walk else None,
        organisation_id=organisation_id,
    )


def _saved_message(saved: SavedReport) -> str:
    """The success message: ``Sparad (nr 12) i Centrum.``, plus what was masked in the text."""
    area = text("faltrapport.saved_area", area=saved.area_name) if saved.area_name else ""
    message = text("faltrapport.saved", id=saved.incident_id, area=area)
    if saved.masked:
        kinds = ", ".join(text(f"privacy.kind.{kind}") for kind in saved.masked)
        message += " " + text("faltrapport.masked", kinds=kinds)
    return message

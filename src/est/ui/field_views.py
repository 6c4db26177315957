"""The quick field report: the phone form of ``pages/faltrapport.py`` and the draft that survives a failed save.

Rendering and session state only. Parsing a position, organisations, walks, the short category lists, the
map and saving a report idempotently (one client token per filled-in form) live in :mod:`est.intake.field_reports`;
the functions here lay out the widgets, mirror the form into a draft in the session state (so a failed save,
a busy database or a page switch loses nothing), call those functions and show what a save did right
under the save button.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, cast

import streamlit as st

from est.access.auth import Permission
from est.errors import EstError
from est.i18n import format_int, t
from est.intake.field_reports import (
    KINDS,
    FieldReport,
    FormContext,
    OpenWalk,
    SavedReport,
    field_map,
    new_token,
    parse_position,
    save_field_report,
    start_walk,
    stop_walk,
)
from est.intake.organisations import Organisation, create_organisation
from est.ui.map import show_map
from est.ui.session import current_lang, error_text, get_store, guard, text
from est.ui.widgets import pick_option

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

    from est.access.auth import Viewer

__all__ = [
    "apply_phone_style",
    "form_key",
    "open_form",
    "pick_kind",
    "pick_organisation",
    "pick_position",
    "render_report_form",
    "render_save_button",
    "render_walk_panel",
    "restore_draft",
]

_FORM = "faltrapport_form"
_DRAFT = "faltrapport_draft"
_GENERATION = "faltrapport_generation"
_TOKEN = "faltrapport_token"
_OUTCOME = "faltrapport_outcome"
_NEW_ORG = "faltrapport_new_org_id"
_SEEN_CLICK = "faltrapport_seen_click"
_LOCATED = "faltrapport_located"
_SAVED_AT = "faltrapport_saved_at"
# A press of the new, empty form's save button this soon after a save is the second tap of a double tap (the
# new form was drawn before the thumb came down again): it keeps the confirmation instead of saying what
# the empty form lacks.
DOUBLE_TAP_SECONDS = 1.0
# Widgets that belong to one filled-in form: their keys carry the form's generation, so a saved form's
# widgets are gone on the next run. A late second tap, or a retry after a network hiccup, then hits no
# widget at all (nothing is saved twice, and the old values cannot come back into the new form).
_FORM_FIELDS = ("position", "category", "text", "now", "date", "time", "save")
# The widgets whose values the draft keeps (so a failed save, a busy database or a page switch loses nothing).
_DRAFT_FIELDS = ("org", "kind", "position", "category", "text", "now")
# Large touch targets on a phone; colours follow the light or dark theme. A constant, so unsafe HTML is safe.
_PHONE_CSS = (
    f"<style>.st-key-{_FORM} button{{min-height:3.2rem;font-size:1.15rem}}"
    f".st-key-{_FORM} input,.st-key-{_FORM} textarea{{font-size:1.15rem}}"
    f".st-key-{_FORM} [role=radiogroup] label{{padding:.45rem 0;font-size:1.15rem}}</style>"
)


def _draft() -> dict[str, Any]:
    """The session's draft: the form's last values, by field name."""
    return cast(dict[str, Any], st.session_state.setdefault(_DRAFT, {}))


def form_key(field: str) -> str:
    """The widget key of a form field: ``faltrapport_text_3`` for the third form of the session.

    The organisation and the report kind are kept from report to report and have fixed keys.
    """
    if field in _FORM_FIELDS:
        return f"faltrapport_{field}_{st.session_state.get(_GENERATION, 0)}"
    return f"faltrapport_{field}"


def _as_position(lat: float, lng: float) -> str:
    """A map tap as the position field shows it: ``63.177500, 14.637000``."""
    return f"{lat:.6f}, {lng:.6f}"


def restore_draft() -> None:
    """Put the draft back into the form's widgets, and give a new form its client token.

    Call first on every run, before any widget is drawn. The token belongs to one filled-in form: saving
    it twice (a double tap, or again after a failure) stores the report once.
    """
    for field, value in _draft().items():
        st.session_state.setdefault(form_key(field), value)
    st.session_state.setdefault(_TOKEN, new_token())
    st.session_state.setdefault(form_key("now"), True)


def apply_phone_style() -> None:
    """Enlarge the form's buttons, fields and choices so they are easy to hit on a phone."""
    st.markdown(_PHONE_CSS, unsafe_allow_html=True)


def pick_organisation(viewer: Viewer, organisations: list[Organisation]) -> int | None:
    """The organisation reported for: the viewer's own, or one picked (or created) by who may report for any.

    Parameters
    ----------
    viewer
        Who reports; with ``IMPORT_ANY_ORG`` a selector and a "new organisation" form are shown.
    organisations
        :func:`est.intake.organisations.list_organisations`.

    Returns
    -------
    int or None
        The organisation's id; None when none is picked yet (the save then says to choose one).
    """
    if not viewer.can(Permission.IMPORT_ANY_ORG):
        return viewer.organisation_id
    if (created := st.session_state.pop(_NEW_ORG, None)) is not None:
        st.session_state[form_key("org")] = created
    names = {o.id: o.name for o in organisations}
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
            kind = st.session_state.get(form_key("kind"), "nattvandring")
            st.session_state[_NEW_ORG] = create_organisation(get_store(), viewer, new_name, KINDS[kind])
            st.rerun()
    return org


def open_form() -> DeltaGenerator:
    """The container that holds the form (its key is what :func:`apply_phone_style` styles)."""
    return st.container(key=_FORM)


def pick_kind() -> str:
    """Render the choice of what the report comes from (night walk, security round, safety walk)."""
    return pick_option(st, "faltrapport.kind", list(KINDS), key="faltrapport_kind")


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
        The organisation's open walk of ``kind`` (:func:`est.intake.field_reports.open_walk`), or None.
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

    A tap on the map fills the field (and reruns, so the point is drawn); so does "my position", which
    also shows how precise the phone's position is. A typed position is drawn too when it can be read.

    Parameters
    ----------
    context
        :func:`est.intake.field_reports.form_context`: the default area set's outlines and extent.
    """
    st.markdown(f"**{text('faltrapport.map')}**")
    key = form_key("position")
    typed = st.session_state.get(key, "")
    try:
        chosen = parse_position(typed) if typed else None
    except EstError:
        chosen = None
    located = _located(typed)
    picked = show_map(
        field_map(
            context.shapes,
            context.bounds,
            chosen,
            text("faltrapport.locate"),
            accuracy_m=located,
            locate_failed=text("faltrapport.locate_failed"),
        ),
        key="faltrapport_map",
        height=360,
        returned_objects=["last_clicked"],
    )
    click = (picked or {}).get("last_clicked")
    if click and click != st.session_state.get(_SEEN_CLICK):
        st.session_state[_SEEN_CLICK] = click
        position = _as_position(click["lat"], click["lng"])
        st.session_state[key] = position
        # "My position" reports the phone's own position as a tap that carries its accuracy (metres).
        accuracy = click.get("accuracy")
        st.session_state[_LOCATED] = (position, float(accuracy)) if isinstance(accuracy, int | float) else None
        st.rerun()
    st.text_input(text("faltrapport.position"), key=key, help=text("faltrapport.position_help"))
    if located is not None:
        st.caption(text("faltrapport.located", metres=format_int(round(located), current_lang())))


def _located(position: str) -> float | None:
    """The accuracy in metres when ``position`` is the phone's own position ("my position"), else None."""
    located = st.session_state.get(_LOCATED)
    if located and position and located[0] == position:
        return float(located[1])
    return None


def render_report_form(categories: list[tuple[str, str, str]]) -> str | None:
    """Render what was seen, when (now, or a day and time) and a short text; keep the whole form as the draft.

    Parameters
    ----------
    categories
        :func:`est.intake.field_reports.quick_categories` of the chosen kind.

    Returns
    -------
    str or None
        The chosen category code; None when none is chosen yet.
    """
    lang = current_lang()
    labels = {c[0]: c[1] if lang == "sv" else c[2] for c in categories}
    category = st.radio(
        text("faltrapport.category"), list(labels), format_func=labels.get, index=None, key=form_key("category")
    )
    if not st.toggle(text("faltrapport.now"), key=form_key("now")):
        day, clock = st.columns(2)
        day.date_input(text("faltrapport.date"), key=form_key("date"), format="YYYY-MM-DD")
        clock.time_input(text("faltrapport.time"), key=form_key("time"), step=300)
    st.text_area(text("faltrapport.text"), key=form_key("text"), max_chars=1000, height=90)
    draft = _draft()
    for field in _DRAFT_FIELDS:
        draft[field] = st.session_state.get(form_key(field))
    return category


def render_save_button(viewer: Viewer, kind: str, organisation_id: int | None, walk: OpenWalk | None) -> None:
    """Render the large, full-width "save" button, and below it what the last save did.

    The button belongs to this form (its key carries the form's generation): pressing it saves the form
    with the form's client token, and a successful save starts the next form, empty but for the
    organisation and kind. The confirmation, or why the save failed, is shown right under the button,
    where a phone user's eyes and thumb are.

    Parameters
    ----------
    viewer
        Who reports (``save_field_report`` checks the permission and the organisation).
    kind
        The report kind.
    organisation_id
        The organisation reported for.
    walk
        The open walk the report belongs to, or None.
    """
    st.button(
        text("faltrapport.save"),
        type="primary",
        key=form_key("save"),
        width="stretch",
        on_click=_save_form,
        args=(viewer, kind, organisation_id, walk.id if walk else None, st.session_state[_TOKEN]),
    )
    outcome = st.session_state.get(_OUTCOME)
    if outcome is None:
        return
    status, generation, message = outcome
    if status == "failed":
        st.session_state.pop(_OUTCOME)
        st.error(message)
    elif generation == st.session_state.get(_GENERATION, 0):
        # The confirmation stays until the next report is begun (a late rerun must not lose it).
        if _form_begun():
            st.session_state.pop(_OUTCOME)
        else:
            st.success(message)


def _save_form(viewer: Viewer, kind: str, organisation_id: int | None, walk_id: int | None, token: str) -> None:
    """The save button's callback (it runs before the page): save the form, then start the next one.

    On failure the form is kept as it is, with the same token, so the retry stores the report once.
    """
    if _second_tap_of_a_save():
        return
    try:
        report = _report_from_form(kind, organisation_id, walk_id, token)
        saved = save_field_report(get_store(), viewer, report)
    except EstError as exc:
        generation = st.session_state.get(_GENERATION, 0)
        st.session_state[_OUTCOME] = ("failed", generation, text("faltrapport.save_failed", detail=error_text(exc)))
        return
    draft = _draft()
    for field in _FORM_FIELDS:
        draft.pop(field, None)
    generation = st.session_state.get(_GENERATION, 0) + 1
    st.session_state.update(
        {
            _GENERATION: generation,
            _TOKEN: new_token(),
            _LOCATED: None,
            _OUTCOME: ("saved", generation, _saved_message(saved)),
            _SAVED_AT: time.monotonic(),
        }
    )


def _second_tap_of_a_save() -> bool:
    """Whether this press of "save" is the second tap of a double tap that already saved the report.

    True when the form is the empty one a save just started (its confirmation still showing) and the save
    was less than :data:`DOUBLE_TAP_SECONDS` ago.
    """
    outcome = st.session_state.get(_OUTCOME)
    just_saved = (
        outcome is not None
        and outcome[0] == "saved"
        and outcome[1] == st.session_state.get(_GENERATION, 0)
        and time.monotonic() - float(st.session_state.get(_SAVED_AT, 0.0)) < DOUBLE_TAP_SECONDS
    )
    return just_saved and not _form_begun()


def _form_begun() -> bool:
    """Whether the current form has a position, a category or a text: the next report is begun."""
    return any(st.session_state.get(form_key(f)) for f in ("position", "category", "text"))


def _report_from_form(kind: str, organisation_id: int | None, walk_id: int | None, token: str) -> FieldReport:
    """The report the form holds; whether the position came from a map tap, the phone or was typed."""
    position = st.session_state.get(form_key("position")) or ""
    if not position.strip():
        raise EstError(t("faltrapport.need_position", "en"), sv=t("faltrapport.need_position", "sv"))
    lat, lon = parse_position(position)
    seen = st.session_state.get(_SEEN_CLICK) or {}
    accuracy = _located(position)
    if accuracy is not None:
        source = "phone"
    elif position == _as_position(seen.get("lat", 0), seen.get("lng", 0)):
        source = "map"
    else:
        source = "typed"
    return FieldReport.from_form(
        kind=kind,
        category_code=st.session_state.get(form_key("category")) or "",
        lat=lat,
        lon=lon,
        now=st.session_state.get(form_key("now"), True),
        day=st.session_state.get(form_key("date")),
        clock=st.session_state.get(form_key("time")),
        client_token=token,
        text=st.session_state.get(form_key("text")) or "",
        position_source=source,
        accuracy_m=accuracy,
        walk_id=walk_id,
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

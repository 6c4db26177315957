import streamlit as st

from est import ui
from est.auth import Permission
from est.errors import EstError
from est.field_reports import (
    KINDS,
    FieldReport,
    create_organisation,
    field_map,
    form_context,
    list_organisations,
    new_token,
    open_walk,
    parse_position,
    quick_categories,
    save_field_report,
    start_walk,
    stop_walk,
)

# The form survives a failed save, a busy database and page switches: its values are mirrored here.
DRAFT = (
    "faltrapport_org",
    "faltrapport_kind",
    "faltrapport_position",
    "faltrapport_category",
    "faltrapport_text",
    "faltrapport_now",
)
draft = st.session_state.setdefault("faltrapport_draft", {})
if st.session_state.pop("faltrapport_reset", False):
    for key in ("faltrapport_position", "faltrapport_category", "faltrapport_text", "faltrapport_now"):
        st.session_state.pop(key, None)
        draft.pop(key, None)
for key, value in draft.items():
    st.session_state.setdefault(key, value)
st.session_state.setdefault("faltrapport_token", new_token())
st.session_state.setdefault("faltrapport_now", True)
if (pending := st.session_state.pop("faltrapport_new_org_id", None)) is not None:
    st.session_state["faltrapport_org"] = pending
st.markdown(  # large touch targets on a phone; colours follow the light or dark theme
    "<style>.st-key-faltrapport_form button{min-height:3.2rem;font-size:1.15rem}"
    ".st-key-faltrapport_form input,.st-key-faltrapport_form textarea{font-size:1.15rem}"
    ".st-key-faltrapport_form [role=radiogroup] label{padding:.45rem 0;font-size:1.15rem}</style>",
    unsafe_allow_html=True,
)

st.title(ui.text("nav.faltrapport"))
viewer = ui.require(Permission.IMPORT)
st.caption(ui.text("faltrapport.intro"))
store, lang = ui.get_store(), ui.current_lang()
if done := st.session_state.pop("faltrapport_done", None):
    st.success(done)

with ui.guard():
    organisations = ui.read(list_organisations)
    context = ui.read(form_context)
org = viewer.organisation_id
if viewer.can(Permission.IMPORT_ANY_ORG):
    names = {o[0]: o[1] for o in organisations}
    org = st.selectbox(
        ui.text("faltrapport.organisation"), list(names), format_func=names.get, index=None, key="faltrapport_org"
    )
    with st.expander(ui.text("faltrapport.organisation_new")), ui.guard():
        new_name = st.text_input(ui.text("faltrapport.organisation_name"), key="faltrapport_new_org")
        if st.button(ui.text("faltrapport.organisation_create"), key="faltrapport_create_org") and new_name:
            kind_now = st.session_state.get("faltrapport_kind", "nattvandring")
            st.session_state["faltrapport_new_org_id"] = create_organisation(store, viewer, new_name, KINDS[kind_now])
            st.rerun()

form = st.container(key="faltrapport_form")
kind = form.radio(
    ui.text("faltrapport.kind"),
    list(KINDS),
    format_func=lambda k: ui.text(f"faltrapport.kind.{k}"),
    horizontal=True,
    key="faltrapport_kind",
)
with ui.guard():
    walk = ui.read(open_walk, org, kind) if org is not None else None
    categories = ui.read(quick_categories, kind)
with form.expander(ui.text("faltrapport.walk_stop" if walk else "faltrapport.walk_start"), expanded=bool(walk)):
    if walk is not None:
        since = walk.started_at.strftime("%H:%M")
        st.info(ui.text("faltrapport.walk_running", since=since, reports=walk.reports))
        if st.button(ui.text("faltrapport.walk_stop"), key="faltrapport_walk_stop", width="stretch"):
            with ui.guard():
                stop_walk(store, viewer, walk.id)
            st.rerun()
    else:
        st.caption(ui.text("faltrapport.walk_help"))
        names_by_code = dict(context.areas)
        route = st.multiselect(
            ui.text("faltrapport.walk_areas"),
            list(names_by_code),
            format_func=names_by_code.get,
            key="faltrapport_route",
        )
        if st.button(ui.text("faltrapport.walk_start"), key="faltrapport_walk_start", width="stretch"):
            with ui.guard():
                start_walk(store, viewer, kind, organisation_id=org, area_codes=tuple(route))
            st.rerun()

with form:
    st.markdown(f"**{ui.text('faltrapport.map')}**")
    typed = st.session_state.get("faltrapport_position", "")
    try:
        chosen = parse_position(typed) if typed else None
    except EstError:
        chosen = None
    picked = ui.show_map(
        field_map(context.shapes, context.bounds, chosen, ui.text("faltrapport.locate")),
        key="faltrapport_map",
        height=360,
        returned_objects=["last_clicked"],
    )
click = (picked or {}).get("last_clicked")
if click and click != st.session_state.get("faltrapport_seen_click"):
    st.session_state["faltrapport_seen_click"] = click
    st.session_state["faltrapport_position"] = f"{click['lat']:.6f}, {click['lng']:.6f}"
    st.rerun()
form.text_input(ui.text("faltrapport.position"), key="faltrapport_position", help=ui.text("faltrapport.position_help"))
labels = {c[0]: c[1] if lang == "sv" else c[2] for c in categories}
category = form.radio(
    ui.text("faltrapport.category"), list(labels), format_func=labels.get, index=None, key="faltrapport_category"
)
if not form.toggle(ui.text("faltrapport.now"), key="faltrapport_now"):
    day, clock = form.columns(2)
    day.date_input(ui.text("faltrapport.date"), key="faltrapport_date", format="YYYY-MM-DD")
    clock.time_input(ui.text("faltrapport.time"), key="faltrapport_time", step=300)
form.text_area(ui.text("faltrapport.text"), key="faltrapport_text", max_chars=1000, height=90)
for key in DRAFT:
    draft[key] = st.session_state.get(key)

if form.button(ui.text("faltrapport.save"), type="primary", key="faltrapport_save", width="stretch"):
    try:
        position = st.session_state.get("faltrapport_position") or ""
        if not position.strip():
            raise EstError(ui.text("faltrapport.need_position"))
        lat, lon = parse_position(position)
        seen = st.session_state.get("faltrapport_seen_click") or {}
        source = "map" if position == f"{seen.get('lat', 0):.6f}, {seen.get('lng', 0):.6f}" else "typed"
        saved = save_field_report(
            store,
            viewer,
            FieldReport.from_form(
                kind=kind,
                category_code=category or "",
                lat=lat,
                lon=lon,
                now=st.session_state["faltrapport_now"],
                day=st.session_state.get("faltrapport_date"),
                clock=st.session_state.get("faltrapport_time"),
                client_token=st.session_state["faltrapport_token"],
                text=st.session_state.get("faltrapport_text") or "",
                position_source=source,
                walk_id=walk.id if walk else None,
                organisation_id=org,
            ),
        )
    except EstError as exc:
        st.error(ui.text("faltrapport.save_failed", detail=str(exc)))
    else:
        area = ui.text("faltrapport.saved_area", area=saved.area_name) if saved.area_name else ""
        message = ui.text("faltrapport.saved", id=saved.incident_id, area=area)
        if saved.masked:
            message += " " + ui.text("faltrapport.masked", kinds=", ".join(saved.masked))
        st.session_state.update(faltrapport_done=message, faltrapport_reset=True, faltrapport_token=new_token())
        st.rerun()

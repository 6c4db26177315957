import streamlit as st

from est import ui
from est.area_files import import_area_file, preview, read_area_file, suggest_columns
from est.areas import (
    area_geojson,
    area_indicators,
    area_overview,
    area_preview_map,
    import_area_indicators,
    list_area_sets,
    list_areas,
    overview_for_display,
    overview_totals,
    set_default_area_set,
    update_areas,
)
from est.auth import Permission

st.title(ui.text("omraden.title"))
viewer = ui.require(Permission.MANAGE_AREAS)
lang = ui.current_lang()
if flash := st.session_state.pop("omraden_flash", None):
    st.success(flash)

with ui.guard():
    sets = {s.id: s for s in ui.read(list_area_sets)}
chosen = None
if sets:
    chosen_id = st.selectbox(
        ui.text("omraden.set"),
        list(sets),
        format_func=lambda i: (
            ui.text("omraden.set_option", name=sets[i].name, areas=sets[i].areas)
            + (ui.text("omraden.default_mark") if sets[i].is_default else "")
        ),
        key="omraden_set",
    )
    chosen = sets[chosen_id]
tab_sets, tab_upload, tab_values = st.tabs(
    [ui.text("omraden.tab_sets"), ui.text("omraden.tab_upload"), ui.text("omraden.tab_values")]
)

with tab_sets:
    if chosen is None:
        st.info(ui.text("omraden.none"))
    else:
        with ui.guard():
            overview = ui.read(area_overview, chosen.id)
            shapes = ui.read(area_geojson, chosen.id)
        inside, outside = overview_totals(overview)
        left, middle, right = st.columns(3)
        left.metric(ui.text("omraden.areas_metric"), chosen.areas)
        middle.metric(ui.text("omraden.inside_metric"), inside)
        right.metric(ui.text("omraden.outside_metric"), outside, help=ui.text("omraden.outside_help"))
        ui.show_map(area_preview_map(shapes, overview, lang), key="omraden_map", height=460)
        st.dataframe(overview_for_display(overview, lang), hide_index=True, width="stretch")
        if not chosen.is_default and st.button(ui.text("omraden.make_default"), key="omraden_default"):
            with ui.guard():
                set_default_area_set(ui.get_store(), viewer, chosen.id)
            st.session_state["omraden_flash"] = ui.text("omraden.default_done", name=chosen.name)
            st.rerun()

with tab_upload:
    uploaded = st.file_uploader(
        ui.text("omraden.upload"),
        type=["geojson", "json", "gpkg", "zip"],
        help=ui.text("omraden.upload_help"),
        key="omraden_upload",
    )
    crs_col, enc_col = st.columns(2)
    crs = crs_col.text_input(ui.text("omraden.crs"), help=ui.text("omraden.crs_help"), key="omraden_crs")
    encoding = enc_col.text_input(ui.text("omraden.encoding"), help=ui.text("omraden.encoding_help"), key="omraden_enc")
    if uploaded is not None:
        with ui.guard():
            area_file = read_area_file(
                uploaded.getvalue(), file_name=uploaded.name, crs=crs.strip() or None, encoding=encoding.strip() or None
            )
        how = ui.text(f"omraden.crs_how.{area_file.crs_source}")
        st.info(ui.text("omraden.file_read", polygons=len(area_file.frame), crs=area_file.crs, how=how))
        if area_file.encoding:
            st.caption(ui.text("omraden.file_encoding", encoding=area_file.encoding))
        for note in area_file.notes:
            st.caption(note)
        st.caption(ui.text("omraden.preview"))
        st.dataframe(preview(area_file), hide_index=True, width="stretch")
        guess, columns, none = suggest_columns(area_file), area_file.columns, ui.text("omraden.no_column")
        optional = [none, *columns]
        name_column = st.selectbox(
            ui.text("omraden.name_column"),
            columns,
            index=columns.index(guess["name"]) if guess["name"] else 0,
            key="omraden_name_col",
        )
        picks = {}
        for role in ("code", "population", "dwellings"):
            picks[role] = st.selectbox(
                ui.text(f"omraden.{role}_column"),
                optional,
                index=optional.index(guess[role]) if guess[role] else 0,
                key=f"omraden_{role}_col",
            )
        set_name = st.text_input(
            ui.text("omraden.set_name"),
            value=chosen.name if chosen else "Bostadsområden",
            help=ui.text("omraden.set_name_help"),
            key="omraden_set_name",
        )
        make_default = st.checkbox(ui.text("omraden.set_default"), value=not sets, key="omraden_make_default")
        if st.button(ui.text("omraden.import"), type="primary", key="omraden_import"):
            with ui.guard(), st.spinner():
                result = import_area_file(
                    ui.get_store(),
                    viewer,
                    area_file,
                    set_name,
                    name_column=name_column,
                    code_column=None if picks["code"] == none else picks["code"],
                    population_column=None if picks["population"] == none else picks["population"],
                    dwellings_column=None if picks["dwellings"] == none else picks["dwellings"],
                    default=make_default,
                )
            key = "omraden.replaced" if result.replaced else "omraden.imported"
            st.session_state["omraden_flash"] = ui.text(
                key,
                name=result.set,
                areas=result.areas,
                assigned=result.assigned,
                moved=result.moved,
                removed=result.removed_areas,
            )
            st.session_state["omraden_set"] = result.set_id
            ui.clear_reads()
            st.rerun()

with tab_values:
    if chosen is None:
        st.info(ui.text("omraden.none"))
    else:
        with ui.guard():
            areas = ui.read(list_areas, chosen.id)
            indicators = ui.read(area_indicators, chosen.id)
        st.caption(ui.text("omraden.edit_help"))
        edited = st.data_editor(
            areas[["id", "code", "name", "population", "dwellings"]],
            disabled=["id", "code"],
            hide_index=True,
            width="stretch",
            key=f"omraden_editor_{chosen.id}",
        )
        if st.button(ui.text("omraden.save"), key="omraden_save"):
            with ui.guard():
                changed = update_areas(ui.get_store(), viewer, chosen.id, edited)
            st.session_state["omraden_flash"] = ui.text("omraden.saved", count=changed)
            ui.clear_reads()
            st.rerun()
        st.subheader(ui.text("omraden.indicators"))
        csv = st.file_uploader(
            ui.text("omraden.indicators_upload"),
            type=["csv", "txt"],
            help=ui.text("omraden.indicators_help"),
            key="omraden_indicators_file",
        )
        if csv is not None and st.button(ui.text("omraden.indicators_import"), key="omraden_indicators_import"):
            with ui.guard():
                report = import_area_indicators(ui.get_store(), viewer, chosen.id, csv.getvalue(), csv.name)
            st.success(
                ui.text(
                    "omraden.indicators_done", values=report.values_imported, years=", ".join(map(str, report.years))
                )
            )
            if report.problems:
                st.warning(ui.text("omraden.indicators_problems", count=len(report.problems)))
                st.code("\n".join(report.problems[:50]), language=None)
            ui.clear_reads()
        if indicators.empty:
            st.caption(ui.text("omraden.no_indicators"))
        else:
            st.dataframe(indicators, hide_index=True, width="stretch")

import streamlit as st

from est import ui
from est.areas import list_area_sets
from est.auth import Permission
from est.ingest import ImportOptions, import_file, list_batches, preview, rejects_csv, undo_batch
from est.ingest.fields import FIELDS
from est.ingest.importer import ALLOWED_CRS
from est.ingest.uploads import UPLOAD_TYPES, escape_markdown, list_organisations, save_upload
from est.ui.dedup_views import relink

st.title(ui.text("import.title"))
viewer = ui.require(Permission.IMPORT)
st.caption(ui.text("import.intro"))
lang = ui.current_lang()

with ui.guard():
    organisations = ui.read(list_organisations) if viewer.can(Permission.IMPORT_ANY_ORG) else []
    area_sets = [s.name for s in ui.read(list_area_sets)]
org = None
if viewer.can(Permission.IMPORT_ANY_ORG):
    left, right = st.columns(2)
    org = left.selectbox(ui.text("import.organisation"), organisations, index=None, key="importera_org")
    org = right.text_input(ui.text("import.new_organisation"), key="importera_new_org").strip() or org
with st.expander(ui.text("import.batches")), ui.guard():
    batches = ui.read(list_batches, viewer, 20)
    if not batches:
        st.caption(ui.text("import.no_batches"))
    else:
        st.dataframe(batches, hide_index=True)
        undoable = [b["id"] for b in batches if b["status"] == "committed"]
        left, right = st.columns([1, 3])
        chosen = left.selectbox(ui.text("import.undo"), undoable, index=None, key="importera_undo_id")
        if right.button(ui.text("import.undo"), disabled=chosen is None, key="importera_undo") and chosen:
            result = undo_batch(ui.get_store(), viewer, int(chosen))
            relink(viewer, "undo")
            st.success(ui.text("import.undone", batch=chosen, n=result["rows_deleted"]))

upload = st.file_uploader(ui.text("import.file"), type=list(UPLOAD_TYPES), key="importera_file")
if upload is None:
    st.stop()
if st.session_state.get("importera_upload_id") != upload.file_id:
    st.session_state["importera_upload_id"] = upload.file_id
    st.session_state["importera_path"] = str(save_upload(upload.name, upload.getbuffer()))
path = st.session_state["importera_path"]

with ui.guard():
    found = preview(ui.get_store(), viewer, path, ImportOptions(organisation=org, display_name=upload.name))
source = found.source
st.caption(
    ui.text(
        "import.detected",
        encoding=source.encoding,
        delimiter=repr(source.delimiter) if source.delimiter else "–",
        columns=len(source.columns),
        profile=escape_markdown(found.profile) if found.profile else ui.text("import.no_profile"),
    )
)
st.subheader(ui.text("import.preview"))
st.dataframe([dict(zip(source.columns, row, strict=False)) for row in source.sample[:10]], hide_index=True)

st.subheader(ui.text("import.mapping"))
none = ui.text("import.unmapped")
choices = [none, *source.columns]
overrides: list[tuple[str, str | None]] = []
for i, field in enumerate(FIELDS):
    current = found.mapping.get(field.name)
    label = field.label_sv if lang == "sv" else field.label_en
    picked = st.columns(3)[i % 3].selectbox(
        label, choices, index=choices.index(current) if current in choices else 0, key=f"importera_map_{field.name}"
    )
    overrides.append((field.name, None if picked == none else picked))
orders = {"": ui.text("import.date_auto"), "dmy": ui.text("import.date_dmy"), "mdy": ui.text("import.date_mdy")}
a, b, c = st.columns(3)
order = a.selectbox(ui.text("import.date_order"), list(orders), format_func=orders.get, key="importera_order")
crs = b.selectbox(ui.text("import.crs"), [f"EPSG:{n}" for n in ALLOWED_CRS if n != 4326], key="importera_crs")
area_set = c.selectbox(ui.text("import.area_set"), area_sets, key="importera_area_set") if area_sets else None
profile = st.text_input(ui.text("import.profile"), value=found.profile or "", key="importera_profile")

check, commit = st.columns(2)
dry_run = check.button(ui.text("import.validate"), key="importera_validate")
do_import = commit.button(ui.text("import.commit"), type="primary", key="importera_commit")
if dry_run or do_import:
    if viewer.can(Permission.IMPORT_ANY_ORG) and not org:
        st.warning(ui.text("import.need_org"))
        st.stop()
    options = ImportOptions(
        organisation=org,
        area_set=area_set,
        profile=profile or None,
        overrides=tuple(overrides),
        crs=crs,
        date_format=order or None,
        dry_run=dry_run,
        display_name=upload.name,
    )
    bar = st.progress(0.0)
    with ui.guard():
        report = import_file(
            ui.get_store(), viewer, path, options, progress=lambda f, k: bar.progress(f, text=ui.text(k))
        )
    st.session_state["importera_report"] = report
    if report.status == "committed":
        relink(viewer, "import")
    ui.clear_reads()

report = st.session_state.get("importera_report")
if report is not None:
    if report.status == "committed":
        st.success(ui.text("import.result_committed", imported=report.rows_imported, batch=report.batch_id))
    elif report.status == "dry_run":
        st.info(ui.text("import.result_dry_run", valid=report.rows_read - report.rows_rejected, read=report.rows_read))
    else:
        st.info(ui.text("import.result_nothing_new", duplicates=report.rows_duplicate))
    figures = [
        ("import.rows_read", report.rows_read),
        ("import.rows_imported", report.rows_imported),
        ("import.rows_rejected", report.rows_rejected),
        ("import.rows_duplicate", report.rows_duplicate),
        ("import.rows_outside", report.rows_outside_areas),
    ]
    for column, (key, value) in zip(st.columns(5), figures, strict=True):
        column.metric(ui.text(key), value)
    if report.fields_masked:
        st.warning(ui.text("import.fields_masked", n=report.fields_masked))
    if report.header_rows_skipped:
        st.caption(ui.text("import.header_rows", rows=", ".join(map(str, report.header_rows_skipped))))
    if report.unmapped_categories:
        st.caption(
            ui.text("import.unmapped_categories", labels=escape_markdown(", ".join(report.unmapped_categories[:30])))
        )
        if report.status != "dry_run" and ui.may_open("kategorier"):
            st.page_link(
                "pages/kategorier.py",
                label=ui.text("import.unmapped_hint"),
                icon=":material/category:",
                query_params={"org": report.organisation},
            )
    if report.rejects:
        st.subheader(ui.text("import.rejects"))
        rows = [{ui.text("import.row"): r["row"], ui.text("import.reason"): r["reason"]} for r in report.rejects[:1000]]
        st.dataframe(rows, hide_index=True)
        st.download_button(
            ui.text("import.download_rejects"),
            rejects_csv(report),
            file_name="avvisade-rader.csv",
            mime="text/csv",
            key="importera_download",
        )

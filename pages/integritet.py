import streamlit as st

from est import ui
from est.access.auth import Permission
from est.access.privacy import privacy_facts, role_table

ui.require(Permission.VIEW_PICTURE)
st.title(ui.text("privacy.title"))
st.write(ui.text("privacy.intro"))
lang = ui.current_lang()

with ui.guard():
    facts = ui.read(privacy_facts)

st.subheader(ui.text("privacy.stored_heading"))
st.write(ui.text("privacy.stored"))

st.subheader(ui.text("privacy.retention_heading"))
st.write(ui.text("privacy.retention", months=facts.retention_months))
if facts.last_retention is not None:
    st.caption(ui.text("privacy.last_run", when=facts.last_retention.strftime("%Y-%m-%d %H:%M")))
else:
    st.caption(ui.text("privacy.never_run"))

st.subheader(ui.text("privacy.who_heading"))
st.write(ui.text("privacy.precision", grid=facts.grid_metres, threshold=facts.small_count_threshold))
st.dataframe(role_table(facts, lang), hide_index=True, width="stretch")

st.subheader(ui.text("privacy.open_api_heading"))
st.write(
    ui.text(
        "privacy.open_api.on" if facts.open_api_on else "privacy.open_api.off",
        delay=facts.open_api_delay_weeks,
        threshold_minus=facts.suppressed_up_to,
    )
)

st.subheader(ui.text("privacy.login_heading"))
st.write(ui.text("privacy.login", minutes=facts.login_lockout_minutes, failures=facts.login_max_failures))

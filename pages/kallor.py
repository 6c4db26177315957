import streamlit as st

from est import ui

st.title(ui.text("nav.kallor"))
st.info(ui.text("common.not_built"))

import streamlit as st

from est import ui

st.title(ui.text("nav.logg"))
st.info(ui.text("common.not_built"))

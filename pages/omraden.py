import streamlit as st

from est import ui

st.title(ui.text("nav.omraden"))
st.info(ui.text("common.not_built"))

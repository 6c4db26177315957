import streamlit as st

from est import ui

st.title(ui.text("nav.tider"))
st.info(ui.text("common.not_built"))

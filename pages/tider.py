import streamlit as st

from est import ui
from est.i18n import tn
from est.picture.charts import hour_chart
from est.picture.display import counted_key
from est.picture.time_display import hour_table, hour_text_alternative, weekday_name, window_sentence
from est.picture.timeprofile import hour_weekday, top_windows
from est.ui.filters import area_set_or_stop, coverage_panel, filter_bar

st.title(ui.text("nav.tider"))
filters = filter_bar("tider")
lang = ui.current_lang()

area_set = area_set_or_stop(filters)
with ui.guard():
    profile = ui.read(hour_weekday, filters, area_set.id)
    windows = ui.read(top_windows, filters, area_set.id, 5)

if profile.total == 0:
    st.info(ui.text("lagesbild.empty_period"))
    coverage_panel(filters)
    st.stop()

# Section: the five busiest windows, in words (what the patrol plan needs)
st.subheader(ui.text("analysis.tider.top"))
st.markdown("\n".join(f"1. {window_sentence(w, lang, raw=filters.raw)}" for w in windows))

# Section: the matrix, its text alternative and the same figures as a table
st.subheader(ui.text("analysis.tider.matrix"))
st.altair_chart(hour_chart(profile, lang, [weekday_name(d, lang) for d in range(1, 8)]), width="stretch")
st.caption(hour_text_alternative(profile, lang, raw=filters.raw))
if profile.undated_hours:
    st.caption(tn(counted_key("analysis.tider.undated", filters.raw), profile.undated_hours, lang))
with st.expander(ui.text("analysis.show_table"), icon=":material/table:"):
    st.dataframe(hour_table(profile, lang), hide_index=True, width="stretch")

coverage_panel(filters)

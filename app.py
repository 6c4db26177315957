"""EST Lägesbild: the router. It resolves who is logged in, then registers only the pages that role may use.

Server-side: a page a role may not use is never registered with ``st.navigation``, so its URL falls back to
the default page and its script never runs for that session; each page checks again with ``ui.require``.
"""

import streamlit as st

from est import ui
from est.ui.auth import login_page

st.set_page_config(page_title="EST Lägesbild", page_icon=ui.APP_ICON, layout="wide")

T = ui.text
viewer = ui.resolve_viewer()  # on a non-loopback address without any login configured this stops with the fix
if viewer is None:
    st.navigation(
        [st.Page(login_page, title=T("auth.login_title"), icon=":material/login:", url_path="login")],
        position="hidden",
    ).run()
    st.stop()

pages = {
    T("nav.group.picture"): [
        # Streamlit serves the default page at "/" only, and a default page's url_path is reserved but not
        # served (a direct /lagesbild showed "Page not found"); a hidden entry of the same file answers it.
        st.Page("pages/lagesbild.py", title=T("nav.lagesbild"), icon=":material/map:", default=True, url_path="start"),
        st.Page("pages/lagesbild.py", title=T("nav.lagesbild"), url_path="lagesbild", visibility="hidden"),
        st.Page("pages/karta.py", title=T("nav.karta"), icon=":material/location_on:", url_path="karta"),
        st.Page("pages/trender.py", title=T("nav.trender"), icon=":material/trending_up:", url_path="trender"),
        st.Page("pages/tider.py", title=T("nav.tider"), icon=":material/schedule:", url_path="tider"),
        st.Page("pages/omrade.py", title=T("nav.omrade"), icon=":material/holiday_village:", url_path="omrade"),
    ],
    T("nav.group.meeting"): [
        st.Page("pages/mote.py", title=T("nav.mote"), icon=":material/co_present:", url_path="mote"),
        st.Page("pages/atgarder.py", title=T("nav.atgarder"), icon=":material/task_alt:", url_path="atgarder"),
        st.Page(
            "pages/rapporter.py",
            title=T("nav.rapporter"),
            icon=":material/description:",
            url_path="rapporter",
        ),
    ],
    T("nav.group.report"): [
        st.Page(
            "pages/importera.py",
            title=T("nav.importera"),
            icon=":material/upload_file:",
            url_path="importera",
        ),
        st.Page(
            "pages/faltrapport.py",
            title=T("nav.faltrapport"),
            icon=":material/smartphone:",
            url_path="faltrapport",
        ),
    ],
    T("nav.group.admin"): [
        st.Page("pages/omraden.py", title=T("nav.omraden"), icon=":material/layers:", url_path="omraden"),
        st.Page("pages/kallor.py", title=T("nav.kallor"), icon=":material/local_police:", url_path="kallor"),
        st.Page(
            "pages/kategorier.py",
            title=T("nav.kategorier"),
            icon=":material/category:",
            url_path="kategorier",
        ),
        st.Page("pages/anvandare.py", title=T("nav.anvandare"), icon=":material/group:", url_path="anvandare"),
        st.Page("pages/logg.py", title=T("nav.logg"), icon=":material/receipt_long:", url_path="logg"),
        st.Page("pages/integritet.py", title=T("nav.integritet"), icon=":material/lock:", url_path="integritet"),
        st.Page("pages/konto.py", title=T("nav.konto"), icon=":material/person:", url_path="konto"),
    ],
}
allowed = {group: [p for p in entries if ui.may_open(p.url_path)] for group, entries in pages.items()}
page = st.navigation({group: entries for group, entries in allowed.items() if entries})
ui.render_chrome()
page.run()

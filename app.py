"""EST Lägesbild: the router. It resolves who is logged in, then lists only the pages that role may use.

Server-side: a page file a role may not use is never registered with ``st.navigation``, so its script never
runs for that session. Its URL is registered, hidden, to a page that only says the role may not open it (a
direct link shows why, instead of silently falling back to the start page). Each page checks again with
``ui.require``.
"""

from typing import Literal

import streamlit as st

from est import ui
from est.ui.auth import login_page

st.set_page_config(page_title="EST Lägesbild", page_icon=ui.APP_ICON, layout="wide")

T = ui.text


def entry(
    stem: str,
    icon: str | None = None,
    *,
    url_path: str | None = None,
    default: bool = False,
    visibility: Literal["visible", "hidden"] = "visible",
) -> st.Page:
    """The page ``pages/<stem>.py`` if the role may use it (``est.access.auth.PAGE_PERMISSIONS``), else its refusal.

    Its title is the text ``nav.<stem>`` and its URL ``/<stem>`` unless ``url_path`` says otherwise. A refused
    page keeps its URL and title but is hidden and runs only :func:`est.ui.refusal_page`.
    """
    title, url_path = f"nav.{stem}", url_path or stem
    if ui.may_open(stem):  # by the page's stem, never by its URL; an unknown stem is refused
        return st.Page(
            f"pages/{stem}.py", title=T(title), icon=icon, url_path=url_path, default=default, visibility=visibility
        )
    return st.Page(ui.refusal_page(T(title)), title=T(title), url_path=url_path, default=default, visibility="hidden")


# One read session per run: every read of the run (viewer, chrome, page) shares one connection and one shared
# lock, released when the run ends however it ends, so a CLI import gets in between runs (est.store.Store.session).
with ui.page_read_session():
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
            entry("lagesbild", ":material/map:", default=True, url_path="start"),
            entry("lagesbild", visibility="hidden"),
            entry("karta", ":material/location_on:"),
            entry("trender", ":material/trending_up:"),
            entry("tider", ":material/schedule:"),
            entry("omrade", ":material/holiday_village:"),
            entry("hotspots", ":material/local_fire_department:"),
        ],
        T("nav.group.meeting"): [
            entry("mote", ":material/co_present:"),
            entry("atgarder", ":material/task_alt:"),
            entry("rapporter", ":material/description:"),
        ],
        T("nav.group.report"): [
            entry("importera", ":material/upload_file:"),
            entry("faltrapport", ":material/smartphone:"),
        ],
        T("nav.group.admin"): [
            entry("omraden", ":material/layers:"),
            entry("kallor", ":material/local_police:"),
            entry("kategorier", ":material/category:"),
            entry("anvandare", ":material/group:"),
            entry("logg", ":material/receipt_long:"),
            entry("integritet", ":material/lock:"),
            entry("konto", ":material/person:"),
        ],
    }
    page = st.navigation(pages)
    ui.render_chrome()
    page.run()

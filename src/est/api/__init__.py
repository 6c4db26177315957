"""The open read API: weekly problem counts per area and category, safe to publish (issue 18).

Owns what is published (:mod:`~est.api.published`) and the HTTP side (:mod:`~est.api.app`, FastAPI, run by
``est api serve``). Who may import it: ``est.cli`` only. It imports the domain packages and never streamlit.
"""

"""The Categories page's widgets: choose an organisation, list its source labels, map one to an EST category.

Rendering only. Listing the labels and mapping one (crosswalk, stored incidents, audit, permission check)
live in :mod:`est.intake.labels`; the functions here lay out the widgets, call it and leave a message
(``kategorier_flash``) for the next run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from est.i18n import tn
from est.intake.labels import map_label
from est.picture.filter_options import label_map
from est.ui.cache import clear_reads
from est.ui.markdown import escape_markdown
from est.ui.session import current_lang, get_store, guard, text

if TYPE_CHECKING:
    from est.access.auth import Viewer
    from est.intake.labels import SourceLabel
    from est.picture.filter_options import Option

__all__ = ["FLASH", "choose_organisation", "render_labels", "render_map_form"]

#: Session-state key of the message shown after a mapping (the page pops it on the next run).
FLASH = "kategorier_flash"


def choose_organisation(organisations: list[Option]) -> Option:
    """Render the organisation selector and return the chosen one.

    The first choice is the organisation named in the URL (``?org=NAME``, as the Import page links here),
    else the first by name.

    Parameters
    ----------
    organisations
        Every organisation (value: the id as text), at least one.

    Returns
    -------
    Option
        The chosen organisation.
    """
    wanted = str(st.query_params.get("org", "")).strip().lower()
    names = [o.label_sv.lower() for o in organisations]
    by_value = {o.value: o for o in organisations}
    chosen = st.selectbox(
        text("kategorier.organisation"),
        list(by_value),
        index=names.index(wanted) if wanted in names else 0,
        format_func=lambda value: by_value[value].label_sv,
        key="kategorier_org",
    )
    return by_value[chosen]


def render_labels(labels: list[SourceLabel], categories: list[Option]) -> None:
    """Render the labels with their current category, incident count and saved crosswalk entry.

    Parameters
    ----------
    labels
        The labels to show (from :func:`est.intake.labels.source_labels`).
    categories
        The EST taxonomy, for the category names in the session's language.
    """
    lang = current_lang()
    names = label_map(categories, lang)
    st.caption(
        text(
            "kategorier.count",
            labels=tn("kategorier.n_labels", len({s.label for s in labels}), lang),
            incidents=tn("kategorier.n_incidents", sum(s.incidents for s in labels), lang),
        )
    )
    rows = [
        {
            text("kategorier.col.label"): s.label,
            text("kategorier.col.category"): names.get(s.category_code, s.category_code),
            text("kategorier.col.incidents"): s.incidents,
            text("kategorier.col.saved"): names.get(s.saved, s.saved) if s.saved else "",
            text("kategorier.col.origin"): text(f"kategorier.origin.{s.origin}") if s.origin else "",
        }
        for s in labels
    ]
    st.dataframe(rows, hide_index=True, width="stretch")  # st.dataframe shows labels as text, never HTML


def render_map_form(viewer: Viewer, organisation: Option, labels: list[SourceLabel], categories: list[Option]) -> None:
    """Render the choice of a label and an EST category and the button that maps it.

    :func:`est.intake.labels.map_label` checks the permission, saves the crosswalk entry and updates the
    stored incidents; the result is shown after the rerun.

    Parameters
    ----------
    viewer
        Who maps.
    organisation
        The organisation whose label it is.
    labels
        The labels offered (distinct, in the listed order).
    categories
        The EST taxonomy in tree order.
    """
    lang = current_lang()
    st.subheader(text("kategorier.map_title"))
    offered = list(dict.fromkeys(s.label for s in labels))
    by_code = {o.value: o for o in categories}
    left, right = st.columns(2)
    label = left.selectbox(
        text("kategorier.label"), offered, index=None, key="kategorier_label", placeholder=text("common.choose")
    )
    code = right.selectbox(
        text("kategorier.category"),
        list(by_code),
        index=None,
        placeholder=text("common.choose"),
        format_func=lambda value: by_code[value].label(lang),
        key="kategorier_category",
    )
    if st.button(
        text("kategorier.apply"), type="primary", disabled=label is None or code is None, key="kategorier_apply"
    ):
        if label is None or code is None:  # the button is disabled then; keep mypy and stale clicks honest
            return
        with guard():
            done = map_label(get_store(), viewer, int(organisation.value), label, code)
        st.session_state[FLASH] = tn(
            "kategorier.mapped",
            done.incidents_updated,
            lang,
            label=escape_markdown(done.label),  # labels come from files; st.success renders markdown
            organisation=escape_markdown(done.organisation),
            category=label_map(categories, lang).get(done.category_code, done.category_code),
        )
        for key in ("kategorier_label", "kategorier_category"):
            st.session_state.pop(key, None)
        clear_reads()
        st.rerun()

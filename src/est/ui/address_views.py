"""The address register tab of ``pages/omraden.py``: upload a register, see what it read and what it placed.

Rendering only. Reading the file, replacing the register, geocoding the stored incidents and the
permission check live in :mod:`est.intake.addresses`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from est.intake.addresses import ADDRESS_SUFFIXES, import_address_register, read_address_file, register_status
from est.ui.context import read
from est.ui.session import get_store, guard, text

if TYPE_CHECKING:
    from est.access.auth import Viewer
    from est.intake.addresses import AddressFile, RegisterImport

__all__ = ["render_address_register"]

_PREVIEW_COLUMNS = ("street", "number", "letter", "postcode", "locality", "lat", "lon")


def render_address_register(viewer: Viewer) -> None:
    """Render the register's state, the upload with an optional CRS, what the file holds, and the import.

    Parameters
    ----------
    viewer
        Who imports (``import_address_register`` checks the permission).
    """
    st.caption(text("omraden.addresses_intro"))
    with guard():
        status = read(register_status)
    if status["addresses"]:
        st.caption(
            text(
                "omraden.addresses_status",
                n=status["addresses"],
                file=status["file"],
                placed=status["incidents_geocoded"],
                left=status["incidents_without_point"],
            )
        )
    else:
        st.caption(text("omraden.addresses_none", left=status["incidents_without_point"]))
    uploaded = st.file_uploader(
        text("omraden.addresses_upload"),
        type=[suffix.lstrip(".") for suffix in ADDRESS_SUFFIXES],
        help=text("omraden.addresses_upload_help"),
        key="omraden_addresses_upload",
    )
    crs = st.text_input(text("omraden.crs"), help=text("omraden.crs_help"), key="omraden_addresses_crs")
    if uploaded is None:
        return
    with guard():
        address_file = read_address_file(uploaded.getvalue(), file_name=uploaded.name, crs=crs.strip() or None)
    _show_address_file(address_file)
    if st.button(text("omraden.addresses_import"), type="primary", key="omraden_addresses_import"):
        with guard(), st.spinner():
            result = import_address_register(get_store(), viewer, address_file)
        _show_result(result)


def _show_address_file(address_file: AddressFile) -> None:
    """What was read: addresses, CRS and how it was found, the columns used, skipped rows, the first rows."""
    how = text(f"omraden.crs_how.{address_file.crs_source}")
    st.info(
        text(
            "omraden.addresses_read",
            n=len(address_file.frame),
            crs=address_file.crs,
            how=how,
            columns=", ".join(f"{k} = {v}" for k, v in address_file.columns.items()),
        )
    )
    for note in address_file.notes:
        st.caption(note)
    if address_file.rows_skipped:
        st.caption(text("omraden.addresses_skipped", n=address_file.rows_skipped))
    st.dataframe(address_file.frame.loc[:, list(_PREVIEW_COLUMNS)].head(8), hide_index=True, width="stretch")


def _show_result(result: RegisterImport) -> None:
    """How many stored incidents got a point, and which addresses did not match and why."""
    found = result.geocoded
    st.success(
        text(
            "omraden.addresses_done",
            n=result.addresses,
            matched=found.matched,
            unmatched=found.unmatched,
            reverted=found.reverted,
        )
    )
    if found.examples:
        st.caption(text("omraden.addresses_missed"))
        st.dataframe(
            pd.DataFrame(
                {
                    text("omraden.addresses_missed_text"): [t for t, _r, _n in found.examples],
                    text("omraden.addresses_missed_why"): [
                        text(f"omraden.addresses_reason.{r}") for _t, r, _n in found.examples
                    ],
                    text("common.incidents"): [n for _t, _r, n in found.examples],
                }
            ),
            hide_index=True,
            width="stretch",
        )

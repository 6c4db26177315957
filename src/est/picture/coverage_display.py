"""Data coverage for display: which sources reported in the period, as a table and as warnings.

Who calls it: the filter bar (through ``est.ui``) and the meeting screen. Inputs are
:mod:`est.picture.data_coverage` results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from est.i18n import Lang, format_int, t
from est.picture.data_coverage import SourceCoverage

if TYPE_CHECKING:
    pass

__all__ = [
    "coverage_table",
    "coverage_warnings",
]


def coverage_table(rows: list[SourceCoverage], lang: Lang) -> pd.DataFrame:
    """The data-coverage panel: per source kind and organisation, last upload and weeks without reports."""
    never = t("analysis.coverage.never", lang)

    def missing(row: SourceCoverage) -> str:
        if not row.missing_weeks:
            return t("analysis.coverage.none_missing", lang, weeks=row.weeks)
        listed = ", ".join(row.missing_weeks[-6:])
        more = "…, " if len(row.missing_weeks) > 6 else ""
        return t("analysis.coverage.missing", lang, n=len(row.missing_weeks), weeks=row.weeks, listed=more + listed)

    return pd.DataFrame(
        {
            t("common.source", lang): [r.source_label_sv if lang == "sv" else r.source_label_en for r in rows],
            t("common.organisation", lang): [r.organisation for r in rows],
            t("analysis.coverage.last_upload", lang): [
                r.last_upload.strftime("%Y-%m-%d %H:%M") if r.last_upload else never for r in rows
            ],
            t("analysis.coverage.reports", lang): [format_int(r.reports, lang) for r in rows],
            t("analysis.coverage.silent", lang): [missing(r) for r in rows],
        }
    )


def coverage_warnings(rows: list[SourceCoverage], lang: Lang) -> list[str]:
    """One sentence per organisation that did not report in the last week of the window."""
    out = []
    for row in rows:
        if row.silent_last_week:
            out.append(t("analysis.coverage.warning", lang, organisation=row.organisation, week=row.missing_weeks[-1]))
    return out

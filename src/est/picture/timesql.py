"""SQL for local-time buckets that stays fast on millions of rows.

Who calls it: the analysis modules (daily, weekly, monthly, hour-of-day counts). Converting every row's
TIMESTAMPTZ to Europe/Stockholm costs about a microsecond per row; counting per UTC hour first and
converting only the distinct hours is 10–20 times faster, and exact because Swedish offsets are whole hours.
"""

from __future__ import annotations

__all__ = ["by_local_hour"]


def by_local_hour(keys: str, source: str, local: str, key_names: str) -> str:
    """Aggregate per UTC hour first (cheap integer maths), then turn each distinct hour into local time.

    Time-zone conversions are expensive per row; Swedish offsets are whole hours, so an hour bucket maps
    to exactly one local hour. ``local`` is an expression list on ``t`` (the local TIMESTAMPTZ).
    """
    return (
        f"WITH h AS (SELECT {keys}, epoch_ms(i.occurred_at) // 3600000 AS uh, sum(i.count) AS n "  # noqa: S608 - fragments are code constants
        f"{source} GROUP BY ALL), "
        "l AS MATERIALIZED (SELECT uh, to_timestamp(uh * 3600) AS t FROM (SELECT DISTINCT uh FROM h)) "
        f"SELECT {local}, {key_names}, sum(h.n)::BIGINT AS count FROM h JOIN l USING (uh) GROUP BY ALL"
    )

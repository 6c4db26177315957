"""Cross-source duplicate linking: the same thing reported by several sources becomes one problem.

Who calls it: the linking runs by itself after every change to the incidents — :func:`link_batch` after a
committed import (``est import``, the Import page: only the batch's reports and those whose problem they
change, with exactly a full run's result, see "Incremental linking" below), :func:`link_in_place` (a full
run) inside the transaction of an undo (:func:`est.intake.batches.undo_batch`), a category re-mapping
(:func:`est.intake.labels.map_label`) and ``est init --demo``, :func:`link_incident` (incremental too) for
one quick field report — and a coordinator runs the full :func:`link_duplicates` (``est dedup run``, the
Police events page) after changing the limits or when an import's linking was deferred, confirms or splits
problems with :func:`confirm_problem` / :func:`split_incident`. Every change keeps
``incidents.duplicate_of`` (the problem id on every member but the anchor) current:
:func:`est.picture.filters.where_clause` leaves those reports out, so the analysis counts problems by default;
:func:`count_with_dedup` / :func:`dedup_counts` give both numbers.

Candidates. Two incidents are candidates when they are exact points at most ``distance_m`` apart, at most
``window_hours`` apart in time, in the same category (``same_group``: the same top-level EST category, so
"klotter" from a property owner meets "övrig skadegörelse" from the police; or ``same_code``), and — by
default — from different organisations (duplicates within one source are the import's business). Reports
without an EST category (``okategoriserad``) are never candidates: "uncategorised" says nothing about what
happened; they become candidates once their label is mapped (:func:`est.intake.labels.map_label` links
again). Pairs
are found with one DuckDB statement: points go into a grid of ``distance_m`` cells and time buckets of
``window_hours``, each point probes its neighbouring cells by equality joins (no quadratic self-join).

Problems. Linking never chains A–B–C into one problem unless C is also close to A: each problem has an
anchor (its earliest report) and every member is within the limits of the anchor. Reports are taken in
time order; each joins the best of its earlier candidates that is an anchor or still alone (nearest in
time, then in space, then the lower id), which then anchors; candidates that already belong to another
report's problem are never anchors. Problems a coordinator
confirmed are kept as they are (new reports may still join them), and so are problems with a member that
is no longer an exact point (retention removed it, so the pair cannot be found again); pairs a coordinator
split are never linked again. Re-running keeps the ids of problems whose anchor is unchanged.

Incremental linking. A report's eligibility (an anchor or still alone) is settled at its own turn, so new
reports change only what comes after them in time: :func:`link_new_in_place` decides each new report, and
decides again a later report only when one of its earlier candidates changed eligibility, in time order,
reading the pairs of just those reports (the grid probing above, restricted to them). Given stored links that
are a full run's, the result is a full run's — links, problem ids and ``duplicate_of`` — at a cost that grows
with the reports it touches, not with the store (tests/test_dedup_incremental.py checks it on random data).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import pandas as pd

from est.access.audit import record
from est.access.auth import Permission, Viewer, require
from est.access.settings import get_setting, set_setting
from est.errors import ConcurrentWriteError, EstError
from est.i18n import Lang, t
from est.picture.filters import Filters, incident_query

if TYPE_CHECKING:
    from est.store import Reader, Store, Writer

__all__ = [
    "DEDUP_SETTINGS",
    "DedupConfig",
    "DedupCount",
    "LinkReport",
    "candidate_pairs",
    "confirm_problem",
    "count_for_filter",
    "count_with_dedup",
    "dedup_counts",
    "link_batch",
    "link_duplicates",
    "link_in_place",
    "link_incident",
    "link_new_in_place",
    "list_problems",
    "load_config",
    "problem_sources",
    "problem_sources_for_display",
    "problems_for_display",
    "relink_after_change",
    "save_config",
    "split_incident",
]

CategoryMatch = Literal["same_group", "same_code"]
_STOCKHOLM = ZoneInfo("Europe/Stockholm")
_METRES_PER_DEGREE = 111_320.0

#: The settings (stored in ``settings``) with their defaults and help text.
DEDUP_SETTINGS: dict[str, tuple[str, str]] = {
    "dedup_distance_m": ("50", "Reports at most this many metres apart can be the same problem."),
    "dedup_window_hours": ("24", "Reports at most this many hours apart can be the same problem."),
    "dedup_category_match": ("same_group", "same_group: same top-level category; same_code: same category."),
    "dedup_different_organisations": ("true", "Only link reports from different organisations."),
}


@dataclass(frozen=True)
class DedupConfig:
    """The limits for duplicate candidates."""

    distance_m: float = 50.0
    window_hours: float = 24.0
    category_match: CategoryMatch = "same_group"
    different_organisations: bool = True

    def __post_init__(self) -> None:
        if not 0 < self.distance_m <= 5000:
            raise EstError(
                f"distance must be between 1 and 5000 metres, not {self.distance_m}",
                sv=f"avståndet måste vara mellan 1 och 5000 meter, inte {self.distance_m}",
            )
        if not 0 < self.window_hours <= 24 * 60:
            raise EstError(
                f"the time window must be between 1 hour and 60 days, not {self.window_hours} hours",
                sv=f"tidsfönstret måste vara mellan 1 timme och 60 dagar, inte {self.window_hours} timmar",
            )
        if self.category_match not in ("same_group", "same_code"):
            raise EstError(
                f"category match must be same_group or same_code, not '{self.category_match}'",
                sv=f"kategorimatchningen måste vara same_group eller same_code, inte '{self.category_match}'",
            )


def load_config(reader: Reader) -> DedupConfig:
    """The configured limits (defaults where nothing is stored)."""

    def value(key: str) -> str:
        return get_setting(reader, key) or DEDUP_SETTINGS[key][0]

    match = value("dedup_category_match")
    return DedupConfig(
        distance_m=float(value("dedup_distance_m")),
        window_hours=float(value("dedup_window_hours")),
        category_match="same_code" if match == "same_code" else "same_group",
        different_organisations=value("dedup_different_organisations") == "true",
    )


def save_config(store: Store, viewer: Viewer, config: DedupConfig) -> None:
    """Store the limits; needs ``MANAGE_MEETINGS`` (the coordinator)."""
    require(viewer, Permission.MANAGE_MEETINGS)
    with store.writing() as writer:
        for key, text in (
            ("dedup_distance_m", str(config.distance_m)),
            ("dedup_window_hours", str(config.window_hours)),
            ("dedup_category_match", config.category_match),
            ("dedup_different_organisations", "true" if config.different_organisations else "false"),
        ):
            set_setting(writer, key, text, by=viewer.user)
        record(writer, viewer.user, "setting", target="dedup", detail=config.__dict__)


# -- candidates -------------------------------------------------------------------------------------------

_PAIRS_SQL = """
WITH pts AS (
    SELECT id, organisation_id AS org, epoch(occurred_at) AS t, lat, lon,
           CASE WHEN $same_code THEN category_code ELSE split_part(category_code, '.', 1) END AS cat
    FROM incidents WHERE lat IS NOT NULL AND lon IS NOT NULL AND location_precision = 'exact'
      AND category_code <> 'okategoriserad'
),
scale AS (SELECT cos(radians(coalesce(max(abs(lat)), 0))) AS kx FROM pts),
cells AS (
    SELECT p.*, CAST(floor(p.lon * $m * s.kx / $d) AS BIGINT) AS cx, CAST(floor(p.lat * $m / $d) AS BIGINT) AS cy,
           CAST(floor(p.t / $w) AS BIGINT) AS ct
    FROM pts p, scale s
),
probe AS (
    SELECT c.*, c.cx + dx AS px, c.cy + dy AS py, c.ct + dt AS pt
    FROM cells c, range(-1, 2) x(dx), range(-1, 2) y(dy), range(0, 2) z(dt)
),
near AS (
    SELECT a.id AS a, b.id AS b,
           sqrt(power((b.lon - a.lon) * $m * cos(radians((a.lat + b.lat) / 2)), 2)
                + power((b.lat - a.lat) * $m, 2)) AS distance_m,
           (b.t - a.t) / 60.0 AS minutes_apart, b.t AS tb
    FROM probe a JOIN cells b ON b.cat = a.cat AND b.cx = a.px AND b.cy = a.py AND b.ct = a.pt
    WHERE (b.t > a.t OR (b.t = a.t AND b.id > a.id)) AND b.t - a.t <= $w
      AND (NOT $different OR a.org <> b.org)
)
SELECT a, b, distance_m, minutes_apart, tb FROM near n
WHERE distance_m <= $d
  AND NOT EXISTS (SELECT 1 FROM dedup_splits s
                  WHERE s.incident_a = least(n.a, n.b) AND s.incident_b = greatest(n.a, n.b))
"""


def _pair_params(config: DedupConfig) -> dict[str, Any]:
    return {
        "same_code": config.category_match == "same_code",
        "m": _METRES_PER_DEGREE,
        "d": float(config.distance_m),
        "w": float(config.window_hours) * 3600.0,
        "different": config.different_organisations,
    }


def candidate_pairs(reader: Reader, config: DedupConfig) -> pd.DataFrame:
    """Every candidate pair ``(a, b, distance_m, minutes_apart)``, ``a`` the earlier report."""
    return reader.df(_PAIRS_SQL + " ORDER BY a, b", _pair_params(config))


# -- linking ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkReport:
    """What a linking run found."""

    pairs: int
    problems: int
    linked_incidents: int
    seconds: float
    incremental: bool = False  # only the new reports and those they change were decided (link_new_in_place)


def link_duplicates(store: Store, viewer: Viewer, config: DedupConfig | None = None) -> LinkReport:
    """Find candidates and (re)build the open problems; confirmed problems and splits are kept.

    Needs :attr:`~est.access.auth.Permission.MANAGE_MEETINGS` (the coordinator) — or any role that can see
    every organisation's exact points would learn nothing new, but linking changes the shared picture.
    """
    require(viewer, Permission.MANAGE_MEETINGS)
    return _run(store, viewer.user, config, trigger="manual")


def relink_after_change(store: Store, actor: str, trigger: str) -> LinkReport:
    """Re-run the linking with the stored limits after incidents changed (an import, an undo, demo data).

    The system's own run, not a coordinator's: the caller already checked that ``actor`` may make the change
    that triggered it (the linking only derives problems from the incidents, with the coordinator's limits,
    keeping confirmed problems and splits). Audited as ``dedup_link`` by ``actor`` with ``trigger``.
    """
    return _run(store, actor, None, trigger=trigger)


def _run(store: Store, actor: str, config: DedupConfig | None, *, trigger: str) -> LinkReport:
    started = time.perf_counter()
    with store.writing() as writer:
        cfg = config or load_config(writer)
        report = _link(writer, cfg)
        record(
            writer,
            actor,
            "dedup_link",
            target="problems",
            rows=report.linked_incidents,
            detail={"pairs": report.pairs, "problems": report.problems, "trigger": trigger, **cfg.__dict__},
        )
    return LinkReport(report.pairs, report.problems, report.linked_incidents, time.perf_counter() - started)


def link_in_place(writer: Writer) -> LinkReport:
    """Link within the caller's transaction with the stored limits; the caller audits its own change.

    For changes whose linking must not be left behind by a busy database: an undo, a category re-mapping,
    the demo data. The whole change and its linking commit together or not at all.
    """
    return _link(writer, load_config(writer))


def link_batch(store: Store, actor: str, batch_id: int, *, trigger: str = "import") -> LinkReport:
    """Link the reports of one committed batch against the stored ones: the links a full run would give.

    What every committed import runs (``est import``, the Import page) instead of a full run: only the
    batch's reports and the reports whose problem they change are read and written (see
    :func:`link_new_in_place`), so a small import costs little however many reports are stored. Audited as
    ``dedup_link`` by ``actor`` with ``trigger``; the caller already checked that ``actor`` may import.
    """
    started = time.perf_counter()
    for attempt in range(1, LINK_ATTEMPTS + 1):
        try:
            report = _link_batch_once(store, actor, batch_id, trigger)
            break
        except ConcurrentWriteError:
            # On a server store another import's linking changed the same problems at the same moment; the
            # linking is decided from what is stored, so deciding it again in a new transaction is exact.
            if attempt == LINK_ATTEMPTS:
                raise
            time.sleep(0.2 * attempt)
    return replace(report, seconds=time.perf_counter() - started)


#: How often :func:`link_batch` decides again after meeting a concurrent linking (server stores only).
LINK_ATTEMPTS = 4


def _link_batch_once(store: Store, actor: str, batch_id: int, trigger: str) -> LinkReport:
    with store.writing() as writer:
        writer.execute("CREATE OR REPLACE TEMP TABLE dd_new AS SELECT id FROM incidents WHERE batch_id = ?", [batch_id])
        report = _link_new(writer, load_config(writer), batch_id)
        record(
            writer,
            actor,
            "dedup_link",
            target=f"batch {batch_id}",
            rows=report.linked_incidents,
            detail={
                "pairs": report.pairs,
                "problems": report.problems,
                "trigger": trigger,
                "incremental": report.incremental,
            },
        )
    return report


def link_new_in_place(writer: Writer, incident_ids: Iterable[int]) -> LinkReport:
    """Link new reports within the caller's transaction: exactly the links a full run would give.

    The reports may be older than stored ones (a backfill): every report whose problem they can change is
    decided again, in time order, and nothing else is read or written. Correct when the stored links are a
    full run's — every linking keeps them so; after changing the limits, run :func:`link_duplicates`
    (``est dedup run``). ``pairs`` counts the candidate pairs read; ``problems`` and ``linked_incidents`` are
    the totals after the run. A big batch (more than :data:`INCREMENTAL_LIMIT` linkable reports and more than
    one per thousand stored) gets a full run instead (``incremental`` False): the same links, sooner.
    """
    _temp_ids(writer, "dd_new", set(incident_ids))
    return _link_new(writer, load_config(writer))


#: Up to this many new linkable reports (or one per thousand stored reports, when that is more) are linked
#: incrementally; a bigger batch with a full run, which is cheaper then (measured at 1M stored reports: 5,000
#: new reports spread over two years took 16 s incrementally, a full run 3-4 s). Both give the same links.
INCREMENTAL_LIMIT = 200


#: The reports that can ever be candidates: exact points with an EST category.
_LINKABLE = "lat IS NOT NULL AND lon IS NOT NULL AND location_precision = 'exact' AND category_code <> 'okategoriserad'"


@dataclass(frozen=True)
class _NewReports:
    """The new linkable reports (``dd_new``), read in one scan.

    How many, of how many organisations (and one of them), and their first and last time (epoch seconds).
    """

    count: int
    organisations: int
    organisation: int | None
    first: float | None
    last: float | None


def _new_reports(writer: Writer, batch_id: int | None) -> _NewReports:
    """Read :class:`_NewReports`; the reports of a batch are found by its id (``dd_new`` holds the same ids).

    A filter on the batch reads only its row groups' columns; the join with ``dd_new`` costs as much as the
    batch is big (0.9 s against 0.1 s at 10M rows).
    """
    new = "batch_id = $batch" if batch_id is not None else "id IN (SELECT id FROM dd_new)"
    row = writer.row(
        "SELECT count(*), count(DISTINCT organisation_id), any_value(organisation_id), epoch(min(occurred_at)), "  # noqa: S608 - constants
        f"epoch(max(occurred_at)) FROM incidents WHERE {new} AND {_LINKABLE}",
        {"batch": batch_id} if batch_id is not None else None,
    )
    assert row is not None
    return _NewReports(int(row[0]), int(row[1]), row[2], row[3], row[4])


def _no_candidates_possible(writer: Writer, config: DedupConfig, new: _NewReports) -> bool:
    """Whether no new report can have a candidate, read from aggregates instead of the pairs.

    True when the limits ask for different organisations, the new linkable reports are all from one
    organisation, and no linkable report of another organisation lies within the time window of them: then a
    full or incremental run would find no pair with a new report, and nothing stored changes (a company's
    first export, or a source that is alone in its weeks). The usual case of a big file from one source.
    """
    if not config.different_organisations:
        return False
    if new.organisations == 0:
        return True
    if new.organisations > 1 or new.first is None or new.last is None:
        return False
    window = config.window_hours * 3600
    return not writer.value(
        f"SELECT EXISTS (SELECT 1 FROM incidents WHERE {_LINKABLE} "  # noqa: S608 - constants; values are bound
        "AND organisation_id <> ? AND occurred_at BETWEEN to_timestamp(?) AND to_timestamp(?))",
        [new.organisation, float(new.first) - window, float(new.last) + window],
    )


def _link_new(writer: Writer, config: DedupConfig, batch_id: int | None = None) -> LinkReport:
    """Link the reports of ``dd_new`` (the batch ``batch_id``, when they are one) incrementally or in a full run."""
    new = _new_reports(writer, batch_id)
    if _no_candidates_possible(writer, config, new):
        writer.execute("DROP TABLE dd_new")
        return _incremental_report(writer, 0)
    if new.count > INCREMENTAL_LIMIT and new.count * 1000 > int(writer.value("SELECT count(*) FROM incidents")):
        writer.execute("DROP TABLE dd_new")
        return _link(writer, config)
    changed, previous, pairs = _decide_again(writer, config)
    if changed:
        _apply_changes(writer, changed, previous)
    writer.execute("DROP TABLE IF EXISTS dd_new")
    return _incremental_report(writer, pairs)


def _incremental_report(writer: Writer, pairs: int) -> LinkReport:
    """An incremental run's report: the ``pairs`` it read and the stored totals after it."""
    problems = int(writer.value("SELECT count(*) FROM problems"))
    linked = int(writer.value("SELECT count(*) FROM problem_links"))
    return LinkReport(pairs, problems, linked, 0.0, incremental=True)


def link_incident(store: Store, actor: str, incident_id: int) -> int | None:
    """Link one new report at once (a field report): exactly as a full run would, at the cost of one report.

    The incremental linking (:func:`link_new_in_place`) with the stored limits: the report joins its best
    earlier candidate, and when it happened before stored reports (a field report about earlier today) a later
    report may join it instead. Returns the id of the problem the report is now part of, or None. The caller
    already checked that ``actor`` may add the report. Linking a linked report again does nothing.
    """
    with store.writing() as writer:
        if writer.value("SELECT count(*) FROM problem_links WHERE incident_id = ?", [incident_id]):
            return None
        link_new_in_place(writer, [incident_id])
        problem = writer.value("SELECT problem_id FROM problem_links WHERE incident_id = ?", [incident_id])
        if problem is None:
            return None
        record(writer, actor, "dedup_link", target=f"problem {problem}", rows=1, detail={"incident": incident_id})
    return int(problem)


def _link(writer: Writer, config: DedupConfig) -> LinkReport:
    import pyarrow as pa

    _forget_removed(writer)
    # Problems with a member that is no longer an exact point (retention removed it) cannot be found again:
    # they stay as they are, like confirmed ones. The rest are rebuilt from the pairs.
    writer.execute(
        "DELETE FROM problem_links WHERE NOT confirmed AND problem_id NOT IN ("
        "SELECT l.problem_id FROM problem_links l JOIN incidents i ON i.id = l.incident_id "
        "WHERE i.location_precision <> 'exact' OR i.lat IS NULL OR i.lon IS NULL)"
    )
    # Pairs in the order the reports happened (the later report of each pair), best candidate first.
    pairs_table = writer.arrow(
        _PAIRS_SQL + " ORDER BY tb, b, minutes_apart, distance_m, a",
        _pair_params(config),
    )
    column_a = pairs_table.column("a").to_pylist()
    column_b = pairs_table.column("b").to_pylist()
    distances = pairs_table.column("distance_m").to_pylist()
    minutes = pairs_table.column("minutes_apart").to_pylist()
    # anchor_of: incident -> the anchor of its problem (an anchor maps to itself). Confirmed problems are fixed.
    anchor_of: dict[int, int] = {
        int(i): int(a)
        for i, a in writer.rows(
            "SELECT l.incident_id, p.anchor_incident_id FROM problem_links l JOIN problems p ON p.id = l.problem_id"
        )
    }
    rows: list[tuple[int, int, float, float]] = []
    n = len(column_b)
    i = 0
    while i < n:  # one report at a time, in time order: it joins the best earlier report that can anchor
        b = column_b[i]
        best = -1
        j = i
        while j < n and column_b[j] == b:
            if best < 0:
                anchor = anchor_of.get(column_a[j])
                if anchor is None or anchor == column_a[j]:
                    best = j
            j += 1
        if best >= 0 and b not in anchor_of:
            a = column_a[best]
            if a not in anchor_of:
                anchor_of[a] = a
                rows.append((a, a, 0.0, 0.0))
            anchor_of[b] = a
            rows.append((b, a, distances[best], minutes[best]))
        i = j
    assigned = pa.table(
        {
            "id": pa.array([r[0] for r in rows], pa.int64()),
            "anchor": pa.array([r[1] for r in rows], pa.int64()),
            "distance_m": pa.array([r[2] for r in rows], pa.float64()),
            "minutes_apart": pa.array([r[3] for r in rows], pa.float64()),
        }
    )
    writer.register("dd_new", assigned)
    writer.execute(
        "CREATE TEMP TABLE dd_assign AS SELECT l.incident_id AS id, p.anchor_incident_id AS anchor, "
        "0.0::DOUBLE AS distance_m, 0.0::DOUBLE AS minutes_apart FROM problem_links l "
        "JOIN problems p ON p.id = l.problem_id UNION ALL SELECT * FROM dd_new"
    )
    # Anchors keep their problem id when they had one; others get a new problem.
    writer.execute(
        "CREATE TEMP TABLE dd_groups AS SELECT anchor, count(*) AS members FROM dd_assign "
        "GROUP BY anchor HAVING count(*) > 1"
    )
    writer.execute(
        "INSERT INTO problems (anchor_incident_id) SELECT g.anchor FROM dd_groups g "
        "WHERE NOT EXISTS (SELECT 1 FROM problems p WHERE p.anchor_incident_id = g.anchor) ORDER BY g.anchor"
    )
    writer.execute(
        "INSERT INTO problem_links (problem_id, incident_id, confirmed, distance_m, minutes_apart) "
        "SELECT p.id, a.id, false, a.distance_m, a.minutes_apart FROM dd_assign a "
        "JOIN dd_groups g ON g.anchor = a.anchor JOIN problems p ON p.anchor_incident_id = a.anchor "
        "WHERE NOT EXISTS (SELECT 1 FROM problem_links l WHERE l.incident_id = a.id)"
    )
    writer.execute(
        "DELETE FROM problems WHERE status <> 'confirmed' AND id NOT IN (SELECT problem_id FROM problem_links)"
    )
    _refresh_duplicates(writer)
    problems = int(writer.value("SELECT count(*) FROM problems"))
    linked = int(writer.value("SELECT count(*) FROM problem_links"))
    for table in ("dd_assign", "dd_groups"):
        writer.execute(f"DROP TABLE {table}")
    return LinkReport(n, problems, linked, 0.0)


# -- incremental linking ----------------------------------------------------------------------------------
#
# The full run takes reports in time order and each one, unless its link is kept, joins the best earlier
# candidate that is *eligible* — an anchor or still alone. A report's eligibility is settled at its own turn
# (a report that joined someone never anchors; one that did not stays eligible), so it depends only on the
# eligibility of its earlier candidates. New reports therefore change only what lies after them: each new
# report is decided at its turn, and a report is decided again only when it is new, or when the eligibility
# of one of its earlier candidates changed (a new report counts as "was not eligible": it did not exist).
# Taking those reports in time order and reading their pairs as they are reached gives exactly the full
# run's links, provided the stored links are a full run's (every linking keeps them so).

# The linkable reports of the time buckets ``$buckets`` with their grid cells, added to ``dd_points`` (made
# once per run) as the run reaches them. ``$kx`` is the cosine of the largest latitude of any linkable report:
# any grid scale at most the cosine of every latitude involved finds every pair within ``$d``.
_POINTS_SQL = """
INSERT INTO dd_points
SELECT id, organisation_id, t, lat, lon, cat, CAST(floor(lon * $m * $kx / $d) AS BIGINT),
       CAST(floor(lat * $m / $d) AS BIGINT), CAST(floor(t / $w) AS BIGINT)
FROM (
    SELECT id, organisation_id, epoch(occurred_at) AS t, lat, lon,
           CASE WHEN $same_code THEN category_code ELSE split_part(category_code, '.', 1) END AS cat
    FROM incidents WHERE lat IS NOT NULL AND lon IS NOT NULL AND location_precision = 'exact'
      AND category_code <> 'okategoriserad' AND occurred_at BETWEEN to_timestamp($lo) AND to_timestamp($hi)
      AND CAST(floor(epoch(occurred_at) / $w) AS BIGINT) IN (SELECT unnest($buckets))
)
"""

# Candidate pairs with at least one side in ``dd_frontier_arrow``, exactly as :data:`_PAIRS_SQL` finds them (the
# same expressions, ``a`` the earlier report), among ``dd_near``: the reports of ``dd_points`` in the
# frontier's time buckets and their neighbours.
_FRONTIER_PAIRS_SQL = """
WITH points AS (SELECT * FROM dd_near),
probe AS (
    SELECT f.*, dx, dy, dt FROM points f, range(-1, 2) x(dx), range(-1, 2) y(dy), range(0, 2) z(dt)
    WHERE f.id IN (SELECT id FROM dd_frontier_arrow)
),
near AS (
    SELECT a.id AS a, b.id AS b, a.t AS ta, b.t AS tb, a.org AS org_a, b.org AS org_b,
           sqrt(power((b.lon - a.lon) * $m * cos(radians((a.lat + b.lat) / 2)), 2)
                + power((b.lat - a.lat) * $m, 2)) AS distance_m,
           (b.t - a.t) / 60.0 AS minutes_apart
    FROM probe a JOIN points b
      ON b.cat = a.cat AND b.cx = a.cx + a.dx AND b.cy = a.cy + a.dy AND b.ct = a.ct + a.dt
    UNION
    SELECT a.id AS a, b.id AS b, a.t AS ta, b.t AS tb, a.org AS org_a, b.org AS org_b,
           sqrt(power((b.lon - a.lon) * $m * cos(radians((a.lat + b.lat) / 2)), 2)
                + power((b.lat - a.lat) * $m, 2)) AS distance_m,
           (b.t - a.t) / 60.0 AS minutes_apart
    FROM probe b JOIN points a
      ON a.cat = b.cat AND a.cx = b.cx - b.dx AND a.cy = b.cy - b.dy AND a.ct = b.ct - b.dt
)
SELECT a, b, ta, tb, distance_m, minutes_apart FROM near n
WHERE (tb > ta OR (tb = ta AND b > a)) AND tb - ta <= $w AND (NOT $different OR org_a <> org_b)
  AND distance_m <= $d
  AND NOT EXISTS (SELECT 1 FROM dedup_splits s
                  WHERE s.incident_a = least(n.a, n.b) AND s.incident_b = greatest(n.a, n.b))
"""

# The stored link of each report in ``dd_known_arrow``: its problem's anchor, and whether a full run keeps the
# link (confirmed, or the problem has a member that is no longer an exact point: ``dd_fixed``).
_STATE_SQL = """
SELECT l.incident_id, p.anchor_incident_id, l.confirmed OR l.problem_id IN (SELECT problem_id FROM dd_fixed)
FROM problem_links l JOIN problems p ON p.id = l.problem_id
WHERE l.incident_id IN (SELECT id FROM dd_known_arrow)
"""

#: Time buckets read ahead when the run reaches a bucket it has not read (a change ripples forward in time).
_BUCKETS_AHEAD = 3


@dataclass
class _Graph:
    """The part of the candidate-pair graph an incremental run has read, with the stored links of its reports."""

    time: dict[int, float] = field(default_factory=dict)
    earlier: dict[int, list[tuple[float, float, int]]] = field(default_factory=dict)  # b -> (minutes, metres, a)
    later: dict[int, list[int]] = field(default_factory=dict)
    seen: set[tuple[int, int]] = field(default_factory=set)
    fetched: set[int] = field(default_factory=set)
    looked_up: set[int] = field(default_factory=set)
    member_of: dict[int, int] = field(default_factory=dict)  # stored: a member (not the anchor) -> its anchor
    kept: set[int] = field(default_factory=set)  # stored links a full run keeps
    buckets: set[int] = field(default_factory=set)  # time buckets in dd_points


def _register_ids(writer: Writer, name: str, ids: set[int]) -> None:
    import pyarrow as pa

    writer.register(name, pa.table({"id": pa.array(sorted(ids), pa.int64())}))


def _temp_ids(writer: Writer, name: str, ids: set[int]) -> None:
    _register_ids(writer, f"{name}_arrow", ids)
    writer.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT id FROM {name}_arrow")  # noqa: S608 - code constant


def _fetch(writer: Writer, params: dict[str, Any], graph: _Graph, ids: set[int]) -> None:
    """Read the candidate pairs of ``ids`` (whose times are known) and the stored links of the reports reached."""
    window = float(params["w"])
    needed = {math.floor(graph.time[i] / window) + k for i in ids for k in (-1, 0, 1)}
    if needed - graph.buckets:
        missing = {b + k for b in needed - graph.buckets for k in range(_BUCKETS_AHEAD + 1)} - graph.buckets
        writer.execute(
            _POINTS_SQL,
            {k: params[k] for k in ("same_code", "m", "kx", "d", "w")}
            | {"lo": min(missing) * window - 1.0, "hi": (max(missing) + 1) * window + 1.0, "buckets": sorted(missing)},
        )
        graph.buckets |= missing
    _register_ids(writer, "dd_frontier_arrow", ids)
    writer.execute(  # a small table first: the joins below then build on the frontier's buckets only
        "CREATE OR REPLACE TEMP TABLE dd_near AS SELECT * FROM dd_points "
        "WHERE ct BETWEEN $low AND $high AND list_contains($buckets, ct)",
        {"low": min(needed), "high": max(needed), "buckets": sorted(needed)},
    )
    found = writer.arrow(_FRONTIER_PAIRS_SQL, {k: params[k] for k in ("m", "d", "w", "different")})
    graph.fetched |= ids
    columns = [found.column(c).to_pylist() for c in ("a", "b", "ta", "tb", "distance_m", "minutes_apart")]
    for a, b, ta, tb, metres, minutes in zip(*columns, strict=True):
        if (a, b) in graph.seen:
            continue
        graph.seen.add((a, b))
        graph.time.setdefault(a, ta)
        graph.time.setdefault(b, tb)
        graph.earlier.setdefault(b, []).append((minutes, metres, a))
        graph.later.setdefault(a, []).append(b)
    for b in ids:  # best first, as the full run orders a report's pairs (nearest in time, in space, lower id)
        graph.earlier.get(b, []).sort()
    unknown = set(graph.time) - graph.looked_up
    if not unknown:
        return
    _register_ids(writer, "dd_known_arrow", unknown)
    for incident, anchor, kept in writer.rows(_STATE_SQL):
        if int(incident) != int(anchor):
            graph.member_of[int(incident)] = int(anchor)
        if kept:
            graph.kept.add(int(incident))
    graph.looked_up |= unknown


def _decide_again(
    writer: Writer, config: DedupConfig
) -> tuple[dict[int, tuple[int | None, float, float]], dict[int, int], int]:
    """Decide the new reports (``dd_new``) and every report they can change, in time order, as a full run would.

    Returns the reports whose problem changed (report -> new anchor or None, metres and minutes from it),
    their stored anchors (report -> anchor) and the number of candidate pairs read.
    """
    import heapq

    params = _pair_params(config)
    graph = _Graph()
    for incident, at in writer.rows(
        f"SELECT id, epoch(occurred_at) FROM incidents WHERE id IN (SELECT id FROM dd_new) AND {_LINKABLE}"  # noqa: S608 - constants
    ):
        graph.time[int(incident)] = float(at)
    new = set(graph.time)  # only exact, categorised reports are ever candidates
    if not new:
        return {}, {}, 0
    params["kx"] = float(
        writer.value(
            f"SELECT cos(radians(coalesce(max(abs(lat)), 0))) FROM incidents WHERE {_LINKABLE}"  # noqa: S608 - constants
        )
    )
    writer.execute(
        "CREATE OR REPLACE TEMP TABLE dd_points (id BIGINT, org BIGINT, t DOUBLE, lat DOUBLE, lon DOUBLE, "
        "cat VARCHAR, cx BIGINT, cy BIGINT, ct BIGINT)"
    )
    writer.execute(  # problems a full run keeps as they are: a member is no longer an exact point
        "CREATE OR REPLACE TEMP TABLE dd_fixed AS SELECT DISTINCT l.problem_id FROM problem_links l "
        "JOIN incidents i ON i.id = l.incident_id "
        "WHERE i.location_precision <> 'exact' OR i.lat IS NULL OR i.lon IS NULL"
    )
    _fetch(writer, params, graph, new)
    eligible: dict[int, bool] = {}
    changed: dict[int, tuple[int | None, float, float]] = {}
    queue = [(graph.time[i], i) for i in new]
    heapq.heapify(queue)
    waiting: set[int] = set()  # queued reports whose pairs are not read yet
    while queue:
        _, report = heapq.heappop(queue)
        if report in eligible:
            continue
        if report not in graph.fetched:  # read its pairs together with every report waiting behind it
            _fetch(writer, params, graph, (waiting | {report}) - graph.fetched)
            waiting.clear()
        if report in graph.kept:  # a kept link: the report stays where it is
            eligible[report] = report not in graph.member_of
            continue
        before = graph.member_of.get(report)
        was_eligible = report not in new and before is None
        choice: tuple[int | None, float, float] = (None, 0.0, 0.0)
        for minutes, metres, candidate in graph.earlier.get(report, []):
            if eligible.get(candidate, candidate not in graph.member_of):
                choice = (candidate, metres, minutes)
                break
        eligible[report] = choice[0] is None
        if choice[0] != before:
            changed[report] = choice
        if eligible[report] != was_eligible:  # its later candidates may decide otherwise now
            for later in graph.later.get(report, []):
                if later not in eligible:
                    heapq.heappush(queue, (graph.time[later], later))
                    if later not in graph.fetched:
                        waiting.add(later)
    previous = {i: graph.member_of[i] for i in changed if i in graph.member_of}
    for table in ("dd_points", "dd_near", "dd_fixed"):
        writer.execute(f"DROP TABLE IF EXISTS {table}")
    return changed, previous, len(graph.seen)


def _apply_changes(
    writer: Writer, changed: dict[int, tuple[int | None, float, float]], previous: dict[int, int]
) -> None:
    """Write the changed reports' links as the full run writes them; only their problems are touched.

    A problem keeps its id while its anchor anchors; a new anchor gets a new problem (in anchor order, as a
    full run numbers them); a problem left with its anchor alone is dissolved unless a coordinator confirmed it.
    """
    import pyarrow as pa

    rows = sorted(changed.items())
    writer.register(
        "dd_changes_arrow",
        pa.table(
            {
                "id": pa.array([r[0] for r in rows], pa.int64()),
                "anchor": pa.array([r[1][0] for r in rows], pa.int64()),
                "distance_m": pa.array([r[1][1] for r in rows], pa.float64()),
                "minutes_apart": pa.array([r[1][2] for r in rows], pa.float64()),
            }
        ),
    )
    writer.execute("CREATE OR REPLACE TEMP TABLE dd_changes AS SELECT * FROM dd_changes_arrow")
    anchors = {a for a, _, _ in changed.values() if a is not None} | set(previous.values())
    _temp_ids(writer, "dd_anchors", anchors)
    writer.execute("DELETE FROM problem_links WHERE incident_id IN (SELECT id FROM dd_changes)")
    writer.execute(
        "INSERT INTO problems (anchor_incident_id) SELECT DISTINCT c.anchor FROM dd_changes c "
        "WHERE c.anchor IS NOT NULL AND NOT EXISTS (SELECT 1 FROM problems p WHERE p.anchor_incident_id = c.anchor) "
        "ORDER BY c.anchor"
    )
    writer.execute(
        "INSERT INTO problem_links (problem_id, incident_id, confirmed, distance_m, minutes_apart) "
        "SELECT p.id, p.anchor_incident_id, false, 0.0, 0.0 FROM problems p "
        "WHERE p.anchor_incident_id IN (SELECT anchor FROM dd_changes) "
        "AND NOT EXISTS (SELECT 1 FROM problem_links l WHERE l.incident_id = p.anchor_incident_id)"
    )
    writer.execute(
        "INSERT INTO problem_links (problem_id, incident_id, confirmed, distance_m, minutes_apart) "
        "SELECT p.id, c.id, false, c.distance_m, c.minutes_apart FROM dd_changes c "
        "JOIN problems p ON p.anchor_incident_id = c.anchor"
    )
    # problems that lost members: an anchor left alone is alone again (a confirmed link stays)
    writer.execute(
        "CREATE OR REPLACE TEMP TABLE dd_touched AS SELECT p.id FROM problems p "
        "WHERE p.anchor_incident_id IN (SELECT id FROM dd_anchors)"
    )
    writer.execute(
        "DELETE FROM problem_links WHERE NOT confirmed AND problem_id IN ("
        "SELECT problem_id FROM problem_links WHERE problem_id IN (SELECT id FROM dd_touched) "
        "GROUP BY problem_id HAVING count(*) < 2)"
    )
    writer.execute(
        "DELETE FROM problems WHERE status <> 'confirmed' AND id IN (SELECT id FROM dd_touched) "
        "AND id NOT IN (SELECT problem_id FROM problem_links WHERE problem_id IN (SELECT id FROM dd_touched))"
    )
    _refresh_duplicates(writer, within="SELECT id FROM dd_changes UNION ALL SELECT id FROM dd_anchors")
    for table in ("dd_changes", "dd_anchors", "dd_touched"):
        writer.execute(f"DROP TABLE {table}")


def _refresh_duplicates(writer: Writer, within: str | None = None) -> None:
    """Set ``incidents.duplicate_of`` (the problem id on every member but the anchor); only changed rows.

    ``within``: a code-constant query of the incident ids that can have changed (an incremental run); every
    incident when None.
    """
    only = f" AND l.incident_id IN ({within})" if within else ""
    writer.execute(
        "CREATE TEMP TABLE dd_duplicates AS SELECT l.incident_id, l.problem_id FROM problem_links l "  # noqa: S608 - code constants
        f"JOIN problems p ON p.id = l.problem_id WHERE l.incident_id <> p.anchor_incident_id{only}"
    )
    writer.execute(
        "UPDATE incidents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL "  # noqa: S608 - code constants
        + (f"AND id IN ({within}) " if within else "")
        + "AND NOT EXISTS (SELECT 1 FROM dd_duplicates d WHERE d.incident_id = incidents.id)"
    )
    writer.execute(
        "UPDATE incidents SET duplicate_of = d.problem_id FROM dd_duplicates d "
        "WHERE incidents.id = d.incident_id AND incidents.duplicate_of IS DISTINCT FROM d.problem_id"
    )
    writer.execute("DROP TABLE dd_duplicates")


def _forget_removed(writer: Writer) -> None:
    """Drop links to reports that no longer exist (an undone batch, retention); re-anchor or dissolve."""
    writer.execute(
        "DELETE FROM problem_links l WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = l.incident_id)"
    )
    writer.execute(
        "UPDATE problems SET anchor_incident_id = (SELECT l.incident_id FROM problem_links l "
        "JOIN incidents i ON i.id = l.incident_id WHERE l.problem_id = problems.id "
        "ORDER BY i.occurred_at, i.id LIMIT 1) "
        "WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = problems.anchor_incident_id) "
        "AND EXISTS (SELECT 1 FROM problem_links l WHERE l.problem_id = problems.id)"
    )
    writer.execute(
        "DELETE FROM problem_links WHERE problem_id IN "
        "(SELECT problem_id FROM problem_links GROUP BY problem_id HAVING count(*) < 2)"
    )
    writer.execute("DELETE FROM problems p WHERE NOT EXISTS (SELECT 1 FROM problem_links l WHERE l.problem_id = p.id)")


def confirm_problem(store: Store, viewer: Viewer, problem_id: int) -> None:
    """A coordinator confirms that the problem's reports are one and the same thing."""
    require(viewer, Permission.MANAGE_MEETINGS)
    with store.writing() as writer:
        _require_problem(writer, problem_id)
        writer.execute(
            "UPDATE problems SET status = 'confirmed', decided_by = ?, decided_at = current_timestamp WHERE id = ?",
            [viewer.user, problem_id],
        )
        writer.execute("UPDATE problem_links SET confirmed = true WHERE problem_id = ?", [problem_id])
        record(writer, viewer.user, "dedup_confirm", target=f"problem {problem_id}")


def split_incident(store: Store, viewer: Viewer, problem_id: int, incident_id: int) -> None:
    """A coordinator takes one report out of a problem; it is never linked to those reports again.

    A problem left with a single report is dissolved; when the anchor is taken out, the earliest remaining
    report becomes the anchor.
    """
    require(viewer, Permission.MANAGE_MEETINGS)
    with store.writing() as writer:
        _require_problem(writer, problem_id)
        members = [
            int(r[0]) for r in writer.rows("SELECT incident_id FROM problem_links WHERE problem_id = ?", [problem_id])
        ]
        if incident_id not in members:
            raise EstError(
                f"report {incident_id} is not part of problem {problem_id}; members: {members}",
                sv=f"rapport {incident_id} ingår inte i problem {problem_id}; problemets rapporter: {members}",
            )
        writer.executemany(
            "INSERT INTO dedup_splits (incident_a, incident_b, decided_by) VALUES (?, ?, ?)",
            [[min(incident_id, m), max(incident_id, m), viewer.user] for m in members if m != incident_id],
        )
        writer.execute("DELETE FROM problem_links WHERE problem_id = ? AND incident_id = ?", [problem_id, incident_id])
        if len(members) <= 2:
            writer.execute("DELETE FROM problem_links WHERE problem_id = ?", [problem_id])
            writer.execute("DELETE FROM problems WHERE id = ?", [problem_id])
        else:
            writer.execute(
                "UPDATE problems SET anchor_incident_id = (SELECT l.incident_id FROM problem_links l "
                "JOIN incidents i ON i.id = l.incident_id WHERE l.problem_id = $p "
                "ORDER BY i.occurred_at, i.id LIMIT 1) "
                "WHERE id = $p",
                {"p": problem_id},
            )
        _refresh_duplicates(writer)
        record(
            writer, viewer.user, "dedup_split", target=f"problem {problem_id}", rows=1, detail={"incident": incident_id}
        )


def _require_problem(reader: Reader, problem_id: int) -> None:
    if reader.value("SELECT count(*) FROM problems WHERE id = ?", [problem_id]) == 0:
        raise EstError(
            f"problem {problem_id} not found; run the duplicate linking again to see current problems",
            sv=f"problem {problem_id} finns inte; sök dubbletter igen för att se de aktuella problemen",
        )


# -- reading ----------------------------------------------------------------------------------------------


def list_problems(reader: Reader, status: str | None = None, limit: int = 200) -> pd.DataFrame:
    """Problems, newest first: ``id, status, reports, sources, first_at, last_at, category``."""
    return reader.df(
        "SELECT p.id, p.status, count(*) AS reports, string_agg(DISTINCT i.source_kind, ', ') AS sources, "
        "min(i.occurred_at) AS first_at, max(i.occurred_at) AS last_at, "
        "any_value(i.category_code ORDER BY i.occurred_at) AS category "
        "FROM problems p JOIN problem_links l ON l.problem_id = p.id JOIN incidents i ON i.id = l.incident_id "
        "WHERE ($status IS NULL OR p.status = $status) GROUP BY p.id, p.status ORDER BY first_at DESC LIMIT $limit",
        {"status": status, "limit": limit},
    )


def problem_sources(reader: Reader, problem_id: int) -> pd.DataFrame:
    """Every report of a problem with its source (a problem keeps all its sources)."""
    return reader.df(
        "SELECT i.id, i.occurred_at, i.category_code, i.source_kind, o.name AS organisation, i.lat, i.lon, "
        "i.description, l.distance_m, l.minutes_apart, l.confirmed, i.id = p.anchor_incident_id AS anchor "
        "FROM problem_links l JOIN problems p ON p.id = l.problem_id JOIN incidents i ON i.id = l.incident_id "
        "LEFT JOIN organisations o ON o.id = i.organisation_id WHERE l.problem_id = ? ORDER BY i.occurred_at, i.id",
        [problem_id],
    )


@dataclass(frozen=True)
class DedupCount:
    """Reports counted raw (every source) and as problems (duplicates merged)."""

    raw: int
    deduplicated: int

    @property
    def duplicates(self) -> int:
        """Reports merged into another report's problem."""
        return self.raw - self.deduplicated


def count_with_dedup(reader: Reader, filters: Filters, area_set_id: int) -> DedupCount:
    """Raw and deduplicated counts for the filter (``filters.raw`` is ignored: both are counted).

    The deduplicated count is what every analysis shows by default (:func:`est.picture.filters.where_clause`): a
    problem counts once, at its anchor (the earliest report), so it counts where the anchor matches the filter.
    """
    q = incident_query(replace(filters, raw=True), area_set_id)
    row = reader.row(
        f"SELECT coalesce(sum(i.count), 0), coalesce(sum(i.count) FILTER (WHERE i.duplicate_of IS NULL), 0) {q.sql}",
        q.params,
    )
    return DedupCount(int(row[0]), int(row[1])) if row else DedupCount(0, 0)


def count_for_filter(reader: Reader, filters: Filters) -> DedupCount:
    """:func:`count_with_dedup` for the filter's own area set (only needed when areas are selected)."""
    from est.areas.sets import get_area_set

    set_id = get_area_set(reader, filters.area_set).id if filters.areas else 0
    return count_with_dedup(reader, filters, set_id)


def dedup_counts(reader: Reader, filters: Filters, area_set_id: int) -> pd.DataFrame:
    """Per area of the set: ``code, name, raw, problems`` (a problem counts in its anchor's area)."""
    q = incident_query(replace(filters, raw=True), area_set_id, join="inner")
    frame = reader.df(
        "WITH c AS (SELECT ia.area_id, sum(i.count) AS raw, "  # noqa: S608 - fragments are code constants; values are bound
        f"   sum(i.count) FILTER (WHERE i.duplicate_of IS NULL) AS problems {q.sql} GROUP BY ia.area_id) "
        "SELECT a.code, a.name, coalesce(c.raw, 0)::BIGINT AS raw, coalesce(c.problems, 0)::BIGINT AS problems "
        "FROM areas a LEFT JOIN c ON c.area_id = a.id WHERE a.area_set_id = ? ORDER BY problems DESC, a.name",
        [*q.params, area_set_id],
    )
    if filters.areas:
        frame = frame[frame["code"].isin(filters.areas)].reset_index(drop=True)
    return frame


# -- display -------------------------------------------------------------------------------------------


def _local_times(column: pd.Series) -> list[str]:
    return [w.astimezone(_STOCKHOLM).strftime("%Y-%m-%d %H:%M") if pd.notna(w) else "" for w in column]


def _code_label(labels: dict[str, str], code: object) -> str:
    return labels.get(code, code) if isinstance(code, str) and code else "–"


def problems_for_display(
    problems: pd.DataFrame, lang: Lang, categories: dict[str, str], sources: dict[str, str]
) -> pd.DataFrame:
    """:func:`est.intake.dedup.list_problems` for people: headers in ``lang``, status, sources and category as labels.

    ``categories`` and ``sources`` map codes to labels (:func:`est.picture.filter_options.label_map`); an unknown
    code is shown as is. The ``id`` stays a number: it is what the problem picker offers.
    """
    status = {"open": t("dedup.status.open", lang), "confirmed": t("dedup.status.confirmed", lang)}
    return pd.DataFrame(
        {
            t("dedup.col.id", lang): problems["id"],
            t("dedup.col.status", lang): [status.get(s, s) for s in problems["status"]],
            t("dedup.col.reports", lang): problems["reports"],
            t("dedup.col.sources", lang): [
                ", ".join(_code_label(sources, k.strip()) for k in str(v).split(",")) if isinstance(v, str) else ""
                for v in problems["sources"]
            ],
            t("dedup.col.first", lang): _local_times(problems["first_at"]),
            t("dedup.col.last", lang): _local_times(problems["last_at"]),
            t("dedup.col.category", lang): [_code_label(categories, c) for c in problems["category"]],
        }
    )


def problem_sources_for_display(
    reports: pd.DataFrame, lang: Lang, categories: dict[str, str], sources: dict[str, str]
) -> pd.DataFrame:
    """:func:`est.intake.dedup.problem_sources` for people (without position and free text): labels, not codes."""
    return pd.DataFrame(
        {
            t("dedup.col.id", lang): reports["id"],
            t("dedup.col.when", lang): _local_times(reports["occurred_at"]),
            t("dedup.col.category", lang): [_code_label(categories, c) for c in reports["category_code"]],
            t("dedup.col.source", lang): [_code_label(sources, k) for k in reports["source_kind"]],
            t("dedup.col.organisation", lang): reports["organisation"].fillna("–"),
            t("dedup.col.distance", lang): reports["distance_m"].round().astype("Int64"),
            t("dedup.col.minutes", lang): reports["minutes_apart"].round().astype("Int64"),
            t("dedup.col.confirmed", lang): reports["confirmed"].astype("boolean"),
            t("dedup.col.anchor", lang): reports["anchor"].astype("boolean"),
        }
    )

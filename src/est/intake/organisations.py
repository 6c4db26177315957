"""The organisations reports come from: the kind a new one gets, an overview, and finding one by name or id.

Who calls it: ``est organisations list`` (:func:`organisation_overview`), ``est export --org`` and
``est import`` (:func:`find_organisation`, :func:`organisation_ids`), the importer and the Import page
(:data:`NEW_ORGANISATION_SOURCE_KIND`, so a new organisation gets the same kind from the shell and the page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from est.access.auth import Permission, Viewer, require
from est.errors import EstError

if TYPE_CHECKING:
    from est.store import Reader

__all__ = [
    "NEW_ORGANISATION_SOURCE_KIND",
    "Organisation",
    "OrganisationSummary",
    "find_organisation",
    "organisation_ids",
    "organisation_overview",
]

#: The source kind of an organisation an import creates when no kind is given: most files imported are a
#: fastighetsägare's export (the Import page presets the same kind; an existing organisation keeps its own).
NEW_ORGANISATION_SOURCE_KIND = "fastighetsagare"


@dataclass(frozen=True)
class Organisation:
    """One organisation: its id, name and source kind."""

    id: int
    name: str
    source_kind: str


@dataclass(frozen=True)
class OrganisationSummary:
    """An organisation with what it has reported: stored incidents, committed batches, its last import."""

    id: int
    name: str
    source_kind: str
    source_kind_label: str
    incidents: int
    batches: int
    last_import_at: str | None  # ISO timestamp of the latest committed batch
    created_at: str

    def as_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict."""
        return asdict(self)


def find_organisation(reader: Reader, name: str) -> Organisation | None:
    """Return the organisation called ``name`` (case and surrounding spaces ignored), or None."""
    row = reader.row(
        "SELECT id, name, source_kind FROM organisations WHERE lower(name) = lower(?)", [" ".join(name.split())]
    )
    return None if row is None else Organisation(int(row[0]), str(row[1]), str(row[2]))


def organisation_overview(reader: Reader, viewer: Viewer, lang: str = "sv") -> list[OrganisationSummary]:
    """Every organisation with its kind and what it has reported, sorted by name.

    Parameters
    ----------
    reader
        An open read connection.
    viewer
        Who looks; needs ``VIEW_PICTURE``.
    lang
        ``sv`` or ``en``: the language of ``source_kind_label``.
    """
    require(viewer, Permission.VIEW_PICTURE)
    label = "k.label_en" if lang == "en" else "k.label_sv"
    rows = reader.rows(
        f"SELECT o.id, o.name, o.source_kind, coalesce({label}, o.source_kind), "  # noqa: S608 - label is a constant
        "  (SELECT count(*) FROM incidents i WHERE i.organisation_id = o.id), "
        "  (SELECT count(*) FROM import_batches b WHERE b.organisation_id = o.id AND b.status = 'committed'), "
        "  (SELECT max(b.created_at) FROM import_batches b WHERE b.organisation_id = o.id AND b.status = 'committed'), "
        "  o.created_at "
        "FROM organisations o LEFT JOIN source_kinds k ON k.code = o.source_kind ORDER BY o.name"
    )
    return [
        OrganisationSummary(
            id=int(r[0]),
            name=str(r[1]),
            source_kind=str(r[2]),
            source_kind_label=str(r[3]),
            incidents=int(r[4]),
            batches=int(r[5]),
            last_import_at=r[6].isoformat(timespec="seconds") if r[6] is not None else None,
            created_at=r[7].isoformat(timespec="seconds"),
        )
        for r in rows
    ]


def organisation_ids(reader: Reader, values: Sequence[str]) -> tuple[int, ...]:
    """Resolve organisation names (any case) or numeric ids to ids, in the order given.

    A number is taken as an id only when it cannot mean something else: when it is also the name of
    another organisation, it is refused.

    Raises
    ------
    EstError
        For a value that names no organisation (the message lists them) or means two different ones.
    """
    ids: list[int] = []
    for value in values:
        by_name = find_organisation(reader, value)
        by_id: Organisation | None = None
        if value.strip().isdigit():
            row = reader.row("SELECT id, name, source_kind FROM organisations WHERE id = ?", [int(value)])
            by_id = None if row is None else Organisation(int(row[0]), str(row[1]), str(row[2]))
        if by_name and by_id and by_name.id != by_id.id:
            raise EstError(
                f"--org {value.strip()} is both the id of {by_id.name!r} and the name of another organisation; "
                f"give the name instead: --org {by_id.name!r}",
                sv=f"--org {value.strip()} är både id för {by_id.name!r} och namnet på en annan organisation; "
                f"ange namnet i stället: --org {by_id.name!r}",
            )
        found = by_name or by_id
        if found is None:
            names = ", ".join(str(r[0]) for r in reader.rows("SELECT name FROM organisations ORDER BY name"))
            raise EstError(
                f"no organisation {value.strip()!r}; there are: {names or 'none yet'} (see: est organisations list)",
                sv=f"det finns ingen organisation {value.strip()!r}; de som finns: {names or 'inga ännu'} "
                "(se: est organisations list)",
            )
        ids.append(found.id)
    return tuple(dict.fromkeys(ids))

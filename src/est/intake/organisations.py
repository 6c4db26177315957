"""The organisations reports come from: the one owner of listing, finding and creating them.

Who calls it: ``est organisations list`` (:func:`organisation_overview`), ``est export --org`` and
``est import`` (:func:`find_organisation`, :func:`organisation_ids`), ``est categories``
(:func:`organisation_id`), the importer and the Import page (:data:`NEW_ORGANISATION_SOURCE_KIND`, so a new
organisation gets the same kind from the shell and the page; :func:`organisation_names`), the Quick report
page (:func:`list_organisations`, :func:`create_organisation`), the filter bar, the meeting and admin pages
(:func:`organisation_options`), the category mapping (:func:`organisation_by_id`) and the demo generator
(:func:`insert_organisation`).

Queries that join organisations into a larger figure (reports per organisation, data coverage, an
account's or an action's organisation name) stay with that figure. Three lookups stay where they are
because of the layer contract or another owner: ``est.access.accounts`` (below this package),
``est.meeting.actions`` (a sibling package) and ``est.intake.importer`` (its own lookups in one write).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from est.access.audit import record
from est.access.auth import Permission, Viewer, require
from est.errors import EstError
from est.picture.filter_options import Option

if TYPE_CHECKING:
    from est.store import Reader, Store, Writer

__all__ = [
    "NEW_ORGANISATION_SOURCE_KIND",
    "Organisation",
    "OrganisationSummary",
    "create_organisation",
    "find_organisation",
    "insert_organisation",
    "list_organisations",
    "organisation_by_id",
    "organisation_id",
    "organisation_ids",
    "organisation_names",
    "organisation_options",
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


def list_organisations(reader: Reader) -> list[Organisation]:
    """Every organisation, sorted by name."""
    rows = reader.rows("SELECT id, name, source_kind FROM organisations ORDER BY name")
    return [Organisation(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def organisation_names(reader: Reader) -> list[str]:
    """The names of the organisations, sorted (for a choice, or to list them in an error message)."""
    return [o.name for o in list_organisations(reader)]


def organisation_options(reader: Reader) -> list[Option]:
    """The organisations as filter options (value: the id as text; label: the name), by name."""
    return [Option(str(o.id), o.name, o.name) for o in list_organisations(reader)]


def organisation_by_id(reader: Reader, organisation_id: int) -> Organisation | None:
    """Return the organisation with id ``organisation_id``, or None."""
    row = reader.row("SELECT id, name, source_kind FROM organisations WHERE id = ?", [int(organisation_id)])
    return None if row is None else Organisation(int(row[0]), str(row[1]), str(row[2]))


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
            by_id = organisation_by_id(reader, int(value))
        if by_name and by_id and by_name.id != by_id.id:
            raise EstError(
                f"--org {value.strip()} is both the id of {by_id.name!r} and the name of another organisation; "
                f"give the name instead: --org {by_id.name!r}",
                sv=f"--org {value.strip()} är både id för {by_id.name!r} och namnet på en annan organisation; "
                f"ange namnet i stället: --org {by_id.name!r}",
            )
        found = by_name or by_id
        if found is None:
            names = ", ".join(organisation_names(reader))
            raise EstError(
                f"no organisation {value.strip()!r}; there are: {names or 'none yet'} (see: est organisations list)",
                sv=f"det finns ingen organisation {value.strip()!r}; de som finns: {names or 'inga ännu'} "
                "(se: est organisations list)",
            )
        ids.append(found.id)
    return tuple(dict.fromkeys(ids))


def organisation_id(reader: Reader, name: str) -> int:
    """Return the id of the organisation called ``name`` (case-insensitive).

    Raises
    ------
    EstError
        When there is none; the message lists the organisations that exist.
    """
    found = reader.value("SELECT id FROM organisations WHERE lower(name) = lower(?)", [name.strip()])
    if found is None:
        names = organisation_names(reader)
        listed = ", ".join(names)
        raise EstError(
            f"the organisation {name.strip()!r} does not exist; "
            + (f"choose one of: {listed}" if names else "there are none yet (an import creates them)"),
            sv=f"organisationen {name.strip()!r} finns inte; "
            + (f"välj en av: {listed}" if names else "det finns inga ännu (en import skapar dem)"),
        )
    return int(found)


def insert_organisation(writer: Writer, name: str, source_kind: str) -> int:
    """Insert the organisation ``name`` of ``source_kind`` in the open write and return its id.

    No permission check, no audit entry and no clean-up of the name: that is the caller's part
    (:func:`create_organisation` for a user, the demo generator for its own data).
    """
    return writer.insert("organisations", {"name": name, "source_kind": source_kind})


def create_organisation(store: Store, viewer: Viewer, name: str, source_kind: str) -> int:
    """Create (or find) the organisation ``name``; needs ``IMPORT_ANY_ORG``. Returns its id.

    Spaces in the name are collapsed; an existing organisation of that name (any case) is returned as it
    is. A new one is recorded in the audit log (``create_organisation``).

    Raises
    ------
    EstError
        For a blank name or an unknown source kind (the message lists the kinds).
    """
    require(viewer, Permission.IMPORT_ANY_ORG)
    clean = " ".join(name.split())
    if not clean:
        raise EstError(
            "give the organisation a name, e.g. 'Nattvandrarna Östersund'",
            sv="ge organisationen ett namn, t.ex. 'Nattvandrarna Östersund'",
        )
    with store.writing() as writer:
        known = writer.value("SELECT code FROM source_kinds WHERE code = ?", [source_kind])
        if known is None:
            kinds = ", ".join(str(code) for (code,) in writer.rows("SELECT code FROM source_kinds ORDER BY code"))
            raise EstError(
                f"unknown source kind '{source_kind}'; use one of: {kinds}",
                sv=f"okänd källtyp '{source_kind}'; använd en av: {kinds}",
            )
        found = writer.value("SELECT id FROM organisations WHERE lower(name) = lower(?)", [clean])
        if found is not None:
            return int(found)
        new_id = insert_organisation(writer, clean, source_kind)
        record(writer, viewer.user, "create_organisation", target=f"organisation {new_id}", rows=1)
    return new_id

"""Source category labels after import: which labels each organisation's stored incidents carry, and mapping one.

Who calls it: the Categories page (``pages/kategorier.py`` through :mod:`est.ui.category_views`) and
``est categories`` (which finds the organisation with :func:`est.intake.organisations.organisation_id`).
The import maps labels with the crosswalk (:mod:`est.intake.crosswalk`); labels that
nothing recognised are stored as ``okategoriserad`` with the label kept. A coordinator lists them here
(:func:`source_labels`) and maps one (:func:`map_label`): the organisation's crosswalk entry is saved, so
the next import uses it, and the stored incidents with that label get the new category, in one write
transaction with its audit entry. Both need :attr:`~est.access.auth.Permission.MANAGE_CATEGORIES`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from est.access import audit
from est.access.auth import Permission, Viewer, require
from est.errors import EstError
from est.intake.crosswalk import UNMAPPED, remap_label
from est.intake.dedup import link_in_place
from est.intake.fields import normalise_name
from est.intake.organisations import organisation_by_id

if TYPE_CHECKING:
    from est.store import Reader, Store

__all__ = ["LabelMapResult", "SourceLabel", "map_label", "source_labels"]


@dataclass(frozen=True)
class SourceLabel:
    """One source label of one organisation, the category its stored incidents have, and how many they are.

    ``incidents`` counts stored incident rows (what a re-mapping updates). ``saved`` is the category of
    the organisation's crosswalk entry for the label (None: no entry), ``origin`` how that entry came about
    (``keyword``: the built-in table during an import; ``user``: mapped by a coordinator).
    """

    organisation_id: int
    organisation: str
    label: str
    category_code: str
    incidents: int
    saved: str | None
    origin: str | None

    def as_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class LabelMapResult:
    """What :func:`map_label` did: the crosswalk entry before and after, and how many incidents changed."""

    organisation_id: int
    organisation: str
    label: str
    category_code: str
    previous: str | None
    incidents_updated: int

    def as_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict."""
        return asdict(self)


def source_labels(
    reader: Reader, viewer: Viewer, organisation: int | None = None, unmapped_only: bool = True
) -> list[SourceLabel]:
    """List the source labels that stored incidents carry, with how many incidents carry each.

    Parameters
    ----------
    reader
        An open read connection.
    viewer
        Who asks; needs ``MANAGE_CATEGORIES``.
    organisation
        An organisation id, or None for every organisation.
    unmapped_only
        Only labels whose incidents are ``okategoriserad`` (the default); else every label with its
        current category.

    Returns
    -------
    list of SourceLabel
        By organisation name, then most incidents first, then label. A label whose incidents have
        different categories appears once per category.

    Examples
    --------
    >>> [(s.label, s.incidents) for s in source_labels(reader, coordinator, org_id)]  # doctest: +SKIP
    [('Sprejmålning', 3)]
    """
    require(viewer, Permission.MANAGE_CATEGORIES)
    org = None if organisation is None else int(organisation)
    rows = reader.rows(
        "SELECT i.organisation_id, o.name, i.source_label, i.category_code, count(*) AS n "
        "FROM incidents i JOIN organisations o ON o.id = i.organisation_id "
        "WHERE i.source_label IS NOT NULL AND i.source_label <> '' "
        "AND (NOT ? OR i.category_code = ?) AND (?::INTEGER IS NULL OR i.organisation_id = ?) "
        "GROUP BY i.organisation_id, o.name, i.source_label, i.category_code "
        "ORDER BY o.name, n DESC, i.source_label, i.category_code",
        [unmapped_only, UNMAPPED, org, org],
    )
    orgs = sorted({int(r[0]) for r in rows})
    saved: dict[tuple[int, str], tuple[str, str]] = {
        (int(org), str(key)): (str(code), str(origin))
        for org, key, code, origin in reader.rows(
            "SELECT organisation_id, label_key, category_code, origin FROM category_crosswalk "
            "WHERE list_contains(?::INTEGER[], organisation_id)",
            [orgs],
        )
    }
    out: list[SourceLabel] = []
    for org, name, label, code, n in rows:
        entry = saved.get((int(org), normalise_name(str(label))))
        out.append(
            SourceLabel(
                organisation_id=int(org),
                organisation=str(name),
                label=str(label),
                category_code=str(code),
                incidents=int(n),
                saved=entry[0] if entry else None,
                origin=entry[1] if entry else None,
            )
        )
    return out


def map_label(store: Store, viewer: Viewer, organisation: int, label: str, code: str) -> LabelMapResult:
    """Map an organisation's source label to an EST category, for stored incidents and future imports.

    Saves the organisation's crosswalk entry (origin ``user``; the next import of the organisation maps
    the label, and any label that normalises the same way, to ``code``), updates the stored incidents that
    carry the label and records an audit entry (``category_map``), all in one write transaction.

    Parameters
    ----------
    store
        The database.
    viewer
        Who maps; needs ``MANAGE_CATEGORIES``.
    organisation
        The organisation id whose label it is.
    label
        The label as the source writes it (``"Sprejmålning"``).
    code
        An EST category code (``"skadegorelse.klotter"``); ``okategoriserad`` undoes a mapping.

    Returns
    -------
    LabelMapResult
        The previous crosswalk category (None: none saved) and how many stored incidents changed.

    Raises
    ------
    PermissionDeniedError
        When the viewer's role does not allow managing categories.
    EstError
        For an unknown organisation, an empty label or an unknown category code (the message lists the
        valid codes); nothing is written.

    Examples
    --------
    >>> done = map_label(store, coordinator, org_id, "Sprejmålning", "skadegorelse.klotter")  # doctest: +SKIP
    >>> done.incidents_updated  # doctest: +SKIP
    3
    """
    require(viewer, Permission.MANAGE_CATEGORIES)
    clean = label.strip()
    key = normalise_name(clean)
    if not key:
        raise EstError(
            f"the label {label!r} has no letters or digits; give the label as it is written in the file",
            sv=f"etiketten {label!r} saknar bokstäver och siffror; ange etiketten som den står i filen",
        )
    with store.writing() as writer:
        found = organisation_by_id(writer, int(organisation))
        if found is None:
            raise EstError(
                f"there is no organisation with id {organisation}; choose one of the organisations listed",
                sv=f"organisationen med id {organisation} finns inte; välj en av de organisationer som listas",
            )
        name = found.name
        previous = writer.value(
            "SELECT category_code FROM category_crosswalk WHERE organisation_id = ? AND label_key = ?",
            [int(organisation), key],
        )
        changed = remap_label(writer, viewer, int(organisation), clean, code.strip())
        if changed:  # the reports' categories changed: which of them are the same problem may have too
            link_in_place(writer)
        audit.record(
            writer,
            viewer.user,
            "category_map",
            target=f"organisation {organisation}",
            rows=changed,
            detail={"label": clean, "code": code.strip(), "previous": previous},
        )
    return LabelMapResult(
        organisation_id=int(organisation),
        organisation=str(name),
        label=clean,
        category_code=code.strip(),
        previous=None if previous is None else str(previous),
        incidents_updated=changed,
    )

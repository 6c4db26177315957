"""What the shared filter bar offers: categories as a tree and source kinds, as :class:`Option` choices.

Who calls it: ``est.ui.filters`` (through cached reads) and the display modules for labels; the
organisations' options come from :func:`est.intake.organisations.organisation_options`.
Read-only; the taxonomy itself is managed elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from est.i18n import Lang
    from est.store import Reader

__all__ = ["Option", "category_options", "label_map", "source_options"]


@dataclass(frozen=True)
class Option:
    """One choice: the value stored in the URL, Swedish and English labels, and its depth in a tree."""

    value: str
    label_sv: str
    label_en: str
    depth: int = 0

    def label(self, lang: Lang) -> str:
        """The label in ``lang``, indented by depth (a tree in a flat list)."""
        text = self.label_sv if lang == "sv" else self.label_en
        return ("\u2003" * self.depth) + text


def category_options(reader: Reader) -> list[Option]:
    """Every category in tree order (parents before their children); a parent selects its subtree."""
    rows = reader.rows("SELECT code, parent_code, label_sv, label_en, sort FROM categories ORDER BY sort, code")
    children: dict[str | None, list[tuple[str, str, str]]] = {}
    for code, parent, sv, en, _sort in rows:
        children.setdefault(parent, []).append((str(code), str(sv), str(en)))
    out: list[Option] = []

    def visit(parent: str | None, depth: int) -> None:
        for code, sv, en in children.get(parent, []):
            out.append(Option(code, sv, en, depth))
            visit(code, depth + 1)

    visit(None, 0)
    known = {o.value for o in out}
    out.extend(Option(str(c), str(sv), str(en)) for c, _p, sv, en, _s in rows if str(c) not in known)  # orphans
    return out


def source_options(reader: Reader) -> list[Option]:
    """The source kinds (fastighetsägare, polis, …) in their configured order."""
    rows = reader.rows("SELECT code, label_sv, label_en FROM source_kinds ORDER BY sort, code")
    return [Option(str(c), str(sv), str(en)) for c, sv, en in rows]


def label_map(options: list[Option], lang: Lang) -> dict[str, str]:
    """Value → plain label (no tree indentation), for tables, popups and charts."""
    return {o.value: (o.label_sv if lang == "sv" else o.label_en) for o in options}

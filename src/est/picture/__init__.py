"""The picture (Lägesbild): what happened where and when, for a filter.

Owns the filter and its SQL (:mod:`~est.picture.filters`), the figures of the Lägesbild
(:mod:`~est.picture.figures`), trends, the time profile, significance, data coverage, area indicators,
the maps and their data, charts and images for documents, and the display tables of each.

Who may import it: ``est.intake``, ``est.meeting``, ``est.demo``, ``est.cli`` and ``est.ui``.
It imports only ``est.areas``, ``est.access``, ``est.store`` and the base modules.
"""

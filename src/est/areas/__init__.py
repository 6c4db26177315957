"""Areas: the area sets a kommun divides itself into, and the files they come from.

Owns area sets and their areas, population and dwellings (:mod:`~est.areas.sets`), reading area files
(GeoPackage, GeoJSON, shapefile) with their column options (:mod:`~est.areas.files`) and turning an
uploaded GIS file into a local path (:mod:`~est.areas.gis_files`).

Who may import it: ``est.intake``, ``est.picture``, ``est.meeting``, ``est.demo``, ``est.cli`` and ``est.ui``.
It imports only ``est.access``, ``est.store`` and the base modules.
"""

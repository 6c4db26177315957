"""The meeting: what the EST group decides and follows up.

Owns meetings and their frozen record, area status (:mod:`~est.meeting.meetings`), the action register
(:mod:`~est.meeting.actions`), the evaluation of actions (:mod:`~est.meeting.evaluation`), the PDF reports
(:mod:`~est.meeting.reports`), the status map (:mod:`~est.meeting.status_map`) and the exports
(:mod:`~est.meeting.exports`, :mod:`~est.meeting.export_formats`).

Who may import it: ``est.demo``, ``est.cli`` and ``est.ui``.
It imports ``est.picture``, ``est.areas``, ``est.access``, ``est.store`` and the base modules; never ``est.intake``.
"""

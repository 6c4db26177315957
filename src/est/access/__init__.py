"""Access: who may see and change what.

Owns accounts and roles (:mod:`~est.access.auth`, :mod:`~est.access.accounts`), the audit log
(:mod:`~est.access.audit`), the masking of personal data in free text (:mod:`~est.access.privacy`),
the precision shown to each role (:mod:`~est.access.precision`), retention (:mod:`~est.access.retention`)
and the instance settings that govern them (:mod:`~est.access.settings`).

Who may import it: every feature package (intake, areas, picture, meeting), ``est.cli`` and ``est.ui``.
It imports only ``est.store`` and the base modules (``config``, ``errors``, ``i18n``, ``periods``, ``resources``).
"""

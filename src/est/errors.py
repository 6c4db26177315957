"""Domain errors: one exception family whose messages tell the user the fix.

Library code raises these; only the boundaries (the CLI and the pages) turn them into messages.
Row-level problems are not exceptions: they are collected and reported by the module that finds them.
"""

from __future__ import annotations


class EstError(Exception):
    """A problem the user can act on: ``str(error)`` is one line saying what is wrong and how to fix it."""


class DatabaseBusyError(EstError):
    """The database file stayed locked by another process for longer than the wait allowed."""


class SchemaError(EstError):
    """The database file's schema cannot be used by this version of the code."""


class PermissionDeniedError(EstError):
    """The current user's role does not allow the requested action."""


class InputFileError(EstError):
    """A whole-file problem in an uploaded or imported file: nothing was committed."""

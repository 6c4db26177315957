"""Domain errors: one exception family whose messages tell the user the fix.

Library code raises these; only the boundaries (the CLI and the pages) turn them into messages.
Row-level problems are not exceptions: they are collected and reported by the module that finds them.
"""

from __future__ import annotations


class EstError(Exception):
    """A problem the user can act on: ``str(error)`` is one line saying what is wrong and how to fix it.

    ``str(error)`` is the message for logs and the CLI. A message the app shows may also come in Swedish
    (``sv=``): :meth:`text` picks the user's language, so a Swedish page never shows an English sentence.
    """

    def __init__(self, message: str, *, sv: str | None = None) -> None:
        super().__init__(message)
        self.sv = sv

    def text(self, lang: str) -> str:
        """The message in ``lang`` ("sv" or "en"): the Swedish one when there is one, else ``str(self)``."""
        return self.sv if lang == "sv" and self.sv else str(self)


class DatabaseBusyError(EstError):
    """The database file stayed locked by another process for longer than the wait allowed."""


class ConcurrentWriteError(EstError):
    """A write on a server store met a concurrent write of the same rows and was rolled back as a whole."""


class SchemaError(EstError):
    """The database file's schema cannot be used by this version of the code."""


class PermissionDeniedError(EstError):
    """The current user's role does not allow the requested action."""


class InputFileError(EstError):
    """A whole-file problem in an uploaded or imported file: nothing was committed."""

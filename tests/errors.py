"""Test helpers for domain errors: catch one, and check its English and Swedish texts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from est.errors import EstError


def raised(call: Callable[[], Any], kind: type[EstError] = EstError) -> EstError:
    """The ``kind`` error ``call`` raises (the test fails when it raises nothing)."""
    with pytest.raises(kind) as caught:
        call()
    return caught.value


def assert_both(error: EstError, sv: str, en: str) -> None:
    """``error`` says ``sv`` on a Swedish page and ``en`` on an English page and the command line."""
    assert error.text("sv") == sv
    assert str(error) == en
    assert error.text("en") == en

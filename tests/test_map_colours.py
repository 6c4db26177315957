"""The map colour scales stay readable when printed in black and white (WCAG / DOS-lagen, issue 6 point 9)."""

from __future__ import annotations

from itertools import pairwise

from est.maps import CHANGE_CLASSES, COUNT_CLASSES, RATE_CLASSES, ZERO_COLOUR, legend_items


def grey(colour: str) -> float:
    """The grey level (0–255) a printer makes of ``#rrggbb`` (ITU-R BT.601 luma)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_sequential_scales_get_darker_in_greyscale_step_by_step_from_zero() -> None:
    for classes in (COUNT_CLASSES, RATE_CLASSES):
        levels = [grey(colour) for colour, _label in legend_items(classes)]
        assert levels[0] == grey(ZERO_COLOUR)
        steps = [a - b for a, b in pairwise(levels)]
        assert all(step >= 15 for step in steps), steps  # each class darker than the one before, visibly


def test_the_change_scale_has_three_clearly_different_greys() -> None:
    levels = sorted(grey(c.colour) for c in CHANGE_CLASSES)
    assert levels[1] - levels[0] >= 30 and levels[2] - levels[1] >= 30, levels

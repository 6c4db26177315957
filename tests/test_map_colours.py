"""The maps: colour scales readable in black and white (WCAG / DOS-lagen, issue 6 point 9), the opening view."""

from __future__ import annotations

from itertools import pairwise

from est.picture.maps import CHANGE_CLASSES, COUNT_CLASSES, RATE_CLASSES, ZERO_COLOUR, legend_items


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


def test_the_incident_map_opens_on_the_town_not_on_a_few_far_off_reports() -> None:
    import pandas as pd

    from est.picture.map_display import _points_bounds

    town = pd.DataFrame({"lat": [63.17 + i * 1e-4 for i in range(97)], "lon": [14.63 + i * 1e-4 for i in range(97)]})
    far = pd.DataFrame({"lat": [63.9, 62.5, 64.2], "lon": [15.9, 13.1, 16.4]})
    min_lon, min_lat, max_lon, max_lat = _points_bounds(pd.concat([town, far]), (0.0, 0.0, 1.0, 1.0))
    assert min_lat > 63.16 and max_lat < 63.19 and min_lon > 14.62 and max_lon < 14.65
    few = _points_bounds(pd.concat([town.head(10), far]), (0.0, 0.0, 1.0, 1.0))  # few points: all of them
    assert few[1] < 62.6 and few[3] > 64.1

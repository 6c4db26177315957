"""``settled_boxes`` (tests/browser.py), which every layout test measures with, waits for layout to settle.

A page whose box keeps moving for a while (as a Streamlit page does while elements stream in and columns
are laid out, longer on a loaded machine): an immediate measurement sees it mid-way, the settled one sees
where it ends, and layout that never settles fails instead of being measured.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import settled_box, settled_boxes

pytestmark = pytest.mark.browser

# Once go() is called, the row grows by 20 px and the label moves down by 5 px every 50 ms, LIMIT times, then
# they stay (LIMIT -1: forever).
MOVING = """
<div id="row" style="position:absolute; left:10px; top:10px; width:100px; height:20px; background:#333"></div>
<div id="label" style="position:absolute; left:10px; top:40px; width:50px; height:20px; background:#999"></div>
<script>
  let steps = 0;
  const row = document.getElementById("row"), label = document.getElementById("label");
  function go() {
    const timer = setInterval(() => {
      steps += 1;
      row.style.width = (100 + 20 * steps) + "px";
      label.style.top = (40 + 5 * steps) + "px";
      if (steps === LIMIT) clearInterval(timer);
    }, 50);
  }
</script>
"""


def test_the_boxes_are_measured_where_the_layout_ends_not_mid_way(browser: Any) -> None:
    browser.set_content(MOVING.replace("LIMIT", "30"))
    row, label = browser.locator("#row"), browser.locator("#label")
    early = browser.evaluate("() => { go(); return document.getElementById('row').offsetWidth; }")
    assert early == 100  # measured as the layout starts to change: the race a layout test must not run
    boxes = settled_boxes(browser, [row, label], interval_ms=100)
    assert boxes[0] == {"x": 10, "y": 10, "width": 700, "height": 20}
    assert boxes[1] == {"x": 10, "y": 190, "width": 50, "height": 20}  # measured together, in the same layout
    assert settled_box(row) == boxes[0]


def test_layout_that_never_settles_fails_instead_of_being_measured(browser: Any) -> None:
    browser.set_content(MOVING.replace("LIMIT", "-1"))
    browser.evaluate("() => go()")
    with pytest.raises(AssertionError, match="the layout did not settle in 1500 ms"):
        settled_box(browser.locator("#row"), timeout_ms=1500)

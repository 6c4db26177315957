"""``make run`` says where the app is served and how to serve it on another port, before Streamlit starts."""

from __future__ import annotations

import subprocess

from tests.conftest import PROJECT_ROOT


def test_make_run_says_its_address_and_how_to_change_the_port_before_streamlit_starts() -> None:
    done = subprocess.run(  # -n: print the recipe (with PORT filled in), run nothing
        ["make", "-n", "run", "PORT=8599"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    says = [i for i, line in enumerate(lines) if "Serving on http://127.0.0.1:8599" in line]
    serves = [i for i, line in enumerate(lines) if "streamlit run app.py" in line]
    assert len(says) == 1 and len(serves) == 1, done.stdout
    assert "change with make run PORT=8502" in lines[says[0]]
    assert says[0] < serves[0] and "--server.port 8599" in lines[serves[0]]

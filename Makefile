# The two commands of the README:
#   make run   installs everything and starts the app on data/est.duckdb (demo data on first start)
#   make test  installs everything (Debian chromium and PostgreSQL too) and runs every quality gate and the whole test suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test install install-dev assets chromium postgres check lint typecheck imports pytest bench clean

run: install assets
	$(BIN)/est init --demo --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT) — change with make run PORT=8502"
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: install-dev assets chromium postgres check pytest

$(BIN)/python:
	$(PY) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'

# Leaflet and its plugins, from the npm registry at pinned versions, integrity verified, into static/vendor.
assets: $(BIN)/python
	$(BIN)/python scripts/fetch_assets.py

# Debian's chromium for the real-browser tests (never a browser download of Playwright's own).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Debian's PostgreSQL server for the tests of the PostgreSQL store (each test run starts its own, see tests/pg.py).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; }

check: lint typecheck imports

lint:
	$(BIN)/ruff check src tests pages bench scripts app.py
	$(BIN)/ruff format --check src tests pages bench scripts app.py

typecheck:
	$(BIN)/mypy

imports:
	$(BIN)/lint-imports

# The whole suite in one run: every test on DuckDB files, and the store, import, analysis, meeting and access tests
# (modules marked server_too) also with their stores on the PostgreSQL server the test run starts (tests/pg.py).
pytest:
	$(BIN)/pytest -n 2 --dist loadgroup -q

bench:
	$(BIN)/python bench/demo.py

clean:
	rm -rf $(VENV) static/vendor .mypy_cache .pytest_cache .ruff_cache

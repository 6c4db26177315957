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

# The whole suite on DuckDB files, then the store, import, analysis, meeting and access tests again with their
# stores on the PostgreSQL server the test run starts (tests/pg.py).
SERVER_TESTS := tests/test_analysis_lagesbild.py tests/test_analysis_karta.py tests/test_analysis_tider.py \
	tests/test_analysis_trender.py tests/test_meetings.py tests/test_actions.py tests/test_import_cli.py \
	tests/test_auth_roles_pages.py tests/test_auth_accounts.py tests/test_auth_precision.py tests/test_exports.py \
	tests/test_field_report.py tests/test_dedup.py tests/test_dedup_counts.py tests/test_patrol_follow_up.py \
	tests/test_import_batches.py tests/test_import_files.py tests/test_import_validation.py tests/test_import_masking.py \
	tests/test_areas_sets.py tests/test_retention.py tests/test_auth_cli_users.py

pytest:
	$(BIN)/pytest -n 2 --dist loadgroup -q
	$(BIN)/pytest -n 2 --dist loadgroup -q --store-backend server -m "not file_store and not browser" $(SERVER_TESTS)

bench:
	$(BIN)/python bench/demo.py

clean:
	rm -rf $(VENV) static/vendor .mypy_cache .pytest_cache .ruff_cache

# Set-up is automatic: every target creates .venv and installs into it when it is
# missing or older than pyproject.toml, and registers the notebooks' kernel.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
KERNEL := $(BIN)/python -c "from infoview_analysis.reports.kernel import ensure_kernel; ensure_kernel()"

.PHONY: demo test lint format lab bench bench-cohort sample browser clean

$(RUNTIME_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(KERNEL)
	touch $@

$(DEV_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(KERNEL)
	touch $(RUNTIME_STAMP) $@

# The latest full month of the shipped sample data: a personal log and a cohort.
demo: $(RUNTIME_STAMP)
	$(BIN)/infoview validate data/sample/personal
	$(BIN)/infoview validate data/sample/cohort
	$(BIN)/infoview report all --data data/sample/personal --owner me --force
	$(BIN)/infoview report all --data data/sample/cohort --force
	@echo
	@echo "Reports: $(CURDIR)/reports/index.html"

# Browser tests need Debian's chromium; install it when missing (skipped with a
# reason by the tests where it truly cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null ) \
	  || echo "chromium could not be installed: browser tests will be skipped"; }

test: $(DEV_STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --doctest-modules infoview_analysis tests

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lab: $(RUNTIME_STAMP)
	cd notebooks && ../$(BIN)/jupyter lab

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_analytics.py
	$(BIN)/python benchmarks/bench_reports.py

# Issue 14's goal: 3,000 per-student followup_conversion reports with 2 workers, locally
# and on a 2-worker Dask LocalCluster (long: about an hour on 2 cores).
bench-cohort: $(DEV_STAMP)
	$(BIN)/python benchmarks/bench_reports.py --skip-single --skip-batch --cohort-run 3000 --dask

sample: $(RUNTIME_STAMP)
	$(BIN)/infoview sample --out data/sample

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

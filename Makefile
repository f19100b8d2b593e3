# Samskap: `make run` (set up and serve with demo data) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := COCREATE_ENV=development $(BIN)/flask --app cocreate
PYTEST_ARGS ?=
# The suite on every core (pytest-xdist): a test file stays on one worker, each worker has its own
# database (tests/conftest.py). XDIST= runs it in one process.
XDIST ?= -n auto --dist loadfile

.PHONY: run serve install install-dev vendor apertium translations messages migrate seed test test-browser lint typecheck format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed vendor
install-dev: $(VENV)/.installed-dev vendor

# Leaflet and its marker clusters from npm (package-lock.json pins them), copied into
# static/vendor/ (not in git) and served fingerprinted like our own files (docs/places.md).
# Without npm the map is left out and the pages keep their lists (a warning, not a failure).
VENDOR := static/vendor/leaflet
vendor: $(VENDOR)/.copied
$(VENDOR)/.copied: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "warning: npm not found; the maps stay off (install Node.js 20 and run make vendor)"; \
	else \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && \
		rm -rf $(VENDOR) && mkdir -p $(VENDOR)/images && \
		cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(VENDOR)/ && \
		cp node_modules/leaflet/dist/images/*.png $(VENDOR)/images/ && \
		cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
			node_modules/leaflet.markercluster/dist/MarkerCluster.css \
			node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(VENDOR)/ && \
		cp node_modules/leaflet/LICENSE $(VENDOR)/LICENSE-leaflet && \
		cp node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/LICENSE-markercluster && \
		touch $@; \
	fi

# Apertium and its nno-nob pair: bokmål ↔ nynorsk of the content (docs/translation.md), run
# locally. Installed with apt-get where we may (root, with apt-get); otherwise a note, and the
# feature stays off (originals shown) until it is installed.
apertium:
	@if command -v apertium >/dev/null 2>&1 && apertium -l 2>/dev/null | grep -qw 'nno-nob'; then \
		:; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing apertium apertium-nno-nob"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apertium apertium-nno-nob >/dev/null; } \
			|| echo "warning: could not install Apertium; bokmål ↔ nynorsk of the content stays off"; \
	else \
		echo "note: Apertium is not installed, so bokmål ↔ nynorsk of the content stays off."; \
		echo "      To turn it on (Debian/Ubuntu, as root): apt-get install apertium apertium-nno-nob"; \
	fi

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d cocreate/translations

# Extract new strings and merge them into the nn and en catalogues (for developers).
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o cocreate/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i cocreate/translations/messages.pot -d cocreate/translations --no-fuzzy-matching --ignore-obsolete

migrate: $(VENV)/.installed
	mkdir -p instance
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed demo

serve:
	$(FLASK) run --host 127.0.0.1 --port 5000

run: install apertium translations migrate seed serve

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy cocreate

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install-dev translations lint typecheck
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# Real-browser tests (Playwright driving Debian's /usr/bin/chromium).
test-browser: install-dev translations
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# City-scale benchmark (never part of `make test`; needs wrk: apt-get install -y wrk). Seed once with
# `$(BIN)/python bench/seed.py --database-url …` for each database; see docs/performance.md.
BENCH_SQLITE ?= sqlite:///bench/data/city.sqlite
BENCH_POSTGRES ?= postgresql+psycopg://postgres@127.0.0.1:5432/cocreate_bench
bench: install
	$(BIN)/python bench/run.py --database-url $(BENCH_SQLITE) --database-url $(BENCH_POSTGRES)

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .ruff_cache .mypy_cache

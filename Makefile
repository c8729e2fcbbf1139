# HJP platform. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
NPM_STAMP := node_modules/.installed
PY_STAMP := $(VENV)/.installed
ASSETS_STAMP := build/static/.built

.PHONY: run test test-sqlite test-postgres check lint format assets bench bench-deps install clean migrate demo browser-deps mutation

$(PY_STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(ASSETS_STAMP): $(NPM_STAMP) assets/scss/main.scss assets/js/application.js
	mkdir -p build/static/js build/static/assets
	npm run --silent build:css
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js build/static/js/nhsuk-frontend.min.js
	cp assets/js/application.js build/static/js/application.js
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets/. build/static/assets/
	touch $@

install: $(PY_STAMP)

assets: $(ASSETS_STAMP)

# The demo always runs on the local SQLite file var/hjp.sqlite3, whatever DATABASE_URL says.
# Its log-ins need no authenticator app unless HJP_MFA_REQUIRED=1 is given (docs/security.md).
HJP_MFA_REQUIRED ?= 0
DEV := env -u DATABASE_URL DJANGO_DEBUG=1 HJP_MFA_REQUIRED=$(HJP_MFA_REQUIRED)

migrate: install assets
	$(DEV) $(MANAGE) migrate --no-input

# The demo's year of history is loaded with background tasks switched off (nobody is emailed);
# the server then runs them inside each request, so no worker process is needed locally.
demo: migrate
	$(DEV) HJP_TASK_BACKEND=none $(MANAGE) load_demo

run: demo
	$(DEV) HJP_TASK_BACKEND=immediate $(MANAGE) runserver 127.0.0.1:8000

# Headless Chromium for the browser tests comes from Debian's package.
# Installed automatically only when running as root; otherwise say what to install.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium </dev/null; \
	else \
	  echo "Warning: /usr/bin/chromium is missing; install it with: sudo apt-get install chromium" >&2; \
	fi

# Tests run in parallel, one worker per core (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto

test: install assets browser-deps
	@if [ -n "$$DATABASE_URL" ]; then \
	  where="$${DATABASE_URL#*://}"; \
	  echo "Database for this run: $${DATABASE_URL%%://*} at $${where#*@} (tests use a test_ copy)"; \
	else \
	  echo "Database for this run: SQLite in memory (set DATABASE_URL for PostgreSQL)"; \
	fi
	$(BIN)/pytest -n $(TEST_WORKERS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install assets lint
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

# The benchmark's GET load comes from wrk (compiled, so that the load generator does not take
# the CPU being measured). Installed automatically only when running as root.
bench-deps:
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's wrk for the benchmark's load"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk </dev/null; \
	else \
	  echo "The benchmark needs wrk; install it with: sudo apt-get install -y wrk" >&2; exit 1; \
	fi

bench: install assets bench-deps
	$(BIN)/python -m bench

# Mutation testing of the code that guards people's data; see docs/testing.md. Slow (about an hour
# on 2 cores), so not part of `make check`. Always on SQLite in memory, whatever DATABASE_URL says:
# every mutant runs pytest again and would otherwise share one PostgreSQL test database.
MUTATION_CHILDREN ?= 2

mutation: install assets
	rm -rf mutants
	env -u DATABASE_URL $(BIN)/mutmut run --max-children $(MUTATION_CHILDREN)
	@$(BIN)/mutmut export-cicd-stats >/dev/null
	@$(BIN)/python -c 'import json; s = json.load(open("mutants/mutmut-cicd-stats.json")); \
	  k, t, sv, nt = s["killed"], s["total"], s["survived"], s["no_tests"]; \
	  print(f"Mutation score: {k} killed of {t} mutants ({k / t:.1%}); {sv} survived, {nt} reached by no test")'
	@echo "Mutants not killed (see each with: $(BIN)/mutmut show <name>):"
	@$(BIN)/mutmut results

clean:
	rm -rf $(VENV) node_modules build var/staticfiles

# Commitment Tracker: every set-up step lives here, so a fresh machine needs only Python 3 and make.
#   make run   - virtualenv, dependencies, database, demo data, server on http://127.0.0.1:8000
#   make test  - virtualenv, dependencies, lint, checks and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format demo migrate bench clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_lexicon
	$(BIN)/python manage.py load_demo_data

# The background worker (PDF reports, batch imports) runs beside the development server and
# stops with it.
run: demo
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

bench: migrate
	$(BIN)/python -m bench.parse
	$(BIN)/python -m bench.assessment

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .hypothesis

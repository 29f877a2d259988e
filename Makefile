# Commitment Tracker: every set-up step lives here, so a fresh machine needs only Python 3 and make.
#   make run   - virtualenv, dependencies, database, demo data, server on http://127.0.0.1:8000
#   make test  - virtualenv, dependencies, lint, checks and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format demo migrate bench backup restore clean lock audit messages catalogs

# Installs the development lock (the product's dependencies plus the test and lint tools):
# every dependency at the version and with the hashes recorded there. The production image
# installs requirements.lock alone (Dockerfile).
$(STAMP): requirements-dev.lock requirements-pip.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# After editing requirements.txt or requirements-dev.txt: resolve them again with uv (installed
# into .venv/uv on first use) into requirements.lock (runtime) and requirements-dev.lock
# (runtime and development), both for every platform. The development lock is held to the
# runtime lock's versions, so tests run on exactly what production installs. Versions already
# locked are kept unless a requirement changed (uv prefers the output file's pins).
UV_COMPILE = PYTHONPATH=$(VENV)/uv $(PYTHON) -m uv pip compile --quiet --generate-hashes \
	--universal --python-version 3.11 --no-header
lock:
	$(PYTHON) -m pip install --quiet --target $(VENV)/uv uv==0.13.9
	$(UV_COMPILE) requirements.txt -o requirements.lock
	$(UV_COMPILE) requirements-dev.txt --constraint requirements.lock -o requirements-dev.lock

# Known vulnerabilities in the locked versions (pip-audit); says so when its data is unreachable.
audit: $(STAMP)
	.ci/audit

# The translations: locale/<language>/LC_MESSAGES/django.po compiled to the .mo files Django
# reads (compilemessages, with GNU gettext's msgfmt). Made again whenever a catalog changes.
COMPILE_MESSAGES = $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=staticfiles \
	--ignore=var --verbosity 0
messages: $(STAMP)
	$(COMPILE_MESSAGES)

# After marking new strings: every catalog brought up to date with the templates and code
# (makemessages, GNU gettext's xgettext); translate the new entries, then `make messages`.
catalogs: $(STAMP)
	$(BIN)/python manage.py makemessages --all --extension html,txt,py --no-obsolete \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles --ignore=var \
		--ignore=data --ignore=static
	$(BIN)/python manage.py makemessages --all --domain djangojs --no-obsolete --ignore=.venv \
		--ignore=tests --ignore=staticfiles --ignore=var --ignore=static/vendor

migrate: $(STAMP) messages
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

# ruff, and the apps' layers (pyproject.toml's [tool.importlinter]: no app imports one above it).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint messages
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

bench: migrate
	$(BIN)/python -m bench.parse
	$(BIN)/python -m bench.assessment

# One archive of the database and every uploaded file, in BACKUP_DIR (var/backups/).
backup: $(STAMP)
	$(BIN)/python manage.py backup

# make restore ARCHIVE=var/backups/commitment-tracker-....tar.gz (FORCE=1 replaces existing data;
# ALLOW_UNSIGNED=1 takes an archive made before backups were signed)
restore: $(STAMP)
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=path/to/backup.tar.gz [FORCE=1] [ALLOW_UNSIGNED=1]"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)" $(if $(FORCE),--force) $(if $(ALLOW_UNSIGNED),--allow-unsigned)

# Keeps var/backups: a clean checkout must never cost the backups.
clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
	find var -mindepth 1 -maxdepth 1 ! -name backups -exec rm -rf {} + 2>/dev/null || true

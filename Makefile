# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-postgres test-browser setup lint format messages compilemessages checkmessages bench html-check clean backup restore

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[test]"
	touch $@

setup: $(BIN)/.installed

compilemessages: setup
	$(MANAGE) compilemessages --ignore=.venv -v0

# seed_site loads the fixtures into an empty database only, never over organisers'
# work; `manage.py reload_fixtures` loads them over a site on purpose.
run: setup compilemessages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_site
	$(MANAGE) collectstatic --no-input -v0
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# One archive with the database and MEDIA_ROOT: backups/site-YYYYmmdd-HHMMSS.tar.gz,
# or the file BACKUP= names.
backup: setup
	$(MANAGE) backup_site $(if $(BACKUP),--output "$(BACKUP)")

# Put BACKUP=file back into the configured database and MEDIA_ROOT (stop the site
# first). A site with content is replaced only with FORCE=1. migrate then brings a
# backup made by an older version of the site up to this one.
restore: setup
	@test -n "$(BACKUP)" || { echo "Name the archive: make restore BACKUP=backups/site-YYYYmmdd-HHMMSS.tar.gz"; exit 2; }
	$(MANAGE) restore_site "$(BACKUP)" $(if $(filter 1 yes true,$(FORCE)),--yes)
	$(MANAGE) migrate --no-input -v0

test: setup compilemessages
	$(BIN)/pytest -q

# The same suite against PostgreSQL (DATABASE_URL names the server; pytest-django
# creates and drops its own test_ database there).
test-postgres: setup compilemessages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -q

test-browser: setup compilemessages
	REQUIRE_BROWSER=1 $(BIN)/pytest -q -m browser

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the interface catalogues from the code and templates.
messages: setup
	$(MANAGE) makemessages -l kk -l ru -l en --no-location --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=build

# Fails on any untranslated or fuzzy entry in the project's catalogues.
checkmessages: setup
	$(BIN)/python -m tests.check_catalogues

bench: setup compilemessages
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

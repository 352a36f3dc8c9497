# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# The secret key of `make run` and `make dev`: made on first run, kept outside
# the checkout, readable by its owner only.
STATE_DIR ?= $(or $(XDG_STATE_HOME),$(HOME)/.local/state)/programme-site
SECRET_KEY_FILE ?= $(STATE_DIR)/secret_key

.PHONY: run dev test test-postgres test-browser confclerk setup lint format messages compilemessages checkmessages bench load html-check clean backup restore

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[test]"
	touch $@

setup: $(BIN)/.installed

# Tools that only read the settings run as on a developer's machine.
compilemessages messages: export DEBUG := 1

compilemessages: setup
	$(MANAGE) compilemessages --ignore=.venv -v0

$(SECRET_KEY_FILE):
	@mkdir -p -m 700 $(dir $@)
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.new && mv $@.new $@
	@echo "Made a secret key for this machine in $@"

# The site as residents meet it, on this machine: DEBUG off (the project's own
# error pages in the visitor's language), static files from WhiteNoise, uploaded
# photos served by Django itself, plain http on loopback.
run: export DEBUG := 0
run: export SECRET_KEY_FILE := $(SECRET_KEY_FILE)
run: export ALLOWED_HOSTS := 127.0.0.1,localhost,[::1]
# The address in share links, calendars and schedules: the one it serves on (SITE_URL= for the request's host).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: export PLAIN_HTTP := 1
run: export SERVE_MEDIA := 1
# seed_site loads the fixtures into an empty database only, never over organisers'
# work; `manage.py reload_fixtures` loads them over a site on purpose.
run: $(SECRET_KEY_FILE) setup compilemessages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_site
	$(MANAGE) collectstatic --no-input -v0
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/$${ADMIN_PATH:-admin/})"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The development server with DEBUG on: Django's technical error pages, static
# files found where they are, code reloaded on change.
dev: export DEBUG := 1
dev: export SECRET_KEY_FILE := $(SECRET_KEY_FILE)
dev: $(SECRET_KEY_FILE) setup compilemessages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_site
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# One archive with the database and MEDIA_ROOT: backups/site-YYYYmmdd-HHMMSS.tar.gz,
# or the file BACKUP= names.
# On this machine they use make run's key; a deployment's own SECRET_KEY and
# ALLOWED_HOSTS in the environment come first.
backup restore: export SECRET_KEY_FILE := $(SECRET_KEY_FILE)
backup restore: export ALLOWED_HOSTS ?= localhost
backup: $(SECRET_KEY_FILE) setup
	$(MANAGE) backup_site $(if $(BACKUP),--output "$(BACKUP)")

# Put BACKUP=file back into the configured database and MEDIA_ROOT (stop the site
# first). A site with content is replaced only with FORCE=1. migrate then brings a
# backup made by an older version of the site up to this one.
restore: $(SECRET_KEY_FILE) setup
	@test -n "$(BACKUP)" || { echo "Name the archive: make restore BACKUP=backups/site-YYYYmmdd-HHMMSS.tar.gz"; exit 2; }
	$(MANAGE) restore_site "$(BACKUP)" $(if $(filter 1 yes true,$(FORCE)),--yes)
	$(MANAGE) migrate --no-input -v0

# pytest-xdist runs the suite in one process per core (TEST_WORKERS=0 for one
# process, e.g. to read a traceback in order); each has its own test database.
TEST_WORKERS ?= auto

test: setup compilemessages
	$(BIN)/pytest -q -n $(TEST_WORKERS)

# The same suite against PostgreSQL (DATABASE_URL names the server; pytest-django
# creates and drops its own test_ database there).
test-postgres: setup compilemessages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -q -n $(TEST_WORKERS)

test-browser: setup compilemessages
	REQUIRE_BROWSER=1 $(BIN)/pytest -q -n $(TEST_WORKERS) -m browser

# Each schedule.xml imported into ConfClerk under Xvfb (about 20 s; needs confclerk, xvfb, xdotool).
confclerk: setup compilemessages
	$(BIN)/pytest -q -m confclerk tests/clients

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

# gunicorn under wrk on loopback: zero errors, steady memory, public pages
# served through a login flood (LOAD_SECONDS=10 for a quick run).
load: setup compilemessages
	$(BIN)/python -m tests.load

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Two commands matter: `make run` (a working tracker with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run with debug off, as in production, so they need a key; it is for tests only.
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key DJANGO_DEBUG=0 DJANGO_PLAIN_STATIC=1 DJANGO_CONN_MAX_AGE=0
RUN_ENV := DJANGO_DEBUG=1

.PHONY: run serve worker test test-postgres chromium install migrate demo bench bench-load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Local settings for `make run` and the README's commands: debug on and a generated secret key. Never
# committed (.gitignore); an existing file is left as it is.
.env:
	@echo "writing .env: local settings (debug on, a generated secret key)"
	@printf 'DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

# Reinstall only when the requirements change.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install .env
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "  factcheck is running at http://$(HOST):$(PORT)/review/"
	@echo "  demo logins: reviewer / reviewer, editor / editor, viewer / viewer, admin / admin"
	@echo "  admin: http://$(HOST):$(PORT)/admin/"
	@echo ""
	@# A task worker beside the server delivers webhooks and polls the watched feeds (poll_feeds --schedule
	@# queues the first poll; each poll queues the next); it stops with the server.
	$(RUN_ENV) $(BIN)/python manage.py poll_feeds --schedule
	$(RUN_ENV) $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production serving: gunicorn with WEB_WORKERS processes of WEB_THREADS threads (defaults 2 and 4), debug off
# (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL come from the environment), static files
# collected and served by whitenoise. Run `make worker` beside it for background tasks. See docs/deploy.md.
WEB_WORKERS ?= 2
WEB_THREADS ?= 4
serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v 0
	DJANGO_DEBUG=0 $(BIN)/gunicorn factcheck.wsgi --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) \
		--threads $(WEB_THREADS) --no-control-socket --access-logfile - --timeout 60

worker: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py poll_feeds --schedule
	DJANGO_DEBUG=0 $(BIN)/python manage.py db_worker

# Browser tests need Debian's Chromium; install it when missing and we may (root), else they skip.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Chromium from apt for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

test: install chromium
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite on a throwaway PostgreSQL cluster (installed from apt when missing).
test-postgres: install chromium
	$(TEST_ENV) scripts/with-postgres $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/extraction.py

# 20 s of mixed load against gunicorn on a throwaway PostgreSQL cluster; counts 5xx and lost writes (bench/load.py).
bench-load: install
	scripts/with-postgres $(BIN)/python bench/load.py --duration 20

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .hypothesis

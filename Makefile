# OneStop — the two commands a new machine needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEBIAN_PACKAGES := chromium fonts-noto-cjk poppler-utils gettext nodejs npm
PYTEST_ARGS ?= -n 2

.PHONY: run test install system-deps lint test-sqlite test-postgres bench lock migrate demo clean messages

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  case $$p in nodejs|npm) command -v $$p >/dev/null 2>&1 && continue;; esac; \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: install messages
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py seed_demo

run: system-deps demo
	$(PY) manage.py run_platform --addr 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-sqlite: install messages
	ONESTOP_TESTING=1 $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: install messages
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== PostgreSQL reachable: running the suite again on PostgreSQL"; \
	  ONESTOP_TESTING=1 DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest $(PYTEST_ARGS); \
	else echo "== PostgreSQL not reachable at $(PG_URL): PostgreSQL pass and concurrency tests not run"; fi

test: system-deps install node_modules/.installed lint test-sqlite test-postgres

bench: system-deps install messages
	$(PY) -m bench.run_all

lock:
	rm -rf /tmp/onestop-lock && $(PYTHON) -m venv /tmp/onestop-lock
	/tmp/onestop-lock/bin/pip install --quiet -r requirements.in
	( echo '# Pinned dependency tree for OneStop (Python 3.11). Regenerate with `make lock`.'; /tmp/onestop-lock/bin/pip freeze ) > requirements.lock

clean:
	rm -rf $(VENV) node_modules var/onestop.sqlite3* .pytest_cache test-artifacts

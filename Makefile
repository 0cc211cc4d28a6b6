# Plein: `make run` starts Plein (web server, worker, scheduler) with demo data on SQLite; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PLEIN := $(VENV)/bin/plein
export PLEIN_DEV ?= 1
export PLEIN_DEBUG ?=
TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/plein

.PHONY: run test install install-test chromium gettext lint format messages clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden)."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Kon geen virtualenv maken. Installeer venv, bijv.: sudo apt-get install python3.11-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install gettext
	$(PLEIN) migrate --noinput
	$(PLEIN) createcachetable
	$(PLEIN) compilemessages --ignore=.venv -v 0
	$(PLEIN) collectstatic --noinput -v 0
	$(PLEIN) demo
	@echo "De demologins staan hierboven; verstuurde e-mails staan op http://127.0.0.1:8000/ontwikkeling/e-mails/."
	@# Web server, background worker and scheduler together; Ctrl+C stops all three.
	$(PLEIN) start 127.0.0.1:8000

chromium:
	@bash scripts/ensure-chromium.sh

gettext:
	@bash scripts/ensure-gettext.sh

test: install-test chromium gettext
	$(PLEIN) compilemessages --ignore=.venv -v 0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PLEIN) makemigrations --check --dry-run
	@echo "== Tests op SQLite =="
	$(VENV)/bin/pytest -n 2
	@echo "== Tests op PostgreSQL =="
	@if $(PY) scripts/check_postgres.py "$(TEST_PG_URL)"; then \
		DATABASE_URL="$(TEST_PG_URL)" $(VENV)/bin/pytest -n 2; \
	elif [ -n "$$CI" ]; then \
		echo "FOUT: PostgreSQL op $(TEST_PG_URL) is niet bereikbaar en CI is gezet."; exit 1; \
	else \
		echo "LET OP: PostgreSQL niet bereikbaar; de PostgreSQL-ronde is overgeslagen."; \
	fi

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

format:
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

messages:
	cd plein && ../$(PLEIN) makemessages -l en --no-obsolete --ignore='*/tests/*'
	@python3 scripts/po_fill.py todo plein/locale/en/LC_MESSAGES/django.po | python3 -c 'import json,sys; n=len(json.load(sys.stdin)); print(f"{n} Engelse vertaling(en) ontbreken; zie scripts/po_fill.py.")'

clean:
	rm -rf $(VENV) var

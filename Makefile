# The README's commands. Everything lands in .venv; only Python 3.11, git and make are needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test migrate demo worker beat lint format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

# The suite on every core (pytest-xdist: one process per core, each with a test database of its
# own). --dist load hands each process its tests in pytest-django's order, transactional tests
# (which empty the database) after the others; loadscope/loadfile would break that order.
# PYTEST_ARGS adds options, e.g. `make test PYTEST_ARGS=--reuse-db` keeps the test databases
# between runs; PYTEST_WORKERS=0 runs one process.
PYTEST_WORKERS ?= auto
test: install-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	mkdir -p var
	$(BIN)/celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (apt-get install gettext). Thai is the source language: the th catalogue is its
# own msgids (msgen), the en one is translated by hand. The compiled .mo files are committed, so that
# `make run` works on a machine without gettext; tests/home/test_translations.py checks them.
THAI_PO := locale/th/LC_MESSAGES/django.po
# Thai is the source language: the Thai catalogue is its own translation, plurals included (Thai has
# one plural form, which msgen leaves empty).
messages: install-test
	$(MANAGE) makemessages -l th -l en --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	msgattrib --clear-fuzzy --empty --clear-previous -o $(THAI_PO) $(THAI_PO)
	msgen -o $(THAI_PO) $(THAI_PO)
	$(BIN)/python -c "import polib; po = polib.pofile('$(THAI_PO)'); \
		[e.msgstr_plural.update({0: e.msgid}) for e in po if e.msgid_plural]; po.save()"
	$(MANAGE) compilemessages --ignore '.venv/*' --ignore 'var/*'

clean:
	rm -rf $(VENV) var db.sqlite3

# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test install install-dev venv migrate demo lint format messages compilemessages bench e2e clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY)

$(VENV)/.installed: requirements.txt $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

compilemessages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed .mo catalogue"; fi

migrate: install compilemessages
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

run: demo
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	$(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv

test: install-dev compilemessages lint
	$(MANAGE) makemigrations --check --dry-run -v 0
	$(VENV)/bin/pytest -n 2 --dist load --ignore=tests/bench $(PYTEST_ARGS)

e2e: install-dev
	$(VENV)/bin/pytest tests/e2e $(PYTEST_ARGS)

bench: install-dev
	DJANGO_SETTINGS_MODULE=portal.settings.test $(VENV)/bin/pytest tests/bench -p no:xdist -s -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

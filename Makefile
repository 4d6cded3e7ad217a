# anliegen — every step that run, test, lint and bench need lives here (a fresh clone works).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
# unoserver (issue 21) runs under the system Python that has LibreOffice's uno module.
UNO_VENV := .venv-uno
UNOSERVER := $(UNO_VENV)/bin/unoserver
UNO_PORT ?= 2003
UNO_UNO_PORT ?= 2002
PYTEST_ARGS ?=
# make test runs the suite on both cores (pytest-xdist); PYTEST_WORKERS=0 runs it serially.
PYTEST_WORKERS ?= 2

.PHONY: install run test lint format bench chromium libreoffice messages demo-logins clean fuzz mutation soak

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The compiled catalogues (.mo) are build output, not in git: every install compiles them
# (GNU gettext's msgfmt; Debian package gettext).
install: $(STAMP)
	cd src/anliegen && ../../$(PY) ../../manage.py compilemessages --ignore '.venv' -v0

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# LibreOffice for the letters as PDF/A (issue 21): Debian's Writer without GUI, its Python bridge
# python3-uno and the fonts (Liberation = Arial's metrics, DejaVu); then unoserver in .venv-uno, a
# venv of the system Python that sees python3-uno (--system-site-packages). The app's .venv only
# speaks XML-RPC to unoserver (anliegen/letters/pdf.py). Without it the app runs, Word only.
libreoffice: $(UNOSERVER)

$(UNOSERVER):
	@if [ ! -x /usr/bin/soffice ] || ! /usr/bin/python3 -c 'import uno, ensurepip' 2>/dev/null; then \
		echo "Installing Debian's LibreOffice Writer (headless) and python3-uno for the letters"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libreoffice-writer-nogui python3-uno python3-venv fonts-liberation2 fonts-dejavu-core >/dev/null; \
	fi
	/usr/bin/python3 -m venv --system-site-packages $(UNO_VENV)
	$(UNO_VENV)/bin/pip install --quiet 'unoserver>=3.1,<4'

messages: install

run: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	@$(PY) manage.py demo_logins
	@export ANLIEGEN_UNOSERVER=127.0.0.1:$(UNO_PORT); uno=; \
	if [ -x $(UNOSERVER) ]; then \
		$(UNOSERVER) --interface 127.0.0.1 --port $(UNO_PORT) --uno-port $(UNO_UNO_PORT) \
			--conversion-timeout 120 --quiet & uno=$$!; \
	else echo "No LibreOffice (make libreoffice): letters as Word documents only, no PDF"; fi; \
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker $$uno 2>/dev/null; sleep 2; kill -9 $$uno 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

test: install chromium libreoffice
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) -m pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy
	cd src && ../$(VENV)/bin/lint-imports --config ../pyproject.toml

format: install
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

bench: install
	$(PY) bench/run.py

# Schemathesis against a live server on PostgreSQL with the demo (issue 14): 0 server errors and
# 0 schema violations, as an administrator and as a case worker. DATABASE_URL must be set.
fuzz: install
	PY=$(PY) tools/schemathesis.sh

# Mutation testing of the engines (issue 14): mutmut on fristen/ and the contact-density engine
# (contacts/matching.py, contacts/schedule.py); configuration in [tool.mutmut] of pyproject.toml.
# One engine at a time, at low priority (the machine is shared); the score per engine at the end.
mutation: install
	rm -rf mutants
	nice -n 10 $(VENV)/bin/mutmut run --max-children 2 'anliegen.fristen.*'
	nice -n 10 $(VENV)/bin/mutmut run --max-children 2 'anliegen.contacts.*'
	$(VENV)/bin/mutmut results
	@$(VENV)/bin/mutmut results --all true | awk -F': ' \
		'/anliegen\.(fristen|contacts)\./ { split($$1, p, "."); n[p[2]]++; \
		 if ($$2 == "killed" || $$2 == "timeout") k[p[2]]++; else if ($$2 == "survived") s[p[2]]++ } \
		 END { for (e in n) printf "%-9s %4d mutants, %4d killed (incl. timeouts), %3d survived: %.1f %% killed\n", \
		       e, n[e], k[e], s[e], 100 * k[e] / n[e] }'

# Soak under faults (issue 14): two app servers and two task workers on PostgreSQL under locust
# load for SOAK_DURATION seconds (180) while a task worker is killed, PostgreSQL restarts (the
# machine's server: SOAK_PG_RESTART= skips it) and an app server stops; then every acknowledged
# write, notification e-mail and booking is checked. Report: var/soak/report.md. Not part of CI.
soak: install
	PY=$(abspath $(PY)) tools/soak/run.sh

clean:
	rm -rf $(VENV) $(UNO_VENV) var mutants .pytest_cache .mypy_cache .ruff_cache

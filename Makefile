# Developer entry points (see scripts/). `make help` lists them.
SHELL := /bin/bash
PY := .venv/bin/python
POT := customer_archive/i18n/customer_archive.pot

# make run REPLICA=1: Odoo reads from the streaming replica (make replica) too.
.PHONY: help setup run stop test bench scale pot shell clean lint format wheel screenshots compat

help:
	@echo "make setup|run|stop|test|compat|bench [NAME=.. BENCH_SCALE=..]|scale [ARGS=..]|pot|shell|clean|lint|format|wheel|screenshots"

setup:
	scripts/setup.sh

run:
	REPLICA='$(REPLICA)' scripts/run.sh

stop:
	scripts/stop.sh

test:
	scripts/test.sh

# Odoo's own test suites (scripts/compat_tests.txt) on a stock database and with the addon,
# full registry loaded; fails on a test that fails only with the addon (make test runs it too).
compat:
	scripts/compat.sh

# NAME / BENCH_SCALE are passed through to the benchmark runner (empty when not given).
bench:
	NAME='$(NAME)' BENCH_SCALE='$(BENCH_SCALE)' bench/run.sh

# e.g. make scale ARGS='--db bench_small --archives 10000 --orders 2'
scale:
	scripts/pg.sh start
	ODOO_CONF_ONLY=1 scripts/odoo.sh
	$(PY) scripts/gen_scale.py $(ARGS)

# Regenerate the translation template from the run DB (built if missing); the module is
# updated first so the template matches the code on disk.
pot:
	scripts/run.sh --db-only
	mkdir -p var/pot
	scripts/odoo.sh -d customer_archive -u customer_archive --stop-after-init --log-level=warn
	scripts/odoo.sh -d customer_archive --modules=customer_archive --log-level=warn \
	  --i18n-export="$(CURDIR)/var/pot/customer_archive.pot"
	mv -f var/pot/customer_archive.pot $(POT)
	@echo "written $(POT)"

shell:
	scripts/pg.sh start
	scripts/odoo.sh shell -d customer_archive --no-http

clean:
	scripts/stop.sh
	rm -rf var

# Static checks: every pre-commit hook on every tracked file (make test runs it too).
lint:
	scripts/lint.sh

# Apply the fixers: ruff --fix, ruff format (new files), whitespace, the addon README.
format:
	.venv/bin/ruff check --fix --force-exclude .
	.venv/bin/ruff format --force-exclude .
	.venv/bin/python scripts/gen_addon_readme.py

# The addon as a wheel, like OCA's (odoo-addon-customer_archive), in dist/.
wheel:
	scripts/wheel.sh

# README screenshots from the browser test TestReadmeScreenshots (docs/screenshots/*.png).
screenshots:
	scripts/screenshots.sh
# Load: 20 web clients against a multi-worker server during the full tier recompute
# (bench/bench_load.py; small scale unless BENCH_SCALE=full).
.PHONY: load faults
load:
	NAME=load BENCH_SCALE='$(or $(BENCH_SCALE),small)' bench/run.sh

# Fault scenarios (tests/test_faults.py, pytest, the slow ones included): server killed during
# scheduled actions, PostgreSQL restarted under load, full disk during an export, on their own
# database ca_faults. SCENARIOS is a pytest -k expression, e.g. SCENARIOS='tier_kill or disk_full'.
faults:
	scripts/pg.sh start
	ODOO_CONF_ONLY=1 scripts/odoo.sh
	CA_DB=ca_faults .venv/bin/python -m pytest tests/test_faults.py -v -rA --durations=0 \
	  $(if $(SCENARIOS),-k '$(SCENARIOS)')

# Annual seal benchmark (bench/bench_seal.py): sealing vs hand-written SQL writing the same
# sealed cards; full scale unless BENCH_SCALE=small.
.PHONY: bench-seal
bench-seal:
	NAME=seal BENCH_SCALE='$(BENCH_SCALE)' bench/run.sh

# A streaming replica of the private cluster (var/replica, 127.0.0.1 port REPLICA_PORT, default
# PGPORT + 10); `make run REPLICA=1` sends Odoo's read-only requests to it. scripts/pg.sh stop stops it.
.PHONY: replica
replica:
	scripts/pg.sh replica

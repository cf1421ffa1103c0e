# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck contracts pytest venv validators bench clean lock cluster

venv: $(STAMP)

# The standards' own validators the suite runs on published documents (tests/e2e/
# test_standards.py): JavaScript libraries at the versions package-lock.json pins.
VALIDATORS := tests/validators/node_modules/.installed
validators: $(VALIDATORS)
$(VALIDATORS): tests/validators/package.json tests/validators/package-lock.json
	npm ci --prefix tests/validators --no-audit --no-fund --silent
	touch $(VALIDATORS)

# Installs exactly the locked versions, each checked against its hash, then the project itself.
$(STAMP): pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-resolve the locks from pyproject.toml (newest versions within its ranges), with hashes
# for every platform's files. Commit both files.
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --no-header --quiet
lock: $(STAMP)
	$(LOCK) --extra server -o requirements/server.txt
	$(LOCK) --extra server --extra dev -o requirements/dev.txt

run: $(STAMP)
	$(BIN)/ccr serve --host 127.0.0.1 --port 8000 --demo

# A local cluster like docker/compose.yaml, without Docker: a throwaway PostgreSQL, three
# replicas and nginx (docker/nginx.conf), on 127.0.0.1, with demo data; Ctrl-C removes it all.
cluster: $(STAMP)
	$(BIN)/python -m tests.cluster --replicas 3

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# Browser tests run in their own process: Playwright's sync API keeps an event loop running
# in the main thread, which the asyncio tests of the first run cannot share.
pytest: $(STAMP) $(VALIDATORS)
	$(BIN)/python -m pytest -m "not browser"
	$(BIN)/python -m pytest -m browser

test: lint typecheck contracts pytest

bench: $(STAMP)
	$(BIN)/python bench/verify.py
	$(BIN)/python bench/issue.py
	$(BIN)/python bench/eligibility.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/fanout.py
	$(BIN)/python bench/paper.py
	$(BIN)/python bench/demo_outcomes.py
	$(BIN)/python bench/cluster.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache tests/validators/node_modules

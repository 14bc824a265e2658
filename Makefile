# Batch jobs of the Arabic news information-extraction pipeline.
# `make run` and `make test` build .venv first when it is missing.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INPUT ?= corpus
OUT ?= out
PROFILE ?= fast
WORKERS ?= 1
RUN_ARGS ?=
DATA ?= ../shared/data

.PHONY: setup run test lint clean

setup: $(STAMP)

# The CPU build of torch is installed first, by its exact pin, so that nothing later pulls the
# multi-GB CUDA build; every other package then comes from the lock file.
$(STAMP): setup.cfg requirements/lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m pipeline run $(INPUT) -o $(OUT) --profile $(PROFILE) --workers $(WORKERS) $(RUN_ARGS)

test: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m ruff format --check pipeline tests

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis

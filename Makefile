# The two commands of the README: `make run` and `make test`. Both bootstrap .venv.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export RASA_TELEMETRY_ENABLED := false

.PHONY: run test test-fast test-hostile venv train validate lint bench clean

venv:
	@bash scripts/bootstrap.sh

train: venv
	@$(PY) -m bot.training

run: train
	@$(PY) -m bot.services

test: train
	@$(PY) -m bot.validate
	@$(PY) -m ruff check bot actions tests bench
	@$(PY) -m ruff format --check bot actions tests bench
	@$(PY) -m mypy
	@$(PY) -m pytest

# The developers' loop: every test that needs neither a trained model nor a running server
# (no training; see the markers in pyproject.toml), on two worker processes (pytest-xdist).
test-fast: venv
	@$(PY) -m pytest -m "not model and not server" -n 2

test-hostile: train
	@$(PY) -m pytest -m hostile

validate: venv
	@$(PY) -m bot.validate

lint: venv
	@$(PY) -m ruff check bot actions tests bench
	@$(PY) -m ruff format --check bot actions tests bench
	@$(PY) -m mypy

bench: train
	@$(PY) -m bench

clean:
	rm -rf models var results

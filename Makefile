# The two commands of the README: `make run` and `make test`. Both bootstrap .venv.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export RASA_TELEMETRY_ENABLED := false

.PHONY: run test test-hostile venv train validate lint bench clean

venv:
	@bash scripts/bootstrap.sh

train: venv
	@$(PY) -m bot.training

run: train
	@$(PY) -m bot.services

test: train
	@$(PY) -m bot.validate
	@$(PY) -m ruff check bot actions tests bench
	@$(PY) -m pytest

test-hostile: train
	@$(PY) -m pytest -m hostile

validate: venv
	@$(PY) -m bot.validate

lint: venv
	@$(PY) -m ruff check bot actions tests bench
	@$(PY) -m ruff format --check bot actions tests bench

bench: train
	@$(PY) -m bench

clean:
	rm -rf models var results

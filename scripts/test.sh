#!/usr/bin/env bash
# Install the dev tools into .venv and run the whole quality gate: ruff, mypy, pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" "dev"
echo "== ruff"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/pytest -q -p no:cacheprovider "$@"

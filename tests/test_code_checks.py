"""The code checks .ci/run runs before the tests, also under the README's one test command
(`python -m pytest`): ruff (lint), mypy (types of the model, rooms and charts) and
import-linter (the layering). Their configuration is pyproject.toml; CONTRIBUTING.md says why
they run in both places. Each failure shows the tool's own report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_tool(*command: str) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is not installed: pip install -r requirements-dev.txt -c constraints.txt")
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=900)


def test_ruff_finds_nothing():
    done = run_tool("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing_in_the_model_rooms_and_charts():
    done = run_tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_layering_contracts_hold():
    """The model imports nothing above it; charts and rooms no UI; only dashboard.ui imports Streamlit."""
    done = run_tool("lint-imports", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout

"""The code checks .ci/run runs before the tests, also under the README's one test command
(`python -m pytest`): ruff (lint), mypy (types of the model, rooms and charts) and
import-linter (the layering). Their configuration is pyproject.toml; CONTRIBUTING.md says why
they run in both places. Each failure shows the tool's own report."""

from __future__ import annotations

import os
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


def test_each_check_fails_on_a_break(tmp_path):
    """On a copy of the package with one break of each kind, each tool exits non-zero and
    names the break (so `set -e` in .ci/run stops the run)."""
    shutil.copytree(ROOT / "dashboard", tmp_path / "dashboard", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "dashboard" / "model" / "lint_break.py").write_text('"""An unused import."""\n\nimport os\n')
    (tmp_path / "dashboard" / "model" / "layer_break.py").write_text('"""The model drawing."""\n\nimport streamlit  # noqa: F401\n')
    (tmp_path / "type_break.py").write_text('"""A wrong type."""\n\ncount: int = "three"\n')

    def run(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(tmp_path)})

    lint = run("ruff", "check", "--no-cache", "--output-format", "concise", "dashboard/model/lint_break.py")
    assert lint.returncode != 0 and "F401" in lint.stdout, lint.stdout
    types = run("mypy", "--config-file", "pyproject.toml", "--no-incremental", "type_break.py")
    assert types.returncode != 0 and "type_break.py:3" in types.stdout, types.stdout
    layers = run("lint-imports", "--no-cache")
    assert layers.returncode != 0 and "dashboard.model.layer_break -> streamlit" in layers.stdout, layers.stdout

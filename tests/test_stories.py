"""Rasa test stories for the multi-turn flows, with --fail-on-prediction-errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.settings import PROJECT_ROOT
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.model


def test_flow_stories_pass(trained_model) -> None:
    out = ARTIFACTS / "story_results"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--model",
            str(trained_model),
            "--stories",
            str(PROJECT_ROOT / "tests" / "stories"),
            "--out",
            str(out),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=PROJECT_ROOT,
        env=dict(os.environ, RASA_TELEMETRY_ENABLED="false"),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

"""The rules' directional claims (tests/claims.yaml) hold in the simulation."""

from pathlib import Path

import pytest
import yaml

from dashboard.model import Scenario, simulate

CASES = yaml.safe_load((Path(__file__).parent / "claims.yaml").read_text())["cases"]
MIN_DIFFERENCE = 0.5  # index points


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_claim(case):
    months = {"months": case["month"], "lens": case["lens"]}
    changed = simulate(Scenario(**case["change"], **months)).at(case["month"])
    base = simulate(Scenario(**case.get("compared_with", {}), **months)).at(case["month"])
    for indicator, direction in case["expect"].items():
        diff = changed[indicator] - base[indicator]
        assert (diff > MIN_DIFFERENCE) if direction == "up" else (diff < -MIN_DIFFERENCE), (
            f"{indicator} should go {direction}: {base[indicator]:.1f} -> {changed[indicator]:.1f}"
        )

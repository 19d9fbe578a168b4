"""The CLI end to end, as a user runs it: `python -m dashboard ...` in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.model import INDICATORS, RESPONSES, Scenario, shipped_rules, simulate

ROOT = Path(__file__).resolve().parents[1]


def run(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


def test_simulate_from_stdin_fills_defaults_and_matches_the_model():
    done = run("simulate", "--scenario", "-", stdin='{"sanctions": "lifted", "months": 12}')
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    expected = simulate(Scenario(sanctions="lifted", months=12))
    assert out["scenario"] == Scenario(sanctions="lifted", months=12).levels()
    assert set(out) == {"scenario", "summary", "warnings", "monthly", "trace"}
    assert out["warnings"] == []  # lifted sanctions and no deal: nothing contradictory
    assert out["summary"] == {k: round(v, 2) for k, v in expected.summary().items()}
    assert [row["month"] for row in out["monthly"]] == list(range(1, 13))
    assert set(out["monthly"][0]) == {"month", *INDICATORS}
    assert set(out["summary"]) == set(RESPONSES)
    first = out["trace"][0]
    assert set(first) == {"month", "indicator", "rule", "change"}


def test_simulate_from_a_file(tmp_path):
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"strikes_iran": "limited", "lens": "coercive_deterrence"}))
    out = json.loads(run("simulate", "--scenario", str(scenario)).stdout)
    assert out["scenario"]["strikes_iran"] == "limited" and len(out["monthly"]) == 24


def test_simulate_without_a_scenario_runs_the_status_quo():
    out = json.loads(run("simulate", "--no-trace").stdout)
    assert out["scenario"] == Scenario().levels() and "trace" not in out


@pytest.mark.parametrize(
    "stdin, words",
    [
        ('{"sanctions": "crippling"}', ["sanctions", "lifted, eased, current, tightened, maximum"]),
        ('{"bombing": true}', ["bombing", "unknown field", "strikes_syria"]),
        ('{"months": 99}', ["months", "1 to 36"]),
        ('{"sanctions": ', ["not valid JSON", "line 1"]),
        ('["maximum"]', ["expected a JSON object"]),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(stdin, words):
    done = run("simulate", "--scenario", "-", stdin=stdin)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert all(w in lines[0] for w in words), lines[0]


@pytest.mark.parametrize("args", [("simulate", "--scenario", "/no/such/file.json"), ("explode",), ("rules", "--format", "xml")])
def test_bad_arguments_exit_2_with_one_line(args):
    done = run(*args)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_custom_rules_file_is_used_and_checked(tmp_path):
    good = tmp_path / "rules.yaml"
    good.write_text(
        "rules:\n- id: only_rule\n  title: One rule\n  when: {always: true}\n"
        "  effects: [{target: proxy_attacks, size: {low: 1, central: 2, high: 3}}]\n"
        "  rationale: A single rule for the test.\n  source: article [1]\n"
        "  lenses: {reciprocity: 1, coercive_deterrence: 1}\n  confidence: low\n"
    )
    out = json.loads(run("simulate", "--rules", str(good)).stdout)
    assert {row["rule"] for row in out["trace"]} <= {"only_rule", "pull_to_baseline", "room_to_bounds"}
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("proxy_attacks", "morale"))
    done = run("simulate", "--rules", str(bad))
    assert done.returncode == 2
    assert "bad.yaml: rule 'only_rule': effects.0.target: unknown indicator 'morale'" in done.stderr


def test_rules_table_lists_every_rule():
    done = run("rules")
    assert done.returncode == 0
    for rule in shipped_rules().rules:
        assert rule.id in done.stdout
    assert done.stdout.startswith(f"{len(shipped_rules().rules)} rules")


def test_rules_json_round_trips_through_the_loader():
    from dashboard.model import parse_rules

    data = json.loads(run("rules", "--format", "json").stdout)
    for entry in data:
        entry.pop("when_text")
    assert parse_rules({"rules": data}) == shipped_rules()


def test_history_prints_the_table():
    done = run("history")
    assert done.returncode == 0 and done.stdout.startswith("| episode |")


def test_simulate_lists_contradictory_options_as_warnings():
    done = run("simulate", "--scenario", "-", "--no-trace", stdin='{"jcpoa": "full_return", "sanctions": "maximum"}')
    assert done.returncode == 0, done.stderr
    warnings = json.loads(done.stdout)["warnings"]
    assert [w["levers"] for w in warnings] == [["jcpoa", "sanctions"]]
    assert "relief" in warnings[0]["message"]

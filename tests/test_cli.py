"""The CLI end to end, as a user runs it: `python -m dashboard ...` in a subprocess, and in-process."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import EXIT_BAD_INPUT, main
from dashboard.model import INDICATORS, RESPONSES, InputError, Scenario, shipped_rules, simulate
from dashboard.model.ensemble import MAX_DRAWS
from dashboard.model.safe_json import scenario_from_json

ROOT = Path(__file__).resolve().parents[1]


def run(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=60)


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


# The same CLI in-process (dashboard.cli.main), so coverage sees it and a failure shows where.
def run_main(capsys, monkeypatch, *args, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_in_process_simulate_matches_the_model(capsys, monkeypatch):
    code, out, err = run_main(capsys, monkeypatch, "simulate", "--scenario", "-", "--no-trace",
                              stdin='{"strikes_iran": "limited", "months": 6}')
    assert (code, err) == (0, "")
    result = json.loads(out)
    expected = simulate(Scenario(strikes_iran="limited", months=6))
    assert result["summary"] == {k: round(v, 2) for k, v in expected.summary().items()}
    assert "trace" not in result and len(result["monthly"]) == 6


@pytest.mark.parametrize(
    "stdin",
    ['{"sanctions": "crippling"}', '{"bombing": true}', '{"sanctions": ', "[" * 9 + "]" * 9, " " * 20_001,
     '{"x": "' + "a" * 20_000 + '"}'],
)
def test_in_process_errors_are_the_scenario_readers_own(capsys, monkeypatch, stdin):
    """The CLI says what the one scenario reader (also the sidebar's and Compare tab's) says."""
    with pytest.raises(InputError) as caught:
        scenario_from_json(stdin)
    code, out, err = run_main(capsys, monkeypatch, "simulate", "--scenario", "-", stdin=stdin)
    assert (code, out, err) == (EXIT_BAD_INPUT, "", f"error: {caught.value}\n")


def test_in_process_branch_scenario_has_the_same_limits(capsys, monkeypatch):
    code, _, err = run_main(capsys, monkeypatch, "replay", "--branch", "2019-01", "--scenario", "-", stdin="[" * 9 + "]" * 9)
    assert code == EXIT_BAD_INPUT and err.startswith("error: scenario file: nested more than 4 levels deep")


def test_in_process_rules_and_bad_arguments(capsys, monkeypatch, tmp_path):
    code, out, _ = run_main(capsys, monkeypatch, "rules", "--format", "json")
    assert code == 0 and [entry["id"] for entry in json.loads(out)] == [rule.id for rule in shipped_rules().rules]
    binary = tmp_path / "rules.yaml"
    binary.write_bytes(b"\xff\xfe")
    code, _, err = run_main(capsys, monkeypatch, "rules", "--rules", str(binary))
    assert code == EXIT_BAD_INPUT and err.startswith("error: --rules: cannot read")
    code, _, err = run_main(capsys, monkeypatch, "simulate", "--draws", "0")
    assert code == EXIT_BAD_INPUT and err == f"error: --draws: 0 is out of range; allowed: a whole number from 1 to {MAX_DRAWS}\n"
    code, _, err = run_main(capsys, monkeypatch, "explode")
    assert code == EXIT_BAD_INPUT and err.startswith("error: python -m dashboard: argument command: invalid choice")

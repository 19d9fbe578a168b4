"""History replay, branches, real units and the back-test (issue #11)."""

import json
import subprocess
import sys

import numpy as np
import pytest

from dashboard.model import INDICATORS, RuleBook, shipped_parameters, shipped_rules, simulate
from dashboard.model.backtest import CALIBRATION, backtest, display_links, load_held_out
from dashboard.model.engine import NO_SHOCKS, run_path
from dashboard.model.ensemble import central_draws, run_many_path
from dashboard.model.observed import load_series
from dashboard.model.replay import WARM_UP_MONTHS, parse_branch, replay, replay_draws, replay_path
from dashboard.model.replay_report import replay_json
from dashboard.model.shocks import SHOCKS
from dashboard.model.timeline import shipped_timeline

INDEX = {name: i for i, name in enumerate(INDICATORS)}


def months_mean(values, months, first, last):
    return float(np.mean(values[months.index(first):months.index(last) + 1]))


def test_the_replay_covers_2016_to_2025_month_by_month():
    run = replay()
    assert run.months[0] == "2016-01" and run.months[-1] == "2025-12" and len(run.monthly) == 120


def test_a_branch_equals_the_replay_before_its_month_and_differs_after():
    branch, _ = parse_branch("2018-05", {"jcpoa": "full_return", "sanctions": "eased"})
    plain, other = replay(), replay(branch=branch)
    cut = plain.months.index("2018-05")
    assert other.monthly[:cut] == plain.monthly[:cut]  # exactly, not approximately
    assert other.series("nuclear_advance")[cut + 12] < plain.series("nuclear_advance")[cut + 12] - 5


def test_a_branch_with_draws_equals_the_replay_before_its_month():
    branch, _ = parse_branch("2020-01", {"leadership_targeting": False, "strikes_iraq": "none"})
    plain, other = replay_draws("reciprocity", 50, 3), replay_draws("reciprocity", 50, 3, branch=branch)
    cut = replay().months.index("2020-01")
    assert np.array_equal(plain[:, :cut], other[:, :cut])
    assert not np.array_equal(plain[:, cut:cut + 3], other[:, cut:cut + 3])


def test_the_path_engine_over_draws_matches_the_deterministic_one():
    path = replay_path("reciprocity", shipped_timeline(), last="2024-06")
    expected, _, _ = run_path(path)
    draws = central_draws(shipped_rules())
    runs = run_many_path(path, draws)
    for name in ("proxy_attacks", "saudi_attacks", "nuclear_advance", "escalation_risk"):
        np.testing.assert_allclose(runs[0, :, INDEX[name]], [row[name] for row in expected], atol=1e-6)


def test_a_constant_path_is_simulate():
    result = simulate(shipped_parameters and __import__("dashboard.model", fromlist=["Scenario"]).Scenario(months=12))
    monthly, _, _ = run_path([(result.scenario, NO_SHOCKS)] * 12)
    assert monthly == [dict(row) for row in result.monthly]


def test_shock_rules_are_silent_in_a_scenario_of_ones_own():
    shock_rules = {rule.id for rule in shipped_rules().rules if "shock" in json.dumps(rule.model_dump(mode="json")["when"])}
    assert len(shock_rules) >= 7
    fired = {rule for _, _, rule, _ in simulate(__import__("dashboard.model", fromlist=["Scenario"]).Scenario(months=36)).trace}
    assert not fired & shock_rules


def test_every_shock_has_a_rule_that_answers_it():
    text = json.dumps([rule.model_dump(mode="json")["when"] for rule in shipped_rules().rules])
    assert [shock for shock in SHOCKS if f'"shock": "{shock}"' not in text] == []


def test_the_replay_meets_the_record_in_units():
    run, links = replay(), display_links()
    attacks = links["proxy_attacks"].apply(run.series("proxy_attacks"))
    assert months_mean(attacks, run.months, "2023-11", "2024-01") > 1.3 * months_mean(attacks, run.months, "2023-04", "2023-09")
    saudi = links["saudi_attacks"].apply(run.series("saudi_attacks"))
    assert months_mean(saudi, run.months, "2022-05", "2022-09") < 0.2 * months_mean(saudi, run.months, "2021-06", "2022-03")
    stock = links["nuclear_advance"].apply(run.series("nuclear_advance"))
    at = {m: stock[run.months.index(m)] for m in ("2020-12", "2022-01", "2023-06", "2025-06")}
    assert at["2020-12"] < 5 < at["2022-01"] < at["2023-06"] < at["2025-06"]


@pytest.mark.parametrize("lens", ["reciprocity", "coercive_deterrence"])
def test_the_stored_display_links_are_the_fit(lens):
    stored = {name: p.link(lens) for name, p in shipped_parameters().indicators.items() if p.link(lens) is not None}
    fresh = display_links(lens)
    assert set(stored) == set(fresh) == {"proxy_attacks", "saudi_attacks", "maritime_attacks", "nuclear_advance"}
    for name, link in fresh.items():
        for field in ("scale", "power", "threshold"):
            assert getattr(stored[name], field) == pytest.approx(getattr(link, field), rel=0.01, abs=0.01), (
                f"data/parameters.yaml {name}.units.{lens}.{field}: stored {getattr(stored[name], field)}, "
                f"fit {getattr(link, field)} — refit after a rule change: `python -m dashboard backtest --store-links`")


def test_the_backtest_reports_every_linked_response_and_labels_no_skill():
    report = backtest()
    assert report["calibration"] == {"from": "2016-01", "to": "2021-12"}
    assert report["evaluation"]["to"] >= "2025-06"
    for name in ("proxy_attacks", "saudi_attacks", "maritime_attacks", "nuclear_advance"):
        row = report["indicators"][name]
        assert row["n"] >= 2 and row["mae"] is not None and 0 <= row["coverage_80"] <= 1
        assert row["skill_vs_persistence"] == pytest.approx(1 - row["mae"] / row["mae_persistence"], abs=1e-3)
    assert len(report["directions"]) == len(load_held_out())


def test_the_calibration_never_reads_evaluation_data(monkeypatch):
    import dashboard.model.backtest as bt

    before = bt.backtest.__wrapped__()["parameters"]
    changed = []
    for series in load_series():
        observations = tuple(o.model_copy(update={"value": o.value * 3 + 7}) if o.month_to > CALIBRATION[1] else o
                             for o in series.observations)
        changed.append(series.model_copy(update={"observations": observations}))
    monkeypatch.setattr(bt, "load_series", lambda: tuple(changed))
    after = bt.backtest.__wrapped__()
    assert after["parameters"] == before
    assert after["indicators"]["proxy_attacks"]["mae"] != backtest()["indicators"]["proxy_attacks"]["mae"]


def test_replay_json_has_the_contract_shape():
    out = replay_json(first="2023-01", last="2023-12", draws=20)
    assert out["from"] == "2023-01" and out["to"] == "2023-12" and out["branch"] is None
    assert [row["month"] for row in out["monthly"]][:2] == ["2023-01", "2023-02"] and len(out["monthly"]) == 12
    for name in ("proxy_attacks", "saudi_attacks", "maritime_attacks", "nuclear_advance"):
        assert out["units"][name]["unit"] and len(out["units"][name]["monthly"]) == 12
        assert all(b["p10"] <= b["p50"] <= b["p90"] for b in out["bands"][name])
    assert all(o["source_url"].startswith("http") for rows in out["observed"].values() for o in rows)
    assert any("Hamas" in e["label"] or "Gaza" in e["label"] for e in replay_json(first="2023-10", last="2023-10")["events"])


def cli(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], input=stdin, capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.parametrize("args, stdin, field", [
    (["replay", "--from", "2015-12"], "", "--from"),
    (["replay", "--to", "2025-13"], "", "--to"),
    (["replay", "--from", "2020-05", "--to", "2020-01"], "", "--to"),
    (["replay", "--branch", "2031-01", "--scenario", "-"], "{}", "branch"),
    (["replay", "--branch", "2020-01", "--scenario", "-"], '{"strikes_iraq": "lots"}', "strikes_iraq"),
    (["replay", "--branch", "2020-01", "--scenario", "-"], "[1, 2", "scenario"),
    (["replay", "--branch", "2020-01"], "", "--branch"),
    (["replay", "--draws", "0"], "", "--draws"),
])
def test_cli_replay_refuses_bad_input_in_one_line(args, stdin, field):
    done = cli(*args, stdin=stdin)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert (len(lines) == 1 and field in lines[0] and "allowed" in lines[0]) or "needs" in lines[0] or "JSON" in lines[0], lines


def test_cli_replay_branch_and_backtest_json():
    done = cli("replay", "--branch", "2020-01", "--scenario", "-", "--to", "2020-06",
               stdin='{"leadership_targeting": false, "strikes_iraq": "none"}')
    out = json.loads(done.stdout)
    assert out["branch"] == {"month": "2020-01", "scenario": {"leadership_targeting": False, "strikes_iraq": "none"}}
    assert out["monthly"][-1]["month"] == "2020-06"
    report = json.loads(cli("backtest", "--format", "json").stdout)
    assert set(report) >= {"calibration", "evaluation", "parameters", "indicators"}


def test_a_custom_rule_book_without_shock_rules_still_replays():
    book = RuleBook(rules=tuple(r for r in shipped_rules().rules if "shock" not in json.dumps(r.model_dump(mode="json")["when"])))
    quiet, full = replay(rules=book), replay()
    i = full.months.index("2024-01")
    assert quiet.monthly[i]["proxy_attacks"] < full.monthly[i]["proxy_attacks"] - 10
    assert WARM_UP_MONTHS > 0


def test_a_scenarios_month_0_is_the_replays_february_2021():
    run = replay()
    state = run.monthly[run.months.index("2021-02")]
    starts = {name: p.start.central for name, p in shipped_parameters().indicators.items()}
    assert starts == {name: round(state[name]) for name in starts}, "data/parameters.yaml start: rerun the replay"


def _cells(table: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines() if line.startswith("| ")]


def _same_cell(readme: str, fresh: str) -> bool:
    try:  # numbers may move in the last digit between machines (least squares, percentiles)
        shown, computed = (float(cell.split(":", maxsplit=1)[0].rstrip("%")) for cell in (readme, fresh))
        return shown == pytest.approx(computed, rel=0.05, abs=0.05) and readme.split(":")[1:] == fresh.split(":")[1:]
    except ValueError:
        return readme == fresh or ("/" in readme and all(_same_cell(a, b) for a, b in zip(readme.split("/"), fresh.split("/"))))


def test_the_readme_shows_the_backtest_as_the_cli_prints_it():
    import re
    from pathlib import Path

    from dashboard.model.backtest import backtest_table

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- backtest-table -->\n(.*?)\n<!-- /backtest-table -->", text, re.S)
    assert shown, "README.md needs the back-test between <!-- backtest-table --> markers"
    fresh = backtest_table(backtest("reciprocity")) + "\n\n" + backtest_table(backtest("coercive_deterrence"))
    readme_rows, fresh_rows = _cells(shown.group(1)), _cells(fresh)
    assert len(readme_rows) == len(fresh_rows)
    for mine, theirs in zip(readme_rows, fresh_rows):
        assert all(_same_cell(a, b) for a, b in zip(mine, theirs)), (
            f"README back-test row {mine} differs from `python -m dashboard backtest`: {theirs}")

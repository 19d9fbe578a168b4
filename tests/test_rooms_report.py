"""The instructor's tables, built from submissions without Streamlit, and the rate limits."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pandas as pd
import pytest

from dashboard.model import LEVER_LEVELS, RESPONSES, Scenario
from dashboard.model.baselines import baseline_for
from dashboard.model.predictions import model_changes, rises
from dashboard.rooms import report
from dashboard.rooms.limits import SUBMIT_LIMITS, wait_seconds
from dashboard.rooms.store import RoomSummary, SubmissionRow

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def row(scenario: Scenario, group: str = "", predictions=()) -> SubmissionRow:
    return SubmissionRow("id", group, scenario, tuple(predictions), AT)


def test_students_are_named_by_group_or_number_and_repeats_are_told_apart():
    rows = [row(Scenario(), "Hawks"), row(Scenario()), row(Scenario(), "Hawks")]
    assert report.student_labels(rows) == ["Hawks", "Student 2", "Hawks (2)"]


def test_prediction_shares_match_each_students_own_model_answer():
    hawk = Scenario(strikes_iran="sustained")
    dove = Scenario(strikes_syria="none", sanctions="lifted", jcpoa="full_return", response_doctrine="restraint")
    hawk_rises = rises(model_changes(hawk, baseline_for(hawk, "no_new_action")))
    dove_rises = rises(model_changes(dove, baseline_for(dove, "no_new_action")))
    assert "escalation_risk" in hawk_rises and "escalation_risk" not in dove_rises  # the case is telling
    rows = [row(hawk, predictions=["escalation_risk"]), row(dove, predictions=["escalation_risk"])]
    table = report.predictions_against_model(rows).set_index("response")
    assert table.loc["escalation_risk", "predicted rise"] == 100.0
    assert table.loc["escalation_risk", "model: rise"] == 50.0
    assert table.loc["escalation_risk", "prediction matched the model"] == 50.0
    assert report.agreement(rows[0]) == sum((n in hawk_rises) == (n == "escalation_risk") for n in RESPONSES)


def test_lever_counts_keep_every_level_in_order():
    counts = {lever: {level: i for i, level in enumerate(levels)} for lever, levels in LEVER_LEVELS.items()}
    frame = report.lever_counts(RoomSummary(3, counts, dict.fromkeys(RESPONSES, 0), AT))
    sanctions = frame[frame.lever == "sanctions"].sort_values("order")
    assert list(sanctions["level"]) == list(LEVER_LEVELS["sanctions"])
    assert list(sanctions["students"]) == [0, 1, 2, 3, 4]


def test_outcomes_hold_one_path_per_submission():
    rows = [row(Scenario(months=6)), row(Scenario(months=12), "B")]
    frame = report.outcomes(rows, "escalation_risk")
    assert frame.groupby("student").size().to_dict() == {"Student 1": 7, "B": 13}
    assert report.outcomes([], "escalation_risk").empty


def test_the_csv_has_a_row_per_submission_with_levers_as_in_links():
    rows = [row(Scenario(direct_talks=True), "Doves", ["gulf_alignment"]), row(Scenario(months=6))]
    table = pd.read_csv(io.StringIO(report.to_csv(rows)), keep_default_na=False)
    assert list(table["student"]) == ["Doves", "Student 2"]
    assert list(table["direct_talks"].astype(str).str.lower()) == ["true", "false"]
    assert table.loc[0, "predicted_rises"] == "gulf_alignment"
    assert "escalation_risk_change_at_month_12" in table.columns
    assert table.loc[1, "escalation_risk_change_at_month_6"] != ""  # a short run is read at its end


@pytest.mark.parametrize("history, now, wait", [
    ([], 100.0, 0.0),               # first submission
    ([98.0], 100.0, 3.0),           # 1 per 5 s
    ([90.0], 100.0, 0.0),
    ([float(t) for t in range(0, 600, 30)], 590.0, 10.0),  # 20 in 10 min: wait for the oldest to age out
])
def test_rate_limits_say_how_long_to_wait(history, now, wait):
    assert wait_seconds(history, now, SUBMIT_LIMITS) == pytest.approx(wait)

"""The class at a glance, from a room's submissions: tables for the instructor's view.

Headless (pandas and the model only). Each submission is run through the model once; the
runs are cached by scenario, so a live view that refreshes every few seconds re-runs only
the new ones.
"""

from __future__ import annotations

import io
from functools import lru_cache

import pandas as pd

from dashboard.model import LEVERS, RESPONSES, Scenario, simulate
from dashboard.model.baselines import baseline_for
from dashboard.model.predictions import model_changes, prediction_month, rises

from .store import RoomSummary, SubmissionRow

AGAINST = "no_new_action"  # students predict against no new US action, as the page says


@lru_cache(maxsize=512)
def trajectories(scenario: Scenario) -> dict[str, tuple[float, ...]]:
    """Every indicator month by month for one scenario (small: no trace is kept)."""
    monthly = simulate(scenario).monthly
    return {name: tuple(state[name] for state in monthly) for name in monthly[0]}


@lru_cache(maxsize=512)
def changes_against_no_action(scenario: Scenario) -> dict[str, float]:
    return model_changes(scenario, baseline_for(scenario, AGAINST))


def model_rises(scenario: Scenario) -> tuple[str, ...]:
    """The responses the model has rising against no new US action, in RESPONSES order."""
    rising = rises(changes_against_no_action(scenario))
    return tuple(name for name in RESPONSES if name in rising)


def student_labels(rows: list[SubmissionRow]) -> list[str]:
    """A name per submission: its group, else 'Student n'; repeated names get (2), (3)..."""
    seen: dict[str, int] = {}
    labels = []
    for number, row in enumerate(rows, start=1):
        name = row.group or f"Student {number}"
        seen[name] = seen.get(name, 0) + 1
        labels.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return labels


def lever_counts(summary: RoomSummary) -> pd.DataFrame:
    """One row per lever and level: how many students chose it (zeros kept, levels in order)."""
    return pd.DataFrame([{"lever": lever, "level": level, "order": rank, "students": n}
                         for lever, levels in summary.lever_counts.items()
                         for rank, (level, n) in enumerate(levels.items())])


def outcomes(rows: list[SubmissionRow], indicator: str) -> pd.DataFrame:
    """Every submission's path of one indicator: student, month, value."""
    frames = [pd.DataFrame({"student": label, "month": range(len(path)), "value": path})
              for label, row in zip(student_labels(rows), rows)
              for path in [trajectories(row.scenario)[indicator]]]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["student", "month", "value"])


def predictions_against_model(rows: list[SubmissionRow]) -> pd.DataFrame:
    """Per response: the share of students who predicted a rise, the share of their scenarios
    in which the model has one, and the share whose prediction matched the model's answer."""
    rising = [model_rises(row.scenario) for row in rows]
    table = []
    for name in RESPONSES:
        predicted = [name in row.predictions for row in rows]
        model = [name in answer for answer in rising]
        agree = [p == m for p, m in zip(predicted, model)]
        table.append({"response": name, "predicted rise": _share(predicted), "model: rise": _share(model),
                      "prediction matched the model": _share(agree)})
    return pd.DataFrame(table)


def agreement(row: SubmissionRow) -> int:
    """How many of the ten responses a student called the way the model does."""
    model = model_rises(row.scenario)
    return sum((name in row.predictions) == (name in model) for name in RESPONSES)


def submissions_table(rows: list[SubmissionRow]) -> pd.DataFrame:
    """One row per submission: who, when, the levers, the predictions, and the model's answer."""
    table = []
    for label, row in zip(student_labels(rows), rows):
        changes = changes_against_no_action(row.scenario)
        month = prediction_month(row.scenario)
        table.append({
            "student": label, "group": row.group, "submitted_at": row.submitted_at.isoformat(timespec="seconds"),
            **{lever: row.scenario.level(lever) for lever in LEVERS}, "months": row.scenario.months,
            "predicted_rises": ";".join(row.predictions),
            "model_rises": ";".join(model_rises(row.scenario)),
            "agreement_of_10": agreement(row),
            **{f"{name}_change_at_month_{month}": round(changes[name], 2) for name in RESPONSES},
        })
    columns = ["student", "group", "submitted_at", *LEVERS, "months", "predicted_rises", "model_rises", "agreement_of_10"]
    return pd.DataFrame(table) if table else pd.DataFrame(columns=columns)


def to_csv(rows: list[SubmissionRow]) -> str:
    buffer = io.StringIO()
    submissions_table(rows).to_csv(buffer, index=False)
    return buffer.getvalue()


def _share(flags: list[bool]) -> float:
    return round(100 * sum(flags) / len(flags), 1) if flags else 0.0

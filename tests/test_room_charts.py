"""The instructor's tables and charts get their rows from dashboard.charts.rooms, not the page."""

import pandas as pd

from dashboard.charts.rooms import MODEL_RISE, PREDICTED, lever_counts_table, outcomes_table, predictions_in_words
from dashboard.model.labels import response_labels


def test_predictions_in_words_give_two_rows_a_response_in_words():
    versus = pd.DataFrame({"response": ["proxy_attacks", "gulf_alignment"], "predicted rise": [50.0, 0.0],
                           "model: rise": [100.0, 25.0], "prediction matched the model": [50.0, 75.0]})
    long = predictions_in_words(versus, response_labels())
    assert len(long) == 4 and set(long["series"]) == {PREDICTED, MODEL_RISE}
    row = long[(long["series"] == MODEL_RISE) & (long["response"] == response_labels()["gulf_alignment"])]
    assert row["percent"].tolist() == [25.0]


def test_the_tables_put_levels_and_months_down_and_levers_and_students_across():
    counts = pd.DataFrame({"lever": ["Sanctions", "Sanctions", "JCPOA path"], "level": ["eased", "current", "outside"],
                           "order": [1, 2, 0], "students": [2, 1, 3]})
    table = lever_counts_table(counts)
    assert table.loc["eased", "Sanctions"] == 2 and table.loc["eased", "JCPOA path"] == 0
    paths = pd.DataFrame({"student": ["a", "a", "b", "b"], "month": [0, 1, 0, 1], "value": [1.04, 2.0, 3.0, 4.26]})
    assert outcomes_table(paths).loc[1, "b"] == 4.3

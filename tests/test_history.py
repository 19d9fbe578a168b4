"""History is the first test: every episode, under the lenses it is expected to hold."""

import re
from pathlib import Path

import pytest

from dashboard.model.history import check, load_episodes, reproduction_table

EPISODES = load_episodes()
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize(
    "episode, lens",
    [(e, lens) for e in EPISODES for lens in e.expected_under],
    ids=[f"{e.id}-{lens}" for e in EPISODES for lens in e.expected_under],
)
def test_episode_is_reproduced(episode, lens):
    result = check(episode, lens)
    missed = {r: round(result.differences[r], 2) for r in episode.observed if not result.matches(r)}
    assert not missed, f"{episode.id} under {lens}: wrong direction for {missed} (expected {episode.observed})"


def test_the_article_episodes_are_all_there():
    ids = {e.id for e in EPISODES}
    assert {"maximum_pressure_2018_2020", "soleimani_jan_2020", "syria_strike_feb_2021"} <= ids
    assert len(EPISODES) >= 8


def test_readme_table_is_current():
    text = README.read_text()
    table = re.search(r"<!-- history-table -->\n(.*?)\n<!-- /history-table -->", text, re.S)
    assert table, "README.md needs the history table between <!-- history-table --> markers"
    assert table.group(1).strip() == reproduction_table().strip(), "regenerate it: python -m dashboard history --markdown"

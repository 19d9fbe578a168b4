"""The history replay's record (data/timeline.yaml): it loads, covers every month, cites
sources with URLs, matches known months, and a malformed copy is refused by field."""

from pathlib import Path

import pytest
import yaml

from dashboard.model.errors import InputError
from dashboard.model.scenario import LEVER_LEVELS
from dashboard.model.shocks import SHOCKS
from dashboard.model.timeline import TIMELINE_FILE, TIMELINE_LEVERS, load_timeline, month_range

ROOT = Path(__file__).resolve().parents[1]
SOURCES = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
TIMELINE = load_timeline(TIMELINE_FILE)
MONTHS = TIMELINE.months()
LEVELS = dict(zip(MONTHS, TIMELINE.levers_by_month()))
SHOCKS_ON = dict(zip(MONTHS, TIMELINE.shocks_by_month()))


def test_the_shipped_timeline_covers_2016_to_2025_with_every_lever_every_month():
    assert (TIMELINE.start, TIMELINE.end) == ("2016-01", "2025-12")
    assert month_range("2016-01", "2025-12") == MONTHS and len(MONTHS) == 120
    for month, levels in LEVELS.items():
        assert set(levels) == set(TIMELINE_LEVERS), month
        assert all(levels[lever] in LEVER_LEVELS[lever] for lever in levels), month


def test_every_shock_name_is_known_and_each_is_used():
    assert {shock.shock for shock in TIMELINE.shocks} == set(SHOCKS)


def test_every_source_key_resolves_to_an_entry_with_a_url():
    keys = {key for item in (*TIMELINE.levers, *TIMELINE.shocks) for key in item.source.split()}
    assert keys
    problems = [key for key in sorted(keys)
                if key not in SOURCES or not str(SOURCES[key].get("url", "")).startswith("http")]
    assert not problems, f"source keys without a sources.yaml entry that has an http(s) url: {problems}"


def test_strikes_return_to_none_after_each_strike_month():
    """Strikes are single-month events in this record: none lasts beyond four months in a row."""
    for lever in ("strikes_syria", "strikes_iraq", "strikes_iran"):
        run = 0
        for month in MONTHS:
            run = run + 1 if LEVELS[month][lever] != "none" else 0
            assert run <= 4, f"{lever} stays on through {month}"


@pytest.mark.parametrize("month, lever, expected", [
    ("2016-06", "jcpoa", "full_return"),
    ("2016-06", "direct_talks", "true"),
    ("2016-06", "sanctions", "eased"),
    ("2018-06", "jcpoa", "outside"),
    ("2019-06", "sanctions", "maximum"),
    ("2020-01", "leadership_targeting", "true"),
    ("2020-02", "leadership_targeting", "false"),
    ("2020-02", "strikes_iraq", "none"),
    ("2021-06", "jcpoa", "indirect_talks"),
    ("2022-10", "jcpoa", "outside"),
    ("2025-06", "strikes_iran", "limited"),
    ("2025-07", "strikes_iran", "none"),
    ("2025-12", "sanctions", "maximum"),
])
def test_known_months(month, lever, expected):
    assert LEVELS[month][lever] == expected


def test_the_february_2024_strikes_in_iraq_are_at_least_limited():
    ranks = LEVER_LEVELS["strikes_iraq"]
    assert ranks.index(LEVELS["2024-02"]["strikes_iraq"]) >= ranks.index("limited")


def test_known_shock_months():
    assert "saudi_yemen_truce" in SHOCKS_ON["2022-05"] and "yemen_war" not in SHOCKS_ON["2022-05"]
    assert {"gaza_war", "red_sea_campaign"} <= SHOCKS_ON["2023-11"]
    assert SHOCKS_ON["2019-09"] >= {"abqaiq_attack", "yemen_war"} and "abqaiq_attack" not in SHOCKS_ON["2019-10"]
    assert "israel_iran_exchange" in SHOCKS_ON["2025-06"] and "israel_iran_exchange" not in SHOCKS_ON["2024-05"]
    assert SHOCKS_ON["2016-01"] == {"yemen_war"}


def _malformed(tmp_path, edit) -> str:
    data = yaml.safe_load(TIMELINE_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "timeline.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_timeline(path)
    return "\n".join(caught.value.problems)


def test_a_level_that_does_not_exist_is_refused_by_name(tmp_path):
    text = _malformed(tmp_path, lambda d: d["levers"][3]["set"].update(sanctions="crushing"))
    assert "levers.3.set" in text and "sanctions" in text and "crushing" in text


def test_a_month_that_does_not_exist_is_refused_by_name(tmp_path):
    text = _malformed(tmp_path, lambda d: d["levers"][5].update(month="2020-13"))
    assert "levers.5.month" in text and "2020-13" in text


def test_a_shock_outside_the_timeline_is_refused_by_name(tmp_path):
    text = _malformed(tmp_path, lambda d: d["shocks"][0].update({"to": "2026-03"}))
    assert "shock yemen_war" in text and "outside" in text


def test_the_first_change_must_set_every_lever(tmp_path):
    text = _malformed(tmp_path, lambda d: d["levers"][0]["set"].pop("direct_talks"))
    assert "first lever change" in text and "direct_talks" in text


def test_an_unknown_source_key_is_refused_by_name(tmp_path):
    text = _malformed(tmp_path, lambda d: d["levers"][1].update(source="no_such_source_key"))
    assert "levers.1.source" in text and "no_such_source_key" in text

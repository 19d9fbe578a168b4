"""The indicator registry (issue #14): one entry per indicator in data/parameters.yaml holds its
words, theatre, colour, good direction, map places and answer; the reading thresholds sit beside
it. Every failure reads ``file: what is wrong, how to fix it``.

1. The shipped registry is whole: every response has each field, every theatre a response,
   every colour one owner; a broken copy is refused naming each problem.
2. No code keeps its own table: no module lists responses by hand, repeats a response's words or
   a theatre's title, or reads a data file outside the loaders. Places not yet moved are listed
   in KNOWN with the reason; they are reported as expected failures, so each one is named.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from dashboard.model import RESPONSES, shipped_parameters
from dashboard.model.errors import InputError
from dashboard.model.parameters import PARAMETERS_FILE, load_parameters
from dashboard.model.registry import (
    answers,
    colours,
    map_places,
    reading,
    responses_on,
    rise_is_good,
    sentence_label,
    theatre_titles,
    theatres,
)
from dashboard.model.registry_schema import registry_problems

ROOT = Path(__file__).resolve().parents[1]
CODE = ROOT / "dashboard"

# --- 1. the registry -------------------------------------------------------------------------


def test_the_shipped_registry_has_no_problems():
    parameters = shipped_parameters()
    assert registry_problems(dict(parameters.indicators), parameters.theatres) == []


@pytest.mark.parametrize("name", RESPONSES)
def test_every_response_has_each_registry_field(name):
    entry = shipped_parameters().indicators[name]
    missing = [field for field in ("label", "short", "sentence", "meaning", "theatre", "colour", "good_news")
               if not getattr(entry, field)]
    assert not missing, f"parameters.yaml: indicators.{name}: no {', '.join(missing)}; add them to its entry"
    assert name in colours() and name in {n for t in theatres() for n in t.responses}


def test_every_theatre_is_drawn_and_every_response_in_one_theatre():
    drawn = [name for t in theatres() for name in t.responses]
    assert sorted(drawn) == sorted(RESPONSES), "parameters.yaml: each response belongs to exactly one theatre"
    assert set(theatre_titles("over_time")) | set(theatre_titles("escalation")) == set(theatre_titles())
    assert "escalation_risk" in responses_on("escalation") and "proxy_attacks" not in responses_on("escalation")


def test_the_registry_answers_what_the_old_tables_held():
    assert rise_is_good("gulf_alignment") and not rise_is_good("escalation_risk")
    assert sentence_label("escalation_risk") == "the risk of a wider war"
    assert answers()["maritime_attacks"].where == "Gulf of Oman and shipping"
    assert [p.key for p in map_places() if p.indicator == "saudi_attacks"] == ["saudi_arabia", "yemen"]
    assert len(set(colours().values())) == len(RESPONSES)


def test_every_reading_threshold_has_a_range_and_a_reason():
    for name, threshold in reading():
        assert threshold.size.low <= threshold.value <= threshold.size.high, f"parameters.yaml: reading.{name}"
        assert len(threshold.why.split()) >= 5, f"parameters.yaml: reading.{name}.why: say why, in a sentence"


def test_the_registrys_words_are_plain_words():
    from dashboard.model.labels import contract_names_in

    for name in RESPONSES:
        entry = shipped_parameters().indicators[name]
        texts = [entry.sentence, entry.theatre, *(p.label for p in entry.map), *(p.marker for p in entry.map)]
        texts += [entry.answer.where, entry.answer.action] if entry.answer else []
        for text in texts:
            assert not contract_names_in(text or ""), f"parameters.yaml: indicators.{name}: {text!r} names a contract name"


def broken(tmp_path: Path, edit) -> list[str]:
    raw = yaml.safe_load(PARAMETERS_FILE.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "parameters.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_parameters(path)
    return caught.value.problems


def test_a_response_without_colour_or_theatre_is_refused_saying_how_to_fix_it(tmp_path):
    def edit(raw):
        del raw["indicators"]["escalation_risk"]["colour"]
        raw["indicators"]["energy_disruption"]["theatre"] = "The moon"
        raw["indicators"]["gulf_alignment"]["colour"] = raw["indicators"]["proxy_attacks"]["colour"]

    text = "\n".join(broken(tmp_path, edit))
    assert text.startswith("parameters.yaml: ")
    assert "indicators.escalation_risk: no colour; add `colour: \"#RRGGBB\"`" in text
    assert "indicators.energy_disruption.theatre: 'The moon' is not a theatre; use one of Iraq and Syria" in text
    assert "indicators.gulf_alignment.colour: #D55E00 is already the colour of proxy_attacks; pick another" in text


def test_an_empty_theatre_and_a_driver_with_a_theatre_are_refused(tmp_path):
    def edit(raw):
        raw["theatres"].append({"title": "Mars", "panels": ["over_time"]})
        raw["indicators"]["us_retaliation"]["theatre"] = "Washington"

    text = "\n".join(broken(tmp_path, edit))
    assert "theatres: 'Mars' has no response; name it in a response's `theatre:` or remove it" in text
    assert "indicators.us_retaliation: a driver has no theatre, answer or map place; remove them" in text


def test_a_missing_reading_threshold_is_named(tmp_path):
    text = "\n".join(broken(tmp_path, lambda raw: raw["reading"].pop("surge")))
    assert "parameters.yaml: reading.surge: Field required" in text


# --- 2. no table of responses outside the registry ----------------------------------------------

# Places still holding a fact the registry should hold, by file and the text found there; each
# with what to do. Reported as expected failures (the test names them); remove an entry once fixed.
KNOWN = {
    ("dashboard/model/indicators.py", "RESPONSES"): ("the contract names themselves, in order: links, scenario "
                                                     "files and rules spell them; deriving them from data at "
                                                     "import is a larger change (keep)"),
}


def registry_words() -> dict[str, str]:
    """Text that belongs to the registry (several words, so ordinary words are not flagged) -> where."""
    words = dict.fromkeys(theatre_titles(), "theatres")
    for name in RESPONSES:
        entry = shipped_parameters().indicators[name]
        for field in ("label", "sentence", "meaning"):
            words[getattr(entry, field)] = f"indicators.{name}.{field}"
        if entry.answer:
            words[entry.answer.action] = f"indicators.{name}.answer.action"
        for place in entry.map:
            words[place.label] = f"indicators.{name}.map.{place.key}"
    return {text: where for text, where in words.items() if " " in text}


def hand_tables() -> list[tuple[str, int, str, str]]:
    """(file, line, what is found, how to fix it) for every place in the code that keeps a fact of
    the registry: a literal listing two or more responses, or a response's words or a theatre's title."""
    words = registry_words()
    found = []
    for path in sorted(CODE.rglob("*.py")):
        file = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
                items = node.keys if isinstance(node, ast.Dict) else node.elts
                names = [i.value for i in items if isinstance(i, ast.Constant) and i.value in RESPONSES]
                if len(names) >= 2:
                    key = "RESPONSES" if len(names) == len(RESPONSES) and file.endswith("indicators.py") else names[0]
                    fix = ("put the fact in each response's entry of data/parameters.yaml and read it through "
                           "dashboard.model.registry")
                    found.append((file, node.lineno, key, f"a table lists responses by hand ({', '.join(names)}); {fix}"))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in words:
                fix = "read it from dashboard.model.registry instead"
                found.append((file, node.lineno, node.value, f"repeats the registry's {words[node.value]}; {fix}"))
    return found


def reads_data_files() -> list[tuple[str, int, str, str]]:
    """Pages and charts that read a file themselves instead of asking a loader of the model."""
    found = []
    for path in sorted([*(CODE / "ui").rglob("*.py"), *(CODE / "charts").rglob("*.py")]):
        file = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("safe_load", "read_text", "read_bytes"):
                fix = "load it in dashboard/model with errors.load_data_file and import the loader"
                found.append((file, node.lineno, node.attr, f"reads a data file in the view; {fix}"))
    return found


PLACES = hand_tables() + reads_data_files()
KNOWN_FILES_READ = {
    ("dashboard/charts/region_map.py", "read_text"): ("the map's outlines (GeoJSON, not YAML): a loader in "
                                                      "the model would only move the line"),
}


def test_no_code_keeps_a_table_of_the_registry_outside_the_known_places():
    unknown = [f"{file}:{line}: {what}" for file, line, key, what in PLACES
               if (file, key) not in KNOWN and (file, key) not in KNOWN_FILES_READ]
    assert not unknown, "\n".join(unknown)


@pytest.mark.parametrize("file,line,key,what", PLACES, ids=[f"{f}:{n}" for f, n, _, _ in PLACES])
def test_each_known_place_still_missing_is_named(file, line, key, what):
    reason = KNOWN.get((file, key)) or KNOWN_FILES_READ.get((file, key))
    if reason:
        pytest.xfail(f"{file}:{line}: {what} — known: {reason}")
    pytest.fail(f"{file}:{line}: {what}")


def test_the_known_list_has_no_stale_entries():
    found = {(file, key) for file, _, key, _ in PLACES}
    stale = [f"{file}: {key!r}" for file, key in [*KNOWN, *KNOWN_FILES_READ]
             if (file, key) not in found and (ROOT / file).exists()]
    assert not stale, "tests/test_registry.py: KNOWN lists places that are fixed now; remove: " + ", ".join(stale)

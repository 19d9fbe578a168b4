"""Rules versions: the hash the app reports, the archive under data/versions/, the CLI step."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
import yaml

from dashboard.cli import main
from dashboard.model import DEFAULT_SCENARIO, RESPONSES, Scenario, simulate, versions
from dashboard.model.parameters import PARAMETERS_FILE
from dashboard.model.rules import RULES_FILE

PAST = "2dc0e5572f"  # data/rules.yaml and data/parameters.yaml of commit 68e82d3


def independent_hash(rules_text: str, parameters_text: str) -> str:
    """The version as the module's docstring defines it, written out again here."""
    digest = hashlib.sha256()
    for text in (rules_text, parameters_text):
        digest.update(json.dumps(yaml.safe_load(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                                 default=str).encode() + b"\0")
    return digest.hexdigest()[:10]


def test_the_app_reports_the_hash_of_the_current_files():
    expected = independent_hash(RULES_FILE.read_text(encoding="utf-8"), PARAMETERS_FILE.read_text(encoding="utf-8"))
    assert versions.rules_version() == expected


def test_line_endings_indentation_and_comments_keep_the_version_a_changed_value_does_not():
    rules, parameters = RULES_FILE.read_text(encoding="utf-8"), PARAMETERS_FILE.read_text(encoding="utf-8")
    same = versions.content_version(rules.replace("\n", "\r\n"), "# a new comment\n" + parameters)
    assert same == versions.rules_version()
    assert versions.content_version(rules.replace("central: ", "central: 1", 1), parameters) != same


def test_the_current_files_are_archived():
    """Fails after data/rules.yaml or data/parameters.yaml changes until the new version is
    archived (``python -m dashboard versions --archive --note '...'``): links made with it
    could not be reopened under it after the next change."""
    assert versions.archive_problems() == []


@pytest.mark.parametrize("entry", versions.index(), ids=lambda e: e.version)
def test_every_listed_version_loads_under_todays_schema(entry):
    edition = versions.edition(entry.version)
    assert edition.version == entry.version
    assert len(edition.rules.rules) > 0 and set(RESPONSES) <= set(edition.parameters.indicators)


def test_a_past_version_is_shipped_and_gives_other_figures():
    assert versions.archived(PAST) and versions.rules_version() != PAST
    past = versions.edition(PAST)
    old, new = simulate(DEFAULT_SCENARIO, past.rules, past.parameters), simulate(DEFAULT_SCENARIO)
    assert abs(old.at(12)["nuclear_advance"] - new.at(12)["nuclear_advance"]) > 5


def test_a_past_version_keeps_its_own_numbers_and_takes_only_added_fields():
    old = {"indicators": {"a": {"start": 1, "label": "old"}}, "deterrence": [1, 2]}
    today = {"indicators": {"a": {"start": 9, "label": "new", "colour": "#000000"}}, "deterrence": [3],
             "theatres": ["x"]}
    assert versions.with_additions(old, today) == {
        "indicators": {"a": {"start": 1, "label": "old", "colour": "#000000"}}, "deterrence": [1, 2], "theatres": ["x"]}


def test_the_archived_books_are_recognised_for_their_parameters():
    past = versions.edition(PAST)
    assert versions.parameters_for(past.rules) is past.parameters
    assert versions.version_of(past.rules) == PAST
    assert versions.parameters_for(versions.edition(versions.rules_version()).rules) is None


def test_an_unknown_version_is_refused_with_its_name():
    with pytest.raises(versions.InputError, match="0123456789"):
        versions.edition("0123456789")


def test_cli_archives_the_current_files_once_and_lists_them(tmp_path, monkeypatch, capsys):
    shutil.copytree(versions.VERSIONS_DIR, tmp_path / "versions")
    monkeypatch.setattr(versions, "VERSIONS_DIR", tmp_path / "versions")
    monkeypatch.setattr(versions, "INDEX_FILE", tmp_path / "versions" / "index.yaml")
    versions.index.cache_clear()
    try:
        assert main(["versions", "--archive", "--note", "a test"]) == 0
        assert main(["versions", "--archive"]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == f"{versions.rules_version()} is already archived"
        assert main(["versions"]) == 0
        listed = capsys.readouterr().out
        assert PAST in listed and f"{versions.rules_version()}  " in listed and "(current)" in listed
        assert "problem" not in listed
    finally:
        versions.index.cache_clear()


def test_archive_copies_the_current_files_in(tmp_path, monkeypatch):
    monkeypatch.setattr(versions, "VERSIONS_DIR", tmp_path)
    monkeypatch.setattr(versions, "INDEX_FILE", tmp_path / "index.yaml")
    versions.index.cache_clear()
    try:
        version, added = versions.archive("a test", versions.dt.date(2030, 1, 2))
        assert added and version == versions.rules_version()
        assert (tmp_path / version / "rules.yaml").read_bytes() == RULES_FILE.read_bytes()
        assert versions.entry(version).note == "a test" and str(versions.entry(version).date) == "2030-01-02"
        assert versions.archive_problems() == []
    finally:
        versions.index.cache_clear()


def test_an_archived_version_runs_any_scenario():
    past = versions.edition(PAST)
    result = simulate(Scenario(sanctions="lifted", months=6), past.rules, past.parameters)
    assert len(result.monthly) == 7


def test_a_version_has_the_same_figures_only_when_its_rules_and_numbers_are_equal():
    assert versions.same_figures(versions.rules_version()) and not versions.same_figures(PAST)
    assert not versions.same_figures("0123456789")  # unknown: nothing to compare with
    for entry in versions.index():
        past = versions.edition(entry.version)
        equal = simulate(Scenario(strikes_iraq="repeated"), past.rules, past.parameters).monthly == simulate(
            Scenario(strikes_iraq="repeated")).monthly
        assert versions.same_figures(entry.version) <= equal, entry.version  # never claims equal figures wrongly

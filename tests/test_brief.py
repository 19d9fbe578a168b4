"""The scenario brief's content and its Markdown (dashboard/brief), and `python -m dashboard brief`."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from dashboard.brief.build import Request, build, share_link
from dashboard.brief.content import CAVEAT, Bands, assemble
from dashboard.brief.markdown import brief_markdown
from dashboard.brief.pdf import FONT_DIR
from dashboard.cli import main
from dashboard.model import DEFAULT_SCENARIO, LEVER_LEVELS, RESPONSES, Scenario, shipped_rules, simulate
from dashboard.model.baselines import baseline_for
from dashboard.model.ensemble import ensemble
from dashboard.model.explain import in_a_sentence
from dashboard.model.labels import lever_label, response_label
from dashboard.model.rules import DATA_DIR
from dashboard.model.versions import rules_version

EXPECTED = Path(__file__).parent / "expected"
FIXED = Scenario(strikes_iraq="repeated", sanctions="eased", jcpoa="interim_deal", direct_talks=True, months=18)
FIXED_DAY = dt.date(2026, 11, 29)
FIXED_LINK = "https://example.org/?strikes_iraq=repeated&sanctions=eased&jcpoa=interim_deal&direct_talks=true&months=18&month=9"


def fixed_markdown() -> str:
    return build(Request(FIXED, FIXED_LINK, month=9, format="md", today=FIXED_DAY))


def test_the_markdown_brief_of_a_fixed_scenario_equals_the_stored_one():
    """A change of wording, layout or figures shows here. After a deliberate change (a rule's
    size moves the figures too), write the file again: UPDATE_EXPECTED=1 python -m pytest tests/test_brief.py."""
    stored = EXPECTED / "brief_fixed_scenario.md"
    made = fixed_markdown().replace(rules_version(), "{rules version}")  # the figures say when the rules change
    if os.environ.get("UPDATE_EXPECTED"):
        stored.write_text(made, encoding="utf-8")
    assert made == stored.read_text(encoding="utf-8"), "the brief changed; see this test's docstring"


def test_the_markdown_brief_says_what_the_issue_asks():
    made = fixed_markdown()
    result, baseline = simulate(FIXED), simulate(baseline_for(FIXED, "no_new_action"))
    assert in_a_sentence(result, baseline, 9, "no new US action") in made
    for lever in LEVER_LEVELS:
        if lever != "lens":
            assert lever_label(lever) in made
    assert "**Sanctions:** eased (status quo: maximum pressure)" in made  # what differs from the status quo
    assert "**Strikes in Syria:** limited\n" in made  # the same as the status quo: no "(status quo: ...)"
    for name in RESPONSES:  # every headline figure, with its baseline
        line = next(row for row in made.splitlines() if row.startswith(f"| {response_label(name)} |"))
        assert f"| {result.at(9)[name]:.1f} | {baseline.at(9)[name]:.1f} |" in line
    assert CAVEAT in made and "reciprocity" in made.lower() and "force does not deter" in made
    assert f"<{FIXED_LINK}>" in made and rules_version() in made
    assert "10–90 %" not in made  # no bands unless the draws were run


def test_the_three_rules_are_those_that_move_the_results_most_against_the_baseline_with_citations():
    result, baseline = simulate(FIXED), simulate(baseline_for(FIXED, "no_new_action"))
    brief = assemble(result, baseline, shipped_rules(), 9, "no_new_action", FIXED_LINK)
    assert len(brief.rules) == 3
    titles = {rule.title: rule for rule in shipped_rules().rules}

    def moved(rule_id: str, run) -> float:
        return sum(change for m, name, rule, change in run.trace if rule == rule_id and m <= 9 and name in RESPONSES)

    gaps = []
    for rule in shipped_rules().rules:
        per_response = {}
        for m, name, r, change in [*result.trace, *[(m, n, r, -c) for m, n, r, c in baseline.trace]]:
            if r == rule.id and m <= 9 and name in RESPONSES:
                per_response[name] = per_response.get(name, 0.0) + change
        gaps.append((sum(abs(v) for v in per_response.values()), rule.title))
    top = [title for _, title in sorted(gaps, reverse=True)[:3]]
    assert [rule.title for rule in brief.rules] == top
    for line in brief.rules:
        source = titles[line.title].source
        assert line.citation.startswith("the seed article") if source.startswith("article") else line.citation
        assert "of what sets these results apart from no new US action; mostly " in line.effect


def test_the_status_quo_against_itself_still_names_the_rules_that_drive_the_run():
    status_quo = simulate(DEFAULT_SCENARIO)
    brief = assemble(status_quo, status_quo, shipped_rules(), 12, "status_quo", "http://x/")
    assert len(brief.rules) == 3 and "of the rules' pushes in this run" in brief.rules[0].effect
    assert brief.changed == ()


def test_bands_appear_only_when_drawn_and_are_the_ensembles():
    runs = ensemble(FIXED, 100, 3)
    made = build(Request(FIXED, FIXED_LINK, month=9, format="md", bands=Bands.of(runs)))
    bands = runs.bands()
    assert "100 draws" in made and "seed 3" in made
    from dashboard.model import INDICATORS
    row = next(r for r in made.splitlines() if r.startswith(f"| {response_label('proxy_attacks')} |"))
    i = INDICATORS.index("proxy_attacks")
    assert row.endswith(f"| {bands[9, i, 0]:.1f}–{bands[9, i, 2]:.1f} |")


def test_the_share_link_carries_the_levers_the_month_and_the_rules_version():
    link = share_link(FIXED, 9, "status_quo", "https://example.org/app?old=1")
    assert link == ("https://example.org/app?strikes_iraq=repeated&sanctions=eased&jcpoa=interim_deal"
                    f"&direct_talks=true&months=18&month=9&baseline=status_quo&v={rules_version()}")


# --- the font: every character the brief can print ---------------------------------------------

def _characters_of_the_data() -> set[str]:
    found = set()
    for name in ("labels.yaml", "parameters.yaml", "rules.yaml", "sources.yaml"):
        found |= set((DATA_DIR / name).read_text(encoding="utf-8"))
    return {c for c in found if c.isprintable() and c != "\t"}


@pytest.mark.parametrize("font", ["DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"])
def test_the_embedded_font_has_every_character_the_brief_uses(font):
    cmap = TTFont(FONT_DIR / font).getBestCmap()
    statuses = [Scenario(**{lever: levels[-1]}) for lever, levels in LEVER_LEVELS.items()] + [DEFAULT_SCENARIO]
    written = "".join(brief_markdown(assemble(simulate(s), simulate(baseline_for(s, "no_new_action")),
                                              shipped_rules(), 12, "no_new_action", "http://x/")) for s in statuses)
    missing = sorted({c for c in _characters_of_the_data() | set(written) | set("≈–—→·…%✓✗é") if ord(c) >= 32}
                     - {chr(code) for code in cmap})
    assert not missing, f"{font} lacks {missing}: add their block to the cut (data/fonts/README.md)"


# --- the CLI -----------------------------------------------------------------------------------

def run_main(capsys, monkeypatch, *args, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_markdown_to_standard_output_uses_the_base_url_and_the_month(capsys, monkeypatch):
    code, out, err = run_main(capsys, monkeypatch, "brief", "--scenario", "-", "--format", "md", "--month", "7",
                              "--base-url", "https://dash.example.org/", stdin='{"sanctions": "lifted"}')
    assert code == 0, err
    assert out.startswith("# US–Iran policy options: scenario brief")
    assert f"<https://dash.example.org/?sanctions=lifted&month=7&v={rules_version()}>" in out
    assert "## Headline at month 7," in out


def test_cli_writes_a_pdf_file(tmp_path, capsys, monkeypatch):
    target = tmp_path / "brief.pdf"
    code, _, err = run_main(capsys, monkeypatch, "brief", "--paper", "letter", "--out", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-") and "http://localhost:8501/?month=12" in err


@pytest.mark.parametrize("args, stdin, words", [
    (["--scenario", "-"], '{"sanctions": "crippling"}', "sanctions: 'crippling' is not allowed; allowed: lifted"),
    (["--scenario", "-"], '{"morale": 3}', "morale"),
    (["--scenario", "-"], "{not json", "scenario"),
    (["--rules", "-"], "- id: only_rule\n  title: x\n", "rules: rule 'only_rule'"),
    (["--month", "30"], "", "--month: 30 is out of range; allowed: a whole number from 1 to 24"),
    (["--paper", "a3"], "", "invalid choice: 'a3'"),
    (["--base-url", "ftp://x"], "", "--base-url"),
    (["--draws", "0"], "", "--draws: 0 is out of range"),
])
def test_cli_bad_input_exits_2_with_one_line_naming_the_field(capsys, monkeypatch, tmp_path, args, stdin, words):
    code, out, err = run_main(capsys, monkeypatch, "brief", *args, "--out", str(tmp_path / "b.pdf"), stdin=stdin)
    assert code == 2 and not out
    assert err.startswith("error: ") and words in err and "Traceback" not in err
    assert not (tmp_path / "b.pdf").exists()


def test_cli_a_pdf_needs_somewhere_to_go(capsys, monkeypatch):
    code, _, err = run_main(capsys, monkeypatch, "brief")
    assert code == 2 and "--out" in err


def test_a_brief_of_a_view_under_an_archived_version_uses_that_versions_parameters_too():
    """The worker gets a copy of the page's rule book, so the brief finds the version's own
    parameters by the version it is told, and its figures are that version's, not today's."""
    import pickle

    from dashboard.brief.build import rules_and_parameters
    from dashboard.model.versions import edition

    old = "2dc0e5572f"  # scenarios still started from the hand-set 2021 values: other figures
    kept = edition(old)
    sent = pickle.loads(pickle.dumps(kept.rules))  # what the worker receives
    book, parameters = rules_and_parameters(Request(FIXED, FIXED_LINK, month=9, rules=sent, version=old))
    assert book == kept.rules and parameters is kept.parameters
    shown = simulate(FIXED, book, parameters).at(9)["nuclear_advance"]
    assert abs(shown - simulate(FIXED, kept.rules, kept.parameters).at(9)["nuclear_advance"]) < 1e-9
    assert abs(shown - simulate(FIXED).at(9)["nuclear_advance"]) > 1  # today's figures differ
    old_brief = build(Request(FIXED, FIXED_LINK, month=9, format="md", today=FIXED_DAY, rules=sent, version=old))
    assert old_brief != fixed_markdown() and f"| {shown:.1f} |" in old_brief

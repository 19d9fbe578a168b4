"""The two engines agree on paths too: ``engine.run_path`` (scalar, one run) and
``ensemble.run_many_path`` (vectorised over draws), for rule books hypothesis writes from the
whole grammar (``test_vectorised_grammar.rule_books``, plus ``shock`` tests), on paths whose
levers and outside shocks change from segment to segment (as a replay branch does), with
some rules at their low or high size, drawn starting values, and known events (the replay's
record of what happened) or expected ones. ``test_vectorised_grammar`` covers one scenario
held for the whole run; this covers what only a path can reach: onset rules across a change
of inputs, shocks switching on and off, lags landing after a change.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.model import INDICATORS, LEVER_LEVELS, Scenario, parse_rules
from dashboard.model.engine import run_path, shipped_parameters
from dashboard.model.ensemble import central_draws, run_many_path
from dashboard.model.shocks import SHOCKS
from tests.test_vectorised_grammar import rule_books

LEVERS_BUT_LENS = {lever: levels for lever, levels in LEVER_LEVELS.items() if lever != "lens"}


@st.composite
def books_with_shocks(draw):
    """A generated rule book, some of whose conditions also need (or exclude) an outside shock."""
    records = draw(rule_books()).records()
    for record in records:
        record.pop("when_text", None)
        if draw(st.booleans()):
            shock = {"shock": draw(st.sampled_from(list(SHOCKS)))}
            record["when"] = {draw(st.sampled_from(["all", "any"])): [draw(st.sampled_from([shock, {"not": shock}])),
                                                                       record["when"]]}
    return parse_rules({"rules": records})


@st.composite
def paths(draw):
    """Two to four segments of one to eight months; levers and shocks change, the lens does not."""
    lens = draw(st.sampled_from(LEVER_LEVELS["lens"]))
    path = []
    for _ in range(draw(st.integers(2, 4))):
        levels = draw(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LEVERS_BUT_LENS.items()}))
        scenario = Scenario(**levels, lens=lens, months=36)
        shocks = frozenset(draw(st.lists(st.sampled_from(list(SHOCKS)), max_size=3)))
        path += [(scenario, shocks)] * draw(st.integers(1, 8))
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=books_with_shocks(), path=paths(), data=st.data())
def test_scalar_and_vectorised_paths_agree_on_generated_rule_books(book, path, data):
    picks = {rule.id: data.draw(st.sampled_from(["low", "central", "high"])) for rule in book.rules}
    picks |= {f"start:{name}": data.draw(st.sampled_from(["low", "central", "high"])) for name in INDICATORS}
    draws = central_draws(book, picks=picks)
    flat = iter(draws.sizes[0])  # one column per effect, in file order (ensemble.effect_ranges)
    sizes = {(rule.id, i): next(flat) for rule in book.rules for i in range(len(rule.effects))}
    start = dict(zip(INDICATORS, draws.start[0], strict=True))
    chance_by = sorted({rule.chance.by for rule in book.rules if rule.chance is not None})
    known = {name: data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=len(path), max_size=len(path)))
             for name in chance_by if data.draw(st.booleans())} or None

    monthly, _, _ = run_path(path, book, shipped_parameters(), lambda rule_id, i, _size: sizes[(rule_id, i)],
                             start=start, known_events=known)
    vector = run_many_path(path, draws, book, known_events=known)[0]
    np.testing.assert_allclose(vector, [[row[k] for k in INDICATORS] for row in monthly], rtol=0, atol=1e-9)

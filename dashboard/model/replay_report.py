"""The replay as the CLI prints it: the index month by month, the same in real units, the
observed points, the timeline's events, and (with draws) 10-90 % bands in units."""

from __future__ import annotations

import numpy as np

from .engine import shipped_parameters
from .indicators import INDICATORS, RESPONSES
from .observed import load_series
from .replay import Branch, replay, replay_draws
from .rules import RuleBook
from .timeline import shipped_timeline

INDEX = {name: i for i, name in enumerate(INDICATORS)}


def replay_json(lens: str = "reciprocity", first: str | None = None, last: str | None = None,
                branch: Branch | None = None, rules: RuleBook | None = None,
                draws: int | None = None, seed: int = 1, digits: int = 2) -> dict:
    timeline = shipped_timeline()
    first, last = first or timeline.start, last or timeline.end
    run = replay(lens, last=last, branch=branch, rules=rules)
    shown = run.between(first, last)
    links = {name: link for name, p in shipped_parameters().indicators.items() if (link := p.link(lens)) is not None}
    out: dict = {
        "from": first, "to": last, "lens": lens, "branch": branch.to_dict() if branch else None,
        "monthly": [{"month": run.months[i], **{r: round(run.monthly[i][r], digits) for r in RESPONSES}} for i in shown],
        "units": {},
        "observed": {},
        "events": [e for e in timeline.events() if first <= e["month"] <= last],
    }
    for name, link in links.items():
        values = link.apply(run.series(name))  # a stock counts from the replay's first month
        out["units"][name] = {"unit": link.unit, "link": link.describe(),
                              "monthly": [{"month": run.months[i], "value": round(float(values[i]), digits)} for i in shown]}
    for series in load_series():
        out["observed"].setdefault(series.response, []).extend(
            {"month": o.month_from, "to": o.month_to, "value": o.value, "unit": o.unit, "source_url": o.source_url}
            for o in series.observations
            if o.unit == (links[series.response].unit if series.response in links else None)
            and first <= o.month_from and o.month_to <= last)
    if draws:
        runs = replay_draws(lens, draws, seed, last=last, branch=branch, rules=rules)
        out["draws"], out["seed"], out["bands"] = draws, seed, {}
        for name, link in links.items():
            p10, p50, p90 = np.percentile(link.apply(runs[:, :, INDEX[name]]), [10, 50, 90], axis=0)
            out["bands"][name] = [{"month": run.months[i], "p10": round(float(p10[i]), digits),
                                   "p50": round(float(p50[i]), digits), "p90": round(float(p90[i]), digits)}
                                  for i in shown]
    return out

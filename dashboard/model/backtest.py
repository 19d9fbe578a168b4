"""The back-test: unit links fitted on the record up to 2021-12, the replay scored after it.

Only the links' numbers (two per linked response, see ``units.py``) are fitted, with
``scipy.optimize.least_squares`` on the calibration months alone; the rules' sizes are
judgements written beforehand and are not fitted (though their authors knew the record:
the README says so). Each evaluation observation is compared with the replay's mean over
the observation's months, in units, and with two naive forecasts made at the end of the
calibration: persistence (the last observed value holds) and climatology (the mean of the
calibration observations). The 80 % band comes from seeded draws of every assumption.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scoringrules
import yaml
from scipy.optimize import least_squares

from .indicators import INDICATORS
from .observed import Observation, Series, load_series
from .replay import replay, replay_draws
from .rules import DATA_DIR
from .units import UnitLink

CALIBRATION = ("2016-01", "2021-12")
EVALUATION = ("2022-01", "2025-06")
HELD_OUT_FILE = DATA_DIR / "held_out_events.yaml"
FORMS = {"flow": "flow", "stock": "stock", "price": "level"}
LENSES = ("reciprocity", "coercive_deterrence")
INDEX = {name: i for i, name in enumerate(INDICATORS)}


def primary_series() -> dict[str, Series]:
    """The first series listed for each response: the one its link is fitted to."""
    chosen: dict[str, Series] = {}
    for series in load_series():
        chosen.setdefault(series.response, series)
    return chosen


def within(observation: Observation, first: str, last: str) -> bool:
    return first <= observation.month_from and observation.month_to <= last


def period_mean(units: np.ndarray, months: tuple[str, ...], observation: Observation) -> np.ndarray:
    """The mean over the observation's months (months on the last axis); a stock at its last month."""
    first, last = months.index(observation.month_from), months.index(observation.month_to)
    return units[..., first:last + 1].mean(axis=-1)


def fit_link(series: Series, index: np.ndarray, months: tuple[str, ...], until: str) -> UnitLink:
    """The link's two numbers, least squares on the observations that end by ``until``."""
    observed = [o for o in series.observations if within(o, months[0], until)]
    values = np.array([o.value for o in observed])
    form = FORMS[series.kind]

    def link(params: np.ndarray) -> UnitLink:
        a, b = (float(p) for p in params)
        numbers = {"flow": {"scale": a, "power": b}, "stock": {"scale": a, "threshold": b},
                   "level": {"offset": a, "scale": b}}[form]
        return UnitLink(series=series.file, unit=series.unit, form=form, fitted_on=f"{months[0]}..{until}", **numbers)

    def residuals(params: np.ndarray) -> np.ndarray:
        units = link(params).apply(index)
        predicted = np.array([period_mean(units, months, o) for o in observed])
        if form == "level":
            return predicted - values
        return np.sqrt(np.maximum(predicted, 0.0)) - np.sqrt(values)  # counts: errors grow with the level

    start, low, high = {"flow": ([10.0, 1.5], [0.0, 0.5], [1000.0, 4.0]),
                        "stock": ([5.0, 50.0], [0.0, 0.0], [1000.0, 99.0]),
                        "level": ([50.0, 10.0], [0.0, 0.0], [500.0, 500.0])}[form]
    fit = least_squares(residuals, start, bounds=(low, high))
    return link(np.round(fit.x, 4))


@dataclass(frozen=True)
class HeldOutEvent:
    id: str
    label: str
    response: str
    before: tuple[str, str]
    after: tuple[str, str]
    observed: str  # "up" or "down"
    source: str


def load_held_out(path: Path = HELD_OUT_FILE) -> list[HeldOutEvent]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["events"]
    return [HeldOutEvent(e["id"], e["label"], e["response"], tuple(e["before"]), tuple(e["after"]),
                         e["observed"], e["source"]) for e in raw]


def _rate(values: np.ndarray, months: tuple[str, ...], window: tuple[str, str], stock: bool) -> float:
    first, last = months.index(window[0]), months.index(window[1])
    if stock:  # how fast the stock grew over the window, a month
        return float(values[last] - values[first - 1]) / (last - first + 1)
    return float(values[first:last + 1].mean())


def directions(lens: str, links: dict[str, UnitLink]) -> list[dict]:
    """Held-out events: does the replay move the way the record did?"""
    run = replay(lens)
    rows = []
    for event in load_held_out():
        link = links[event.response]
        units = link.apply(run.series(event.response))
        stock = link.form == "stock"
        before, after = (_rate(units, run.months, w, stock) for w in (event.before, event.after))
        model = "up" if after > before else "down"
        rows.append({"id": event.id, "label": event.label, "response": event.response,
                     "before": list(event.before), "after": list(event.after), "observed": event.observed,
                     "model": model, "model_before": round(before, 2), "model_after": round(after, 2),
                     "match": model == event.observed, "source": event.source})
    return rows


def _mae(errors: list[float]) -> float | None:
    return round(float(np.mean(np.abs(errors))), 3) if errors else None


@lru_cache(maxsize=4)
def backtest(lens: str = "reciprocity", draws: int = 200, seed: int = 1) -> dict:
    """The back-test's JSON (see the module docstring); cached, so never mutate the result."""
    run = replay(lens)
    runs = replay_draws(lens, draws, seed)
    parameters, indicators, links = {}, {}, {}
    for response, series in primary_series().items():
        link = fit_link(series, run.series(response), run.months, CALIBRATION[1])
        links[response] = link
        for name in ("scale", "power", "threshold", "offset"):
            if name in link.model_fields_set:
                parameters[f"{response}.{name}"] = getattr(link, name)
        calibration = [o for o in series.observations if within(o, run.months[0], CALIBRATION[1])]
        evaluation = [o for o in series.observations if within(o, *EVALUATION)]
        units = link.apply(run.series(response))
        drawn = link.apply(runs[:, :, INDEX[response]])
        last = max(calibration, key=lambda o: o.month_to).value if calibration else None
        climate = float(np.mean([o.value for o in calibration])) if calibration else None
        errors, naive, normal, inside, crps = [], [], [], [], []
        for o in evaluation:
            predicted = float(period_mean(units, run.months, o))
            spread = period_mean(drawn, run.months, o)
            low, high = np.percentile(spread, [10, 90])
            errors.append(predicted - o.value)
            inside.append(low <= o.value <= high)
            crps.append(float(scoringrules.crps_ensemble(o.value, spread)))
            if last is not None and climate is not None:  # both set or neither (from the calibration months)
                naive.append(last - o.value)
                normal.append(climate - o.value)
        mae, mae_persistence = _mae(errors), _mae(naive)
        skill = None
        if mae is not None and mae_persistence:
            skill = round(1.0 - mae / mae_persistence, 3)
        indicators[response] = {
            "unit": series.unit, "series": series.file, "n": len(evaluation), "n_calibration": len(calibration),
            "mae": mae, "mae_persistence": mae_persistence, "mae_climatology": _mae(normal),
            "skill_vs_persistence": skill,
            "coverage_80": round(float(np.mean(inside)), 3) if inside else None,
            "crps": round(float(np.mean(crps)), 3) if crps else None,
            "crps_persistence": mae_persistence,  # a single-value forecast's CRPS is its absolute error
            "link": link.describe(),
        }
    return {
        "lens": lens,
        "calibration": {"from": CALIBRATION[0], "to": CALIBRATION[1]},
        "evaluation": {"from": EVALUATION[0], "to": EVALUATION[1]},
        "parameters": parameters,
        "indicators": indicators,
        "directions": directions(lens, links),
    }


def display_links(lens: str = "reciprocity") -> dict[str, UnitLink]:
    """The links data/parameters.yaml stores for reading the dashboard's figures: fitted on
    the whole record (2016-2025) once the back-test has scored them out of sample. Brent is
    left out: its level is set by the world market, and the back-test shows the index does
    not explain it."""
    run = replay(lens)
    return {response: fit_link(series, run.series(response), run.months, run.months[-1])
            for response, series in primary_series().items() if series.kind != "price"}


def skill_words(skill: float | None) -> str:
    """A skill score in plain words; at or below zero it says so."""
    if skill is None:
        return "not scored (no observation to compare)"
    if skill > 0:
        return f"{skill:+.2f}: better than assuming no change"
    return f"{skill:+.2f}: {'no better' if skill == 0 else 'worse'} than assuming no change"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3g}"


def backtest_table(report: dict) -> str:
    """The back-test as Markdown: one row per response, then the held-out directions."""
    cal, ev = report["calibration"], report["evaluation"]
    lines = [f"Links fitted on {cal['from']}..{cal['to']}; scored on {ev['from']}..{ev['to']} "
             f"({report['lens']} lens). Errors are mean absolute errors in the unit; CRPS scores the "
             "whole ensemble (for 'no change', a single value, it equals its error).", "",
             "| response | unit | n | model error | no change | the average | skill vs no change "
             "| CRPS model / no change | inside 80 % band |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, row in report["indicators"].items():
        cover = "–" if row["coverage_80"] is None else f"{row['coverage_80']:.0%}"
        lines.append(f"| {name} | {row['unit']} | {row['n']} | {_number(row['mae'])} | {_number(row['mae_persistence'])} | "
                     f"{_number(row['mae_climatology'])} | {skill_words(row['skill_vs_persistence'])} | "
                     f"{_number(row['crps'])} / {_number(row['crps_persistence'])} | {cover} |")
    lines += ["", "| held-out event | observed | model | |", "|---|---|---|---|"]
    for d in report["directions"]:
        lines.append(f"| {d['label']} | {d['observed']} | {d['model']} | {'matches' if d['match'] else 'misses'} |")
    return "\n".join(lines)


def store_display_links(path: Path | None = None) -> list[str]:
    """Write the display links into data/parameters.yaml (one ``units:`` line per linked
    indicator, replaced in place); returns the indicators written."""
    import re

    from .parameters import PARAMETERS_FILE

    path = path or PARAMETERS_FILE
    text = path.read_text(encoding="utf-8")
    by_lens = {lens: display_links(lens) for lens in LENSES}
    for name in by_lens[LENSES[0]]:
        lines = ["    units:\n"]
        for lens in LENSES:
            fields = ", ".join(f'{k}: "{v}"' if isinstance(v, str) else f"{k}: {v}"
                               for k, v in by_lens[lens][name].model_dump(exclude_defaults=True).items())
            lines.append(f"      {lens}: {{{fields}}}\n")
        block = re.compile(rf"(\n  {name}:\n(?:    (?!units:).*\n)*)(    units:.*\n(?:      .*\n)*)?")
        text, count = block.subn(lambda m: m.group(1) + "".join(lines), text, count=1)  # noqa: B023 (called at once)
        if count != 1:
            raise ValueError(f"{path.name}: no block for {name}")
    path.write_text(text, encoding="utf-8")
    return list(by_lens[LENSES[0]])

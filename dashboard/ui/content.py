"""Reference data the page shows, loaded once per process (none of it depends on the levers)."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import yaml

from dashboard.model import Result, RuleBook, Scenario, shipped_parameters, simulate
from dashboard.model.rules import DATA_DIR, describe_chance, describe_effect
from dashboard.ui.session_cache import shared_for_shipped


@shared_for_shipped(maxsize=32)  # ~150 kB a run with its trace: enough for a seminar's baselines and presets
def run_model(scenario: Scenario, book: RuleBook) -> Result:
    """The model's run, shared by every session that asks for the same scenario and the
    shipped rules (a seminar's baselines and presets); a custom book's runs stay in its
    session. Results are only ever read, never changed."""
    return simulate(scenario, book)


@lru_cache(maxsize=1)
def sources() -> dict[str, dict]:
    return yaml.safe_load((DATA_DIR / "sources.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def article_paragraphs() -> dict[int, str]:
    return yaml.safe_load((DATA_DIR / "article_paragraphs.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    return {name: p.label for name, p in shipped_parameters().indicators.items()}


def citation(source: str) -> str:
    """A rule's source in full: the article's paragraphs, or the bibliography entry."""
    if source.startswith("article"):
        return f"The seed article, paragraph{'s' * (source.count('[') > 1)} {source.removeprefix('article ')}"
    return sources().get(source, {}).get("cite", source)


def paragraphs_cited(source: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", source)]


@shared_for_shipped(maxsize=1)
def rules_frame(book: RuleBook) -> pd.DataFrame:
    """Every rule as one row, for the searchable, sortable rules table."""
    rows = []
    for rule, source_rule in zip(book.records(), book.rules):
        effects = source_rule.effects
        lags = sorted({e["lag"] for e in rule["effects"]})
        durations = sorted({e["duration"] for e in rule["effects"]})
        rows.append({
            "id": rule["id"],
            "title": rule["title"],
            "when": rule["when_text"] + (" (first month only)" if rule["fires"] == "on_onset" else "")
            + describe_chance(source_rule.chance),
            "effects (points a month)": "; ".join(describe_effect(e) for e in effects),
            "lag (months)": ", ".join(map(str, lags)),
            "lasts (months)": ", ".join(map(str, durations)),
            "reciprocity weight": rule["lenses"]["reciprocity"],
            "coercive weight": rule["lenses"]["coercive_deterrence"],
            "confidence": rule["confidence"],
            "rationale": rule["rationale"],
            "source": rule["source"],
        })
    return pd.DataFrame(rows)

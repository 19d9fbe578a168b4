"""Reference data the page shows, loaded once per process (none of it depends on the levers)."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from dashboard.model import Result, RuleBook, Scenario, reference, simulate
from dashboard.model.history import check, load_episodes
from dashboard.model.labels import in_plain_words, level_label, response_labels, response_short
from dashboard.model.reference import article_paragraphs
from dashboard.model.rules import describe_chance, describe_effect
from dashboard.model.versions import parameters_for
from dashboard.ui.session_cache import shared_for_shipped


@shared_for_shipped(maxsize=32)  # ~150 kB a run with its trace: enough for a seminar's baselines and presets
def run_model(scenario: Scenario, book: RuleBook) -> Result:
    """The model's run, shared by every session that asks for the same scenario and the
    shipped rules (a seminar's baselines and presets); a custom book's runs, and those of a
    past rules version (with that version's own parameters), stay in their session, apart
    from the current rules' runs. Results are only ever read, never changed."""
    return simulate(scenario, book, parameters_for(book))


@lru_cache(maxsize=1)
def sources() -> dict[str, dict]:
    """The bibliography as plain mappings (key -> cite, kind, url...), from the model's loader."""
    return {key: entry.model_dump(exclude_none=True) for key, entry in reference.sources().items()}


def labels() -> dict[str, str]:
    """Every indicator's label (a copy: callers may keep it). The words live in
    ``dashboard.model.labels``, which pages and charts may also import directly."""
    return dict(response_labels())


def citation(source: str) -> str:
    """A rule's source in full: the article's paragraphs, or the bibliography entry."""
    if source.startswith("article"):
        return f"The seed article, paragraph{'s' * (source.count('[') > 1)} {source.removeprefix('article ')}"
    return sources().get(source, {}).get("cite", source)


AUTHOR_YEAR = re.compile(r"([a-z]+)(\d{4})")  # bibliography keys such as schelling1966
SHORT_CITE_CHARS = 60


def short_citation(source: str) -> str:
    """A rule's source in a few words: "Article [4], [5]", "Schelling 1966", or the start
    of the bibliography entry (the full entry is on the Why tab and in data/sources.yaml)."""
    if source.startswith("article"):
        return "Article " + source.removeprefix("article ").strip()
    cite = sources().get(source, {}).get("cite", source)
    if (match := AUTHOR_YEAR.fullmatch(source)) and re.match(r"[A-Z]\. ", cite):  # a scholar's work
        return f"{match.group(1).capitalize()} {match.group(2)}"
    if len(cite) <= SHORT_CITE_CHARS:
        return cite
    return cite[:SHORT_CITE_CHARS].rsplit(" ", 1)[0].rstrip(",;:(") + "…"


def source_url(source: str) -> str | None:
    """The bibliography entry's web address, where it has one."""
    return sources().get(source, {}).get("url")


def article_facts() -> dict[str, str]:
    """What the repository says about the article: its bibliography entry, and where its text is.
    The stored text carries no title, author or publication date, so none is shown."""
    return {"cite": sources()["article"]["cite"], "paragraphs": str(len(article_paragraphs()))}


@lru_cache(maxsize=1)
def episodes_by_lens() -> list[dict[str, str]]:
    """Each dated episode of data/history.yaml, what was observed and whether each lens
    reproduces it (dashboard.model.history.check on the shipped rules; ~1.6 s, once per process)."""
    rows = []
    for episode in load_episodes():
        row = {"Episode": episode.title,
               "What happened": ", ".join(f"{response_short(r)} {'up' if d == 'up' else 'down'}"
                                          for r, d in episode.observed.items())}
        for lens in ("reciprocity", "coercive_deterrence"):
            result = check(episode, lens)
            missed = [response_short(r) for r in episode.observed if not result.matches(r)]
            row[level_label("lens", lens).split(" (")[0].capitalize()] = (
                "✓ reproduced" if not missed else "✗ misses " + ", ".join(missed))
        rows.append(row)
    return rows


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
        # The reasons first, so the rationale and source are in view on a laptop without
        # scrolling sideways; conditions and effects in words (the names are in data/rules.yaml).
        rows.append({
            "title": rule["title"],
            "rationale": rule["rationale"],
            "source": short_citation(rule["source"]),
            "link": source_url(rule["source"]),
            "when": in_plain_words(rule["when_text"] + (" (first month only)" if rule["fires"] == "on_onset" else "")
                                   + describe_chance(source_rule.chance)),
            "effects (points a month)": in_plain_words("; ".join(describe_effect(e) for e in effects)),
            "lag (months)": ", ".join(map(str, lags)),
            "lasts (months)": ", ".join(map(str, durations)),
            "reciprocity weight": rule["lenses"]["reciprocity"],
            "coercive weight": rule["lenses"]["coercive_deterrence"],
            "confidence": rule["confidence"],
            "id": rule["id"],
        })
    return pd.DataFrame(rows)

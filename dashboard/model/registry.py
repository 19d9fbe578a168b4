"""The indicator registry: one entry per indicator in ``data/parameters.yaml``, read here by the
model's readings (``explain``), the charts and the pages, so no layer keeps its own table of
responses. Words (label, short, meaning) are also in ``labels``; real units in ``units``.

    >>> theatre_of("maritime_attacks")
    'Gulf of Oman and shipping'
    >>> colour("proxy_attacks")
    '#D55E00'

Everything returned is read-only (tuples, frozen models, mapping proxies). Pure Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from .engine import shipped_parameters
from .indicators import RESPONSES
from .parameters import IndicatorParameters
from .registry_schema import PANELS, Answer, Reading


@dataclass(frozen=True)
class TheatrePanel:
    """A theatre panel of the charts: its title, the tabs that draw it, and its responses (in
    the order of RESPONSES)."""

    title: str
    panels: tuple[str, ...]
    responses: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    """A place on the regional map, with the response that colours it."""

    indicator: str
    key: str
    label: str
    countries: tuple[str, ...]
    point: tuple[float, float] | None
    marker: str


def entry(name: str) -> IndicatorParameters:
    """An indicator's whole entry (words, assumptions, presentation)."""
    return shipped_parameters().indicators[name]


def sentence_label(name: str) -> str:
    """A response's name inside a sentence ("the risk of a wider war")."""
    return entry(name).sentence or entry(name).label


def theatre_of(name: str) -> str:
    return entry(name).theatre or ""


def colour(name: str) -> str:
    return entry(name).colour or ""


def rise_is_good(name: str) -> bool:
    """True where a rise is good news for the US (Gulf alignment); the cards colour it so."""
    return entry(name).good_news == "rise"


@lru_cache(maxsize=1)
def colours() -> Mapping[str, str]:
    """Response -> its colour, in the order of RESPONSES (one colour per response on every chart)."""
    return MappingProxyType({name: colour(name) for name in RESPONSES})


@lru_cache(maxsize=1)
def theatres() -> tuple[TheatrePanel, ...]:
    """Every theatre panel, in the order drawn."""
    return tuple(TheatrePanel(t.title, t.panels, tuple(n for n in RESPONSES if theatre_of(n) == t.title))
                 for t in shipped_parameters().theatres)


def theatre_titles(panel: str | None = None) -> list[str]:
    """The titles of the theatres drawn on ``panel`` ("over_time", "escalation"), or of all."""
    if panel is not None and panel not in PANELS:
        raise ValueError(f"unknown panel {panel!r}; allowed: {', '.join(PANELS)}")
    return [t.title for t in theatres() if panel is None or panel in t.panels]


def responses_on(panel: str) -> list[str]:
    """The responses drawn on ``panel``, theatre by theatre."""
    return [name for t in theatres() if t.title in theatre_titles(panel) for name in t.responses]


@lru_cache(maxsize=1)
def answers() -> Mapping[str, Answer]:
    """Iran-side responses -> where a surge lands and what it means (the Escalation tab)."""
    return MappingProxyType({name: answer for name in RESPONSES if (answer := entry(name).answer)})


@lru_cache(maxsize=1)
def map_places() -> tuple[Place, ...]:
    """The regional map's places, in the order of RESPONSES."""
    return tuple(Place(name, p.key, p.label, p.countries, p.point, p.marker)
                 for name in RESPONSES for p in entry(name).map)


def reading() -> Reading:
    """The thresholds for reading a run in words (``reading().surge.value``)."""
    return shipped_parameters().reading

"""The indicator registry's schema: what an entry of ``data/parameters.yaml`` says about how an
indicator is shown and read (its theatre, colour, good direction, map places, the Escalation
tab's answer), the theatre panels, and the reading thresholds. Checked as a whole by
``registry_problems``, each problem as ``parameters.yaml: where: what is wrong; how to fix it``.
The accessors every layer reads are in ``registry.py``. Pure Python; no Streamlit.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .indicators import RESPONSES
from .rules import Range

PANELS = ("over_time", "escalation")  # over_time: the Over time and Compare tabs; escalation: its risk chart
HEX = r"^#[0-9A-Fa-f]{6}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Theatre(_Frozen):
    title: str
    panels: tuple[Literal["over_time", "escalation"], ...] = Field(min_length=1)


class Answer(_Frozen):
    """An Iran-side theatre: where a surge of this response lands, and what it means, in words."""

    where: str
    action: str


class MapPlace(_Frozen):
    """A place on the regional map coloured by its response: countries (iso keys of
    data/map/region.geojson, labelled with their names) or a circle at ``point`` (lon, lat)."""

    key: str
    label: str = Field(description="the tooltip's description")
    countries: tuple[str, ...] = ()
    point: tuple[float, float] | None = None
    marker: str = ""  # the circle's text on the map


class Threshold(_Frozen):
    size: Range
    why: str = Field(min_length=10)

    @property
    def value(self) -> float:
        return self.size.central


class Reading(_Frozen):
    """Thresholds for reading a run in words: conventions, each with its range and reason."""

    surge: Threshold
    strike_shown: Threshold
    strike_faded: Threshold
    strike_noted: Threshold
    unlikely_strikes: Threshold
    died_out_share: Threshold
    spiral_risk: Threshold
    early_month: Threshold
    first_moves: Threshold
    differs: Threshold


class Presentation(_Frozen):
    """The registry's fields of an entry (all optional in the schema; ``registry_problems``
    says which a response must have)."""

    sentence: str | None = Field(None, description="the name inside a sentence ('the risk of a wider war')")
    theatre: str | None = None
    colour: str | None = Field(None, pattern=HEX)
    good_news: Literal["rise", "fall"] | None = Field(None, description="which way is good news for the US")
    answer: Answer | None = None
    map: tuple[MapPlace, ...] = ()


REQUIRED = {
    "sentence": "add `sentence:` (its name inside a sentence, lower case: 'the risk of a wider war')",
    "theatre": "add `theatre:` naming one of `theatres`",
    "colour": "add `colour: \"#RRGGBB\"` (colour-blind safe, not used by another response)",
    "good_news": "add `good_news: rise` or `good_news: fall` (which way is good news for the US)",
}


def registry_problems(entries: dict[str, Presentation], theatres: tuple[Theatre, ...],
                      file: str = "parameters.yaml") -> list[str]:
    """Every problem of the registry, one line each: a response without a sentence, theatre,
    colour or good direction, an unknown or empty theatre, a colour used twice. Each line
    starts with ``file: `` (left out when ``file`` is empty)."""
    problems: list[str] = []
    at = f"{file}: " if file else ""
    titles = [t.title for t in theatres]
    for name in RESPONSES:
        entry = entries.get(name)
        if entry is None:
            continue  # the parameters' own check names a missing indicator
        for field, fix in REQUIRED.items():
            if getattr(entry, field) is None:
                problems.append(f"{at}indicators.{name}: no {field}; {fix}")
        if entry.theatre is not None and entry.theatre not in titles:
            problems.append(f"{at}indicators.{name}.theatre: {entry.theatre!r} is not a theatre; "
                            f"use one of {', '.join(titles)} or add it to `theatres`")
    for name, entry in entries.items():
        if name not in RESPONSES and (entry.theatre or entry.answer or entry.map):
            problems.append(f"{at}indicators.{name}: a driver has no theatre, answer or map place; remove them")
    used = {t for name in RESPONSES if name in entries for t in [entries[name].theatre]}
    for title in titles:
        if title not in used:
            problems.append(f"{at}theatres: {title!r} has no response; name it in a response's `theatre:` or remove it")
    if len(set(titles)) != len(titles):
        problems.append(f"{at}theatres: a title appears twice; give each theatre one entry")
    owner: dict[str, str] = {}
    for name in RESPONSES:
        given = entries[name].colour if name in entries else None
        colour = given.upper() if given else None
        if colour in owner:
            problems.append(f"{at}indicators.{name}.colour: {colour} is already the colour of {owner[colour]}; pick another")
        elif colour:
            owner[colour] = name
    keys = [place.key for entry in entries.values() for place in entry.map]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"{at}map place {key!r} appears twice; give each place its own key")
    for name, entry in entries.items():
        for place in entry.map:
            if bool(place.countries) == (place.point is not None):
                problems.append(f"{at}indicators.{name}.map.{place.key}: give either countries or a point, not both")
    return problems

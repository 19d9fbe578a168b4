"""Plain words for the contract names: one place every page, chart, table and CSV reads.

Levers and their levels come from ``data/labels.yaml``; responses and drivers keep their
``label`` / ``short`` / ``meaning`` beside their assumptions in ``data/parameters.yaml``,
and are exposed here too, so a page needs one import. The contract names themselves
(``coercive_deterrence``, ``proxy_attacks``) stay in share links, scenario files and the CLI.
Pure Python; no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, model_validator

from .engine import shipped_parameters
from .errors import load_data_file
from .indicators import DRIVERS, INDICATORS, RESPONSES
from .rules import DATA_DIR
from .scenario import LEVER_LEVELS

LABELS_FILE = DATA_DIR / "labels.yaml"
SNAKE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")  # a name as code spells it: two words or more joined by "_"
WORD = re.compile(r"[A-Za-z0-9_]+")


class LeverWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    group: str
    label: str
    help: str
    levels: dict[str, str] | None = None  # level (as a link spells it) -> words; None for months
    sentence: dict[str, str] | None = None  # level -> its words inside a sentence ("" = leave it out)
    place: str | None = None  # where a standing strike lever's strikes land (the Escalation timeline)


class LabelsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    levers: dict[str, LeverWords]

    @model_validator(mode="after")
    def _every_lever_and_level(self) -> LabelsFile:
        problems = []
        expected = [*LEVER_LEVELS, "months"]
        missing = [name for name in expected if name not in self.levers]
        unknown = [name for name in self.levers if name not in expected]
        if missing or unknown:
            problems.append(f"levers must be exactly {', '.join(expected)}; missing {missing}, unknown {unknown}")
        for lever, words in self.levers.items():
            want = set(LEVER_LEVELS.get(lever, ()))
            have = set(words.levels or ())
            if have != want:
                problems.append(f"levers.{lever}.levels must name exactly {sorted(want)}; got {sorted(have)}")
            in_sentence = set(words.sentence or ())
            if in_sentence != want:
                problems.append(f"levers.{lever}.sentence must name exactly {sorted(want)}; got {sorted(in_sentence)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def load_labels(path: Path = LABELS_FILE) -> LabelsFile:
    """The labels file, checked (every lever and level once), or InputError naming file and field."""
    return load_data_file(path, LabelsFile)


@lru_cache(maxsize=1)
def shipped_labels() -> LabelsFile:
    return load_labels()


# --- levers ------------------------------------------------------------------------------

def lever_label(lever: str) -> str:
    """"Direct bilateral talks" for ``direct_talks``."""
    return shipped_labels().levers[lever].label


def strike_places() -> dict[str, str]:
    """The levers that are standing US strikes, and where they land: ``{"strikes_syria": "Syria", ...}``."""
    return {lever: words.place for lever, words in shipped_labels().levers.items() if words.place}


def lever_help(lever: str) -> str:
    return shipped_labels().levers[lever].help


def groups() -> dict[str, list[str]]:
    """Sidebar groups in file order: group title -> its levers."""
    found: dict[str, list[str]] = {}
    for lever, words in shipped_labels().levers.items():
        found.setdefault(words.group, []).append(lever)
    return found


def level_label(lever: str, level: object) -> str:
    """A lever's level in words: ``level_label("jcpoa", "full_return")`` is "full return";
    booleans (True or "true") are "yes" / "no"; months are "24 months"."""
    if lever == "months":
        return f"{level} month{'s' * (str(level) != '1')}"
    key = str(level).lower() if isinstance(level, bool) else str(level)
    return (shipped_labels().levers[lever].levels or {})[key]


def level_formatter(lever: str):
    """A ``format_func`` for a widget whose options are the lever's levels (link spellings or booleans)."""
    return lambda level: level_label(lever, level)


def in_a_sentence(lever: str, level: object) -> str:
    """A lever's level inside a sentence ("limited strikes in Syria"); "" where it goes unsaid."""
    key = str(level).lower() if isinstance(level, bool) else str(level)
    return (shipped_labels().levers[lever].sentence or {})[key]


def setting(lever: str, level: object) -> str:
    """"Direct bilateral talks: yes"."""
    return f"{lever_label(lever)}: {level_label(lever, level)}"


def change(lever: str, before: object, after: object) -> str:
    """"Direct bilateral talks: no → yes"."""
    return f"{lever_label(lever)}: {level_label(lever, before)} → {level_label(lever, after)}"


# --- responses and drivers (from parameters.yaml) -----------------------------------------

def response_label(name: str) -> str:
    """Any indicator's label ("Militia attacks on US forces (Iraq, Syria)")."""
    return shipped_parameters().indicators[name].label


def response_short(name: str) -> str:
    """Any indicator's short label, for cards and narrow columns ("Militia attacks")."""
    return shipped_parameters().indicators[name].short


def response_meaning(name: str) -> str:
    """What 0 and 100 stand for."""
    return shipped_parameters().indicators[name].meaning


def response_labels(short: bool = False) -> Mapping[str, str]:
    """Every indicator (responses, then drivers) -> its label, read-only."""
    pick = response_short if short else response_label
    return MappingProxyType({name: pick(name) for name in INDICATORS})


# --- contract names in text ----------------------------------------------------------------

@lru_cache(maxsize=1)
def contract_words() -> frozenset[str]:
    """Words that must not reach a reader: every snake_case lever, level, response and driver
    name, and ``jcpoa`` as code spells it (in prose it is "JCPOA"). Single plain words that are
    also lever names ("sanctions", "lens") are ordinary English and are not refused."""
    names = {*LEVER_LEVELS, *(level for levels in LEVER_LEVELS.values() for level in levels), *RESPONSES, *DRIVERS}
    return frozenset(name for name in names if SNAKE.fullmatch(name)) | {"jcpoa"}


def contract_names_in(text: str) -> list[str]:
    """The contract names found as whole words in ``text`` (case matters: "JCPOA" is prose)."""
    refused = contract_words()
    return [word for word in WORD.findall(text) if word in refused]


@lru_cache(maxsize=1)
def _replacements() -> dict[str, str]:
    words = {name: response_short(name) for name in INDICATORS}
    words.update({lever: lever_label(lever) for lever in LEVER_LEVELS})
    for lever, levels in LEVER_LEVELS.items():
        for level in levels:
            if SNAKE.fullmatch(level):
                words.setdefault(level, level_label(lever, level))
    return words


def in_plain_words(text: str) -> str:
    """Machine-written text (a rule's condition, its effects) with every contract name in it
    replaced by its short label: "strikes_iraq at least limited" -> "Strikes in Iraq at least limited"."""
    words = _replacements()
    return WORD.sub(lambda m: words.get(m.group(0), m.group(0)), text)

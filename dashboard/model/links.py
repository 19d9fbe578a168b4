"""Share links: the whole page state in the address bar, read back with clear warnings.

The levers use their contract names (``?strikes_syria=none&sanctions=lifted``); a few
short aliases (``syria``, ``iraq``, ``iran``, ``leaders``, ``talks``, ``doctrine``) are
accepted on the way in. Only values that differ from the defaults are written. A bad value
never stops the page: it is reported with the parameter's allowed values and the default
is used instead, while the good parameters still apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .scenario import DEFAULT_SCENARIO, LEVER_LEVELS, MONTHS_MAX, MONTHS_MIN, Scenario

ALIASES = {
    "syria": "strikes_syria",
    "iraq": "strikes_iraq",
    "iran": "strikes_iran",
    "leaders": "leadership_targeting",
    "talks": "direct_talks",
    "doctrine": "response_doctrine",
}
MAX_VALUE_LENGTH = 200  # longer values are refused unread
SHOWN_CHARS = 40  # names and values are cut to this length before a message quotes them
ASCII_NUMBER = re.compile(r"[0-9]{1,12}")  # str.isdigit() also takes "²", which int() refuses


@dataclass
class LinkCheck:
    """What a query string asks for, and what is wrong with it."""

    levers: dict[str, str] = field(default_factory=dict)  # valid lever values, by contract name
    aliased: dict[str, str] = field(default_factory=dict)  # alias used -> contract name
    problems: list[str] = field(default_factory=list)
    rejected: set[str] = field(default_factory=set)  # parameter names (as given) not used


@dataclass(frozen=True)
class Pattern:
    """Allowed values that cannot be listed (a room code): a regular expression, and words for messages."""

    regex: str
    words: str


Allowed = Sequence[str] | range | Pattern


@dataclass(frozen=True)
class LinkParam:
    """One parameter of a page's link, declared once (``dashboard.ui.link_params``).

    ``allowed`` is a list, a range or a Pattern, or a function of the horizon in months (the
    month shown cannot pass it); None for a parameter checked by its own reader. ``where`` is
    the page or the tab that reads it. ``widget``: the share link takes its value from the
    session's widget of that name, left out when it equals ``default``.
    """

    name: str
    allowed: Allowed | Callable[[int], Allowed] | None
    default: object
    where: str
    widget: bool = True

    def allowed_for(self, months: int) -> Allowed | None:
        return self.allowed(months) if callable(self.allowed) else self.allowed


def _allowed_words(allowed: Allowed) -> str:
    if isinstance(allowed, Pattern):
        return allowed.words
    if isinstance(allowed, range):
        return f"a whole number from {allowed.start} to {allowed.stop - 1}"
    return ", ".join(allowed)


def whole_number(text: str) -> int | None:
    """A whole number written in ASCII digits (at most 12), else None."""
    return int(text) if ASCII_NUMBER.fullmatch(text) else None


def shown(text: str) -> str:
    """A name or value as a message quotes it: cut to SHOWN_CHARS characters."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _valid(value: str, allowed: Allowed) -> bool:
    if isinstance(allowed, Pattern):
        return re.fullmatch(allowed.regex, value) is not None
    if isinstance(allowed, range):
        number = whole_number(value)
        return number is not None and number in allowed  # None in a range would scan all of it
    return value in allowed


def lever_choices() -> dict[str, Sequence[str] | range]:
    choices: dict[str, Sequence[str] | range] = dict(LEVER_LEVELS)
    choices["months"] = range(MONTHS_MIN, MONTHS_MAX + 1)
    return choices


def check_link(params: Mapping[str, Sequence[str]], page_choices: Mapping[str, Allowed],
               with_levers: bool = True) -> LinkCheck:
    """Validate query parameters (name -> every value given) against the levers (unless
    ``with_levers`` is false) and the page's own parameters (``page_choices``: name ->
    allowed values or a range)."""
    result = LinkCheck()
    choices = {**(lever_choices() if with_levers else {}), **page_choices}
    aliases = ALIASES if with_levers else {}
    for raw_name, values in params.items():
        name = aliases.get(raw_name, raw_name)
        if name != raw_name:
            if name in params:
                result.problems.append(f"'{shown(raw_name)}' repeats '{name}'; '{name}' is used.")
                result.rejected.add(raw_name)
                continue
            result.aliased[raw_name] = name
        if name not in choices:
            result.problems.append(f"'{shown(raw_name)}' is not a setting of this page and was ignored; "
                                   f"settings: {', '.join(choices)}.")
            result.rejected.add(raw_name)
            continue
        default = _default_word(name)
        if len(values) != 1:
            result.problems.append(f"'{shown(raw_name)}' is given {len(values)} times; give it once. "
                                   f"Using the default{default}.")
            result.rejected.add(raw_name)
            continue
        value = values[0]
        if len(value) > MAX_VALUE_LENGTH or not _valid(value, choices[name]):
            result.problems.append(f"'{shown(raw_name)}={shown(value)}' is not allowed; {name} takes "
                                   f"{_allowed_words(choices[name])}. Using the default{default}.")
            result.rejected.add(raw_name)
            continue
        if name in LEVER_LEVELS or name == "months":
            result.levers[name] = value
    return result


def _default_word(name: str) -> str:
    if name in LEVER_LEVELS or name == "months":
        return f" ({DEFAULT_SCENARIO.levels()[name]})".replace("(False)", "(false)").replace("(True)", "(true)")
    return ""


def share_query(scenario: Scenario, page_state: Mapping[str, object], page_defaults: Mapping[str, object]) -> str:
    """The query string of a share link: every lever and page setting that differs from its default."""
    pairs: list[tuple[str, str]] = []
    for name, value in scenario.levels().items():
        default = DEFAULT_SCENARIO.levels()[name]
        if value != default:
            pairs.append((name, str(value).lower() if isinstance(value, bool) else str(value)))
    for name, setting in page_state.items():
        if setting != page_defaults.get(name):
            pairs.append((name, str(setting)))
    return urlencode(pairs)

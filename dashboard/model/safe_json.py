"""JSON from users (scenario files, link tokens), read within limits checked before parsing.

Python's JSON parser recurses once per level of nesting: ``[[[[...]]]]`` 100,000 deep raises
RecursionError, and a value a few hundred levels deep can still overflow whatever walks it
next (validation, an error message quoting it). So the size and the nesting depth are
measured on the text first, by a linear scan, and only then is it parsed.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate

from .errors import InputError, check_size
from .scenario import Scenario, parse_scenario

MAX_SCENARIO_BYTES = 20_000
SCENARIO_NESTING = 4  # a scenario is one flat object; a little room for wrong shapes to be named
SCENARIO_ORIGIN = "scenario file"  # how every reader (sidebar, Compare tab, CLI) names it in errors
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def nesting(text: str) -> int:
    """How deep ``[`` and ``{`` nest in JSON text (strings skipped); 0 for a plain value."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


def load_json(data: str | bytes, origin: str, *, max_bytes: int, max_depth: int) -> object:
    """Parsed JSON, or InputError naming ``origin`` and the limit or the position of the fault."""
    check_size(len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data), origin, max_bytes)
    try:
        text = data if isinstance(data, str) else data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([f"{origin}: not UTF-8 text (save it as UTF-8 JSON)"]) from None
    if nesting(text) > max_depth:
        raise InputError([f"{origin}: nested more than {max_depth} levels deep; allowed: at most {max_depth}"])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([f"{origin}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from None
    except RecursionError:  # cannot happen after the depth check; kept as a last guard
        raise InputError([f"{origin}: nested too deeply"]) from None


def scenario_json(data: str | bytes) -> object:
    """A scenario file's JSON, unvalidated (for readers that add their own fields, like a
    replay branch), within the scenario file's size and depth."""
    return load_json(data, SCENARIO_ORIGIN, max_bytes=MAX_SCENARIO_BYTES, max_depth=SCENARIO_NESTING)


def scenario_from_json(data: str | bytes, defaults: dict | None = None) -> Scenario:
    """The one reader of scenario files (sidebar, Compare tab, CLI): levers by name, booleans
    as true/false, months a whole number. Missing levers take ``defaults``, then the scenario
    defaults; an empty file (only whitespace) gives just those. Errors name the lever and its
    allowed values, or the size, depth or position of a fault in the JSON.
    """
    if not data.strip():  # no levers given (`simulate --scenario -` with nothing piped in)
        check_size(len(data), SCENARIO_ORIGIN, MAX_SCENARIO_BYTES)
        raw: object = {}
    else:
        raw = scenario_json(data)
    if isinstance(raw, dict) and defaults:
        raw = {**defaults, **raw}
    return parse_scenario(raw)

"""Input errors that a user can read: each names the field and what is allowed."""

from __future__ import annotations

import re
import reprlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)

SHOWN_CHARS = 60  # a value quoted in a message is cut to this many characters (rule ids run to 45)
# A quoted value longer than that, as repr() writes it ('...' or "...").
_LONG_QUOTE = re.compile(f"'([^'\\n]{{{SHOWN_CHARS + 1},}})'|\"([^\"\\n]{{{SHOWN_CHARS + 1},}})\"")


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = SHOWN_CHARS


def _cut(match: re.Match) -> str:
    quote = match.group(0)[0]
    return f"{quote}{(match.group(1) or match.group(2))[:SHOWN_CHARS]}…{quote}"


def shown(value: object) -> str:
    """A value as a message quotes it, in JSON's spelling for true/false/null, cut short."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, str):
        return _LONG_QUOTE.sub(_cut, repr(value))
    if isinstance(value, int) and value.bit_length() > 64:
        return f"<a {value.bit_length()}-bit number>"  # repr() refuses very long ints
    return _REPR.repr(value)


class InputError(ValueError):
    """Bad user input (a scenario, a rules file, a share link).

    ``problems`` lists every problem found, one readable line each; ``str()`` is the
    first of them plus a count of the rest, so it fits on one line.
    """

    def __init__(self, problems: list[str]):
        # Values quoted in a message are cut short: a message must not echo a whole file.
        self.problems = [_LONG_QUOTE.sub(_cut, problem) for problem in problems] or ["invalid input"]
        more = len(self.problems) - 1
        super().__init__(self.problems[0] + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))


def check_size(size: int, origin: str, max_bytes: int) -> None:
    """InputError if ``size`` bytes is over ``max_bytes``: one wording for every file and upload."""
    if size > max_bytes:
        raise InputError([f"{origin}: {size:,} bytes is too large; the limit is {max_bytes:,}"])


def field_name(part: object) -> str:
    """A field name as it can be shown: plain names as they are, anything else quoted and cut short."""
    text = str(part)
    if (text.isidentifier() or text.isdigit()) and len(text) <= 40:
        return text
    quoted = repr(text)
    return quoted if len(quoted) <= 42 else quoted[:40] + "…'"


def describe(error: Mapping[str, Any], allowed: dict[str, str] | None = None) -> str:
    """One line for one pydantic error: ``field.path: what is wrong; allowed: ...``.

    ``allowed`` maps a top-level field name to a description of its allowed values,
    used for errors where pydantic's own wording does not list them.
    """
    loc = ".".join(field_name(part) for part in error["loc"]) or "(top level)"
    field = str(error["loc"][0]) if error["loc"] else ""
    kind = error["type"]
    given = shown(error.get("input"))
    if kind == "extra_forbidden":
        known = f"; allowed: {allowed['__fields__']}" if allowed and "__fields__" in allowed else ""
        return f"{loc}: unknown field{known}"
    if allowed and field in allowed and kind not in ("missing",):
        return f"{loc}: {given} is not allowed; allowed: {allowed[field]}"
    message = error["msg"]
    if kind == "literal_error":
        return f"{loc}: {given} is not allowed; allowed: {message.removeprefix('Input should be ')}"
    return f"{loc}: {message[0].lower() + message[1:]}" + (f" (got {given})" if kind != "missing" else "")


def problems_from(exc: ValidationError, allowed: dict[str, str] | None = None) -> list[str]:
    return [describe(error, allowed) for error in exc.errors()]


def load_data_file(path: Path, model: type[Model]) -> Model:
    """A YAML data file of the repository validated by ``model``, or InputError naming the file
    and each field at fault (``file: a.b: message``)."""
    try:
        return model.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise InputError([f"{Path(path).name}: {'.'.join(map(str, e['loc'])) or '(top)'}: "
                          f"{e['msg'].removeprefix('Value error, ')}" for e in exc.errors()]) from None

"""Input errors that a user can read: each names the field and what is allowed."""

from __future__ import annotations

from pydantic import ValidationError


class InputError(ValueError):
    """Bad user input (a scenario, a rules file, a share link).

    ``problems`` lists every problem found, one readable line each; ``str()`` is the
    first of them plus a count of the rest, so it fits on one line.
    """

    def __init__(self, problems: list[str]):
        self.problems = problems or ["invalid input"]
        more = len(self.problems) - 1
        super().__init__(self.problems[0] + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))


def field_name(part: object) -> str:
    """A field name as it can be shown: plain names as they are, anything else quoted and cut short."""
    text = str(part)
    if (text.isidentifier() or text.isdigit()) and len(text) <= 40:
        return text
    quoted = repr(text)
    return quoted if len(quoted) <= 42 else quoted[:40] + "…'"


def describe(error: dict, allowed: dict[str, str] | None = None) -> str:
    """One line for one pydantic error: ``field.path: what is wrong; allowed: ...``.

    ``allowed`` maps a top-level field name to a description of its allowed values,
    used for errors where pydantic's own wording does not list them.
    """
    loc = ".".join(field_name(part) for part in error["loc"]) or "(top level)"
    field = str(error["loc"][0]) if error["loc"] else ""
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        known = f"; allowed: {allowed['__fields__']}" if allowed and "__fields__" in allowed else ""
        return f"{loc}: unknown field{known}"
    if allowed and field in allowed and kind not in ("missing",):
        return f"{loc}: {given!r} is not allowed; allowed: {allowed[field]}"
    message = error["msg"]
    if kind == "literal_error":
        return f"{loc}: {given!r} is not allowed; allowed: {message.removeprefix('Input should be ')}"
    return f"{loc}: {message[0].lower() + message[1:]}" + (f" (got {given!r})" if kind != "missing" else "")


def problems_from(exc: ValidationError, allowed: dict[str, str] | None = None) -> list[str]:
    return [describe(error, allowed) for error in exc.errors()]

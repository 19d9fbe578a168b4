"""What a student sends to a room, checked field by field before it reaches the database."""

from __future__ import annotations

import json
import re
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.model import RESPONSES, Scenario, parse_scenario

GROUP_MAX_CHARS = 40
TITLE_MAX_CHARS = 80
PAYLOAD_MAX_BYTES = 4096
SHOWN_VALUE_MAX_CHARS = 40  # longer values are cut before they go into a message
STUDENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class RoomError(ValueError):
    """A request the rooms store refuses; the message is one readable line."""


def quoted(value: object) -> str:
    """A value as a message shows it: quoted, and cut short if long."""
    return repr(_short(value))


@dataclass(frozen=True)
class Submission:
    """A checked submission: the scenario's levers, a group name and the predicted responses."""

    student_id: str
    group: str
    scenario: Scenario
    predictions: tuple[str, ...]

    def payload(self) -> tuple[str, str]:
        """(scenario JSON, predictions JSON) as stored."""
        return json.dumps(self.scenario.levels(), sort_keys=True), json.dumps(list(self.predictions))


def check_text(field: str, value: object, max_chars: int, *, required: bool) -> str:
    """The value stripped, or RoomError naming the field and what is allowed."""
    if not isinstance(value, str):
        raise RoomError(f"{field}: expected text, got {type(value).__name__}")
    text = value.strip()
    if len(text) > max_chars:
        raise RoomError(f"{field}: at most {max_chars} characters are allowed (got {len(text)})")
    if required and not text:
        raise RoomError(f"{field}: must not be empty; allowed: 1 to {max_chars} characters")
    if not text.isprintable():
        raise RoomError(f"{field}: only printable characters are allowed (no line breaks or control characters)")
    return text


def check_student_id(student_id: object) -> str:
    if not isinstance(student_id, str) or not STUDENT_ID.fullmatch(student_id):
        raise RoomError("student_id: allowed: 1 to 64 characters among A-Z, a-z, 0-9, _ and -")
    return student_id


def check_predictions(predictions: Iterable[str]) -> tuple[str, ...]:
    """The predicted responses, each listed once, in the order of RESPONSES."""
    if isinstance(predictions, (str, bytes)) or not isinstance(predictions, Iterable):
        raise RoomError(f"predictions: expected a list of responses, got {type(predictions).__name__}")
    chosen = set()
    for item in predictions:
        if not isinstance(item, str) or item not in RESPONSES:
            raise RoomError(f"predictions: {quoted(item)} is not allowed; allowed: {', '.join(RESPONSES)}")
        chosen.add(item)
    return tuple(response for response in RESPONSES if response in chosen)


def check_scenario(scenario: Scenario | dict) -> Scenario:
    """A Scenario, or InputError naming the lever and its allowed levels.

    Long or nested keys and values are shortened first: no lever accepts them, and the
    messages quote what was given.
    """
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, dict):
        scenario = {_short(key): _short(value) for key, value in scenario.items()}
    return parse_scenario(scenario, link_spelling=True)


class _Shown:
    """Stands in for a value no lever accepts; its repr is short."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _short(value: object) -> object:
    limit = SHOWN_VALUE_MAX_CHARS
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + "…"
    if isinstance(value, int) and not -(10**limit) < value < 10**limit:
        return _Shown(f"<a {value.bit_length()}-bit number>")  # repr() refuses very long ints
    if isinstance(value, (str, int, float)) or value is None:
        return value
    return _Shown(reprlib.repr(value))


def parse_submission(student_id: object, scenario: Scenario | dict, group: object, predictions: Iterable[str]) -> Submission:
    """A checked Submission, or RoomError / InputError naming the first bad field."""
    submission = Submission(
        student_id=check_student_id(student_id),
        group=check_text("group", group, GROUP_MAX_CHARS, required=False),
        scenario=check_scenario(scenario),
        predictions=check_predictions(predictions),
    )
    size = len(submission.group.encode()) + sum(len(part.encode()) for part in submission.payload())
    if size > PAYLOAD_MAX_BYTES:
        raise RoomError(f"submission: {size} bytes is too large; allowed: at most {PAYLOAD_MAX_BYTES} bytes")
    return submission

"""The scenario: the US options a user sets (the levers), as a public contract.

Share links, saved scenario files and the CLI all use these names and levels, so they
never change. Each lever's levels are ordered from least to most of the named thing;
rule conditions compare levels by that order (``at_least: repeated``).
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InputError, problems_from

# Each lever's levels, least to most, written once as a type (what pydantic and mypy check)
# and read from it as a tuple (what the rules, links and widgets use).
Strikes = Literal["none", "limited", "repeated", "sustained"]
Sanctions = Literal["lifted", "eased", "current", "tightened", "maximum"]
Jcpoa = Literal["outside", "indirect_talks", "interim_deal", "full_return"]
Doctrine = Literal["restraint", "proportional", "escalate"]
Lens = Literal["reciprocity", "coercive_deterrence"]

STRIKE_LEVELS: tuple[str, ...] = get_args(Strikes)
BOOL_LEVELS = ("false", "true")

# lever -> its ordered levels. Booleans are listed as ("false", "true") so that every lever
# has a rank from 0 to len(levels) - 1.
LEVER_LEVELS: dict[str, tuple[str, ...]] = {
    "strikes_syria": STRIKE_LEVELS,
    "strikes_iraq": STRIKE_LEVELS,
    "strikes_iran": STRIKE_LEVELS,
    "leadership_targeting": BOOL_LEVELS,
    "sanctions": get_args(Sanctions),
    "jcpoa": get_args(Jcpoa),
    "direct_talks": BOOL_LEVELS,
    "response_doctrine": get_args(Doctrine),
    "lens": get_args(Lens),
}
LEVERS: tuple[str, ...] = tuple(LEVER_LEVELS)
MONTHS_MIN, MONTHS_MAX = 1, 36


class Scenario(BaseModel):
    """One set of US options, the assumption lens, and the horizon in months.

    The defaults are the situation the article describes (early 2021): strikes in Syria
    after proxy attacks in Iraq, maximum-pressure sanctions, no JCPOA, no direct talks,
    tit-for-tat answers to each attack.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    strikes_syria: Strikes = Field("limited", description="US strikes on Iranian-linked targets in Syria")
    strikes_iraq: Strikes = Field("none", description="US strikes on militias inside Iraq")
    strikes_iran: Strikes = Field("none", description="US strikes inside Iran proper")
    leadership_targeting: bool = Field(False, description="Targeting senior IRGC leaders")
    sanctions: Sanctions = Field(
        "maximum", description="Level of US sanctions on Iran"
    )
    jcpoa: Jcpoa = Field(
        "outside", description="Path back to the 2015 nuclear deal"
    )
    direct_talks: bool = Field(False, description="Direct bilateral US-Iran negotiations")
    response_doctrine: Doctrine = Field(
        "proportional", description="How the US answers each new attack"
    )
    lens: Lens = Field(
        "reciprocity", description="Assumption set: the article's view or the one it argues against"
    )
    months: int = Field(24, ge=MONTHS_MIN, le=MONTHS_MAX, description="Months to simulate")

    def level(self, lever: str) -> str:
        """The lever's level as a string (booleans as "true"/"false")."""
        value = getattr(self, lever)
        return str(value).lower() if isinstance(value, bool) else str(value)

    def rank(self, lever: str) -> int:
        """Position of the lever's level in its ordered levels (0 = the first)."""
        return LEVER_LEVELS[lever].index(self.level(lever))

    def intensity(self, lever: str) -> float:
        """The lever's rank scaled to 0..1 (first level 0, last level 1)."""
        return self.rank(lever) / (len(LEVER_LEVELS[lever]) - 1)

    def levels(self) -> dict[str, str | int]:
        """Every lever as it appears in a share link or file (booleans as true/false)."""
        return self.model_dump(mode="json")


DEFAULT_SCENARIO = Scenario()


def _from_link(name: str, value: object) -> object:
    if LEVER_LEVELS.get(name) == BOOL_LEVELS and value in BOOL_LEVELS:
        return value == "true"
    if name == "months" and isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 4:
        return int(value)
    return value


def allowed_values() -> dict[str, str]:
    """Each lever's allowed values in words, for error messages."""
    words = {lever: ", ".join(levels) for lever, levels in LEVER_LEVELS.items()}
    for lever, levels in LEVER_LEVELS.items():
        if levels == BOOL_LEVELS:
            words[lever] = "false, true (JSON booleans, without quotes)"
    words["months"] = f"a whole number from {MONTHS_MIN} to {MONTHS_MAX} (a JSON number, without quotes)"
    words["__fields__"] = ", ".join([*LEVERS, "months"])
    return words


def parse_scenario(data: object, *, link_spelling: bool = False) -> Scenario:
    """A Scenario from a dict (missing levers take their defaults), or InputError.

    Strict, as JSON types it: the yes/no levers take JSON booleans and ``months`` a whole
    number (``"months": true`` or ``"direct_talks": "yes"`` are refused, never coerced).
    ``link_spelling`` also takes the levels as a share link writes them: ``"true"`` and
    ``"false"``, and ``months`` in ASCII digits. Every problem is reported with the
    lever's name and its allowed values.
    """
    if not isinstance(data, dict):
        raise InputError([f"scenario: expected a JSON object of levers, got {type(data).__name__}"])
    if link_spelling:
        data = {name: _from_link(name, value) for name, value in data.items()}
    try:
        return Scenario.model_validate(data, strict=True)
    except ValidationError as exc:
        raise InputError(problems_from(exc, allowed_values())) from None

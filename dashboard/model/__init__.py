"""The model core: scenario, rules, simulation. Pure Python; never imports Streamlit."""

from .engine import Result, shipped_parameters, shipped_rules, simulate
from .errors import InputError
from .indicators import DRIVERS, INDICATORS, RESPONSES
from .rules import RuleBook, load_rules, parse_rules, parse_rules_text
from .scenario import DEFAULT_SCENARIO, LEVER_LEVELS, LEVERS, Scenario, parse_scenario

__all__ = [
    "DEFAULT_SCENARIO",
    "DRIVERS",
    "INDICATORS",
    "LEVERS",
    "LEVER_LEVELS",
    "RESPONSES",
    "InputError",
    "Result",
    "RuleBook",
    "Scenario",
    "load_rules",
    "parse_rules",
    "parse_rules_text",
    "parse_scenario",
    "shipped_parameters",
    "shipped_rules",
    "simulate",
]

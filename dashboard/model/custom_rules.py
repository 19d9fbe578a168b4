"""Instructors' own rules: edits to the shipped rules, and how they travel in a share link.

A custom rule book is described by its difference from the shipped one — rules removed
(switched off), rules replaced (e.g. new sizes) and rules added — so a link carries only
what changed: ``rules=<token>``, the difference as JSON, compressed and base64url-encoded.
Every token is checked on the way in (length, expanded size, shape) and the resulting rule
book is validated like any rules file.
"""

from __future__ import annotations

import base64
import json
import zlib

import yaml

from .errors import InputError
from .rules import MAX_NESTING, MAX_RULES_BYTES, RuleBook, parse_user_rules
from .safe_json import load_json

MAX_TOKEN_CHARS = 16_000
MAX_EXPANDED_BYTES = MAX_RULES_BYTES  # a link's rules get the limits of a rules file
ORIGIN = "custom rules"


def _plain(book: RuleBook) -> dict[str, dict]:
    """Rules as plain data by id (the form a rules file has)."""
    out = {}
    for record in book.records():
        record = dict(record)
        record.pop("when_text", None)
        out[record["id"]] = record
    return out


def difference(custom: RuleBook, shipped: RuleBook) -> dict:
    """What turns ``shipped`` into ``custom``: {"remove": [...], "replace": {...}, "add": [...]},
    plus "order" when the rules are not in the shipped order followed by the added ones (the
    order matters for reproducible draws)."""
    old, new = _plain(shipped), _plain(custom)
    diff: dict = {
        "remove": [rule_id for rule_id in old if rule_id not in new],
        "replace": {rule_id: rule for rule_id, rule in new.items() if rule_id in old and rule != old[rule_id]},
        "add": [rule for rule_id, rule in new.items() if rule_id not in old],
    }
    natural = [rule_id for rule_id in old if rule_id in new] + [rule["id"] for rule in diff["add"]]
    if natural != list(new):
        diff["order"] = list(new)
    return diff


def apply_difference(diff: object, shipped: RuleBook) -> RuleBook:
    """The shipped rules with a difference applied; InputError names what is wrong."""
    if not isinstance(diff, dict) or set(diff) - {"remove", "replace", "add", "order"}:
        raise InputError([f"{ORIGIN}: expected an object with remove, replace, add (and order)"])
    remove, replace, add = diff.get("remove", []), diff.get("replace", {}), diff.get("add", [])
    if not isinstance(remove, list) or not isinstance(replace, dict) or not isinstance(add, list):
        raise InputError([f"{ORIGIN}: remove must be a list, replace an object, add a list"])
    old = _plain(shipped)
    unknown = [r for r in [*remove, *replace] if not isinstance(r, str) or r not in old]
    if unknown:
        raise InputError([f"{ORIGIN}: no shipped rule with id {unknown[0]!r}"])
    rules = [replace.get(rule_id, rule) for rule_id, rule in old.items() if rule_id not in remove] + add
    if not rules:
        raise InputError([f"{ORIGIN}: every rule is switched off; keep at least one"])
    book = parse_user_rules({"rules": rules}, ORIGIN)
    order = diff.get("order")
    if order is not None:
        by_id = book.by_id()
        if not isinstance(order, list) or sorted(map(str, order)) != sorted(by_id):
            raise InputError([f"{ORIGIN}: 'order' must list every rule id once"])
        book = RuleBook(rules=tuple(by_id[rule_id] for rule_id in order))
    return book


def encode(diff: dict) -> str:
    packed = zlib.compress(json.dumps(diff, separators=(",", ":"), sort_keys=True, allow_nan=False).encode(), 9)
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode(token: str) -> object:
    """A link token back to a difference (its shape checked by ``apply_difference``), refusing
    oversized or malformed tokens."""
    if len(token) > MAX_TOKEN_CHARS:
        raise InputError([f"{ORIGIN}: the link's rules are {len(token):,} characters; the limit is {MAX_TOKEN_CHARS:,}"])
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed, MAX_EXPANDED_BYTES)
    except (ValueError, zlib.error):
        raise InputError([f"{ORIGIN}: the 'rules' value of the link is damaged (copy the whole link)"]) from None
    if inflater.unconsumed_tail:
        raise InputError([f"{ORIGIN}: the link's rules expand beyond {MAX_EXPANDED_BYTES:,} bytes"])
    # The difference nests a rule (itself at most MAX_NESTING deep) in "replace" or "add".
    return load_json(data, ORIGIN, max_bytes=MAX_EXPANDED_BYTES, max_depth=MAX_NESTING + 2)


def from_token(token: str, shipped: RuleBook) -> RuleBook:
    return apply_difference(decode(token), shipped)


def to_token(custom: RuleBook, shipped: RuleBook) -> str:
    return encode(difference(custom, shipped))


def with_edits(book: RuleBook, sizes: dict[tuple[str, int], dict[str, float]], off: set[str]) -> RuleBook:
    """``book`` with some effect sizes changed ((rule id, effect index) -> {low, central,
    high}) and some rules switched off; validated, so a bad size names its rule and field."""
    plain = _plain(book)
    for (rule_id, index), size in sizes.items():
        plain[rule_id]["effects"][index]["size"] = {**plain[rule_id]["effects"][index]["size"], **size}
    rules = [rule for rule_id, rule in plain.items() if rule_id not in off]
    if not rules:
        raise InputError([f"{ORIGIN}: every rule is switched off; keep at least one"])
    return parse_user_rules({"rules": rules}, ORIGIN)


def to_yaml(book: RuleBook) -> str:
    """A rules file for the book, loadable by the page and ``--rules``."""
    return yaml.safe_dump({"rules": list(_plain(book).values())}, sort_keys=False, allow_unicode=True, width=100)


def summary(custom: RuleBook, shipped: RuleBook) -> str:
    diff = difference(custom, shipped)
    parts = [f"{len(diff['replace'])} changed", f"{len(diff['remove'])} off", f"{len(diff['add'])} added"]
    return ", ".join(parts)

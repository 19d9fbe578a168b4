"""YAML from users (rules files), read safely: its events are checked before anything is built.

One pass over the parser's events (libyaml's when installed: a 250 kB file took 7 s with the
pure-Python loader) refuses, before a single object is made:
- anchors and aliases, which can expand a small file into an enormous one ("billion laughs");
- nesting deeper than a limit (the builder recurses once per level);
- keys that are not plain text;
- more values than a document of its kind can need (building 127,000 tiny values took 1.4 s);
and notes every key given twice in one mapping (YAML's loaders keep the last silently).
Then the safe loader builds plain data (no Python objects: ``!!python/...`` is refused).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .errors import InputError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NODE_START = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def safe_load(text: str) -> object:
    """``yaml.safe_load`` with libyaml's safe loader when installed (~0.16 s for rules.yaml, not
    ~1.3 s): for the project's own files, which need none of ``load_yaml``'s checks."""
    loader = _Loader(text)  # what yaml.safe_load does, with the C loader
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Duplicate:
    """A key given twice: where (the keys and list positions leading to it), and the lines."""

    path: tuple[str | int, ...]
    first_line: int
    line: int


@dataclass
class _Open:
    """A mapping or list being read: where its next child goes."""

    mapping: bool
    index: int = 0
    key: str | None = None
    seen: dict[str, int] = field(default_factory=dict)  # key -> line

    def position(self) -> str | int:
        """Where the child being read sits: its key (set before its value is read) or index."""
        if self.mapping:
            assert self.key is not None
            return self.key
        return self.index

    def child_done(self) -> None:
        if self.mapping:
            self.key = None
        else:
            self.index += 1


def _line(event: yaml.Event) -> int:
    assert event.start_mark is not None  # the parser marks every event it reads
    return event.start_mark.line + 1


def _scan(text: str, origin: str, max_depth: int, max_values: int) -> list[Duplicate]:
    duplicates: list[Duplicate] = []
    stack: list[_Open] = []
    values = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError([f"{origin}: anchors and aliases (&name, *name) are not allowed (line {_line(event)}); "
                              "write each value out"])
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            if stack:
                stack[-1].child_done()
            continue
        if not isinstance(event, _NODE_START):
            continue  # stream and document boundaries
        values += 1
        if values > max_values:
            raise InputError([f"{origin}: more than {max_values:,} values (keys, items and numbers); "
                              f"allowed: at most {max_values:,}"])
        parent = stack[-1] if stack else None
        if parent is not None and parent.mapping and parent.key is None:  # a key
            if not isinstance(event, yaml.ScalarEvent):
                raise InputError([f"{origin}: line {_line(event)}: a key must be plain text"])
            if event.value in parent.seen:
                path = (*(o.position() for o in stack[:-1]), event.value)
                duplicates.append(Duplicate(path, parent.seen[event.value], _line(event)))
            parent.seen[event.value] = _line(event)
            parent.key = event.value
        elif isinstance(event, yaml.ScalarEvent):  # a plain value
            if parent is not None:
                parent.child_done()
        else:  # a mapping or list opens
            if len(stack) >= max_depth:
                raise InputError([f"{origin}: nested more than {max_depth} levels deep (line {_line(event)}); "
                                  "simplify the conditions"])
            stack.append(_Open(mapping=isinstance(event, yaml.MappingStartEvent)))
    return duplicates


def load_yaml(text: str, origin: str, max_depth: int, max_values: int) -> tuple[object, list[Duplicate]]:
    """The data in ``text`` and the keys given twice in it; InputError for anything unsafe."""
    try:
        duplicates = _scan(text, origin, max_depth, max_values)
        loader = _Loader(text)  # the safe loader itself (libyaml's when installed): plain data only
        try:
            return loader.get_single_data(), duplicates
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError([f"{origin}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}"]) from None

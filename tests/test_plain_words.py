"""Plain words everywhere a person reads (issue #16).

1. ``data/labels.yaml``: every lever, every level and every response has exactly one label,
   and no label is a contract name.
2. The pages: no text a reader sees contains a contract name in snake_case (``proxy_attacks``,
   ``coercive_deterrence``, ``full_return``) or ``jcpoa`` as code spells it. Each page is opened
   with AppTest and every element is walked: Markdown, captions, titles, alerts, widget labels,
   help and options (as ``format_func`` shows them), metric cards, tab and expander labels, the
   column headers and text cells of tables, and the titles, axis titles and labelled data of the
   Vega-Lite charts. Code blocks (the share link) and inline code spans are left out: they show
   names on purpose. A failure names the page, the element and the word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pyarrow as pa
import pytest
import streamlit as st
from google.protobuf.json_format import MessageToDict

from dashboard.model import DRIVERS, INDICATORS, LEVER_LEVELS, RESPONSES, shipped_parameters
from dashboard.model.errors import InputError
from dashboard.model.labels import (
    SNAKE,
    change,
    contract_names_in,
    contract_words,
    in_plain_words,
    level_label,
    lever_label,
    load_labels,
    response_label,
    shipped_labels,
)
from tests.app_support import as_read, open_app, open_page

# --- 1. the labels ---------------------------------------------------------------------------


def test_every_lever_and_level_has_exactly_one_label():
    levers = shipped_labels().levers
    assert list(levers) == [*LEVER_LEVELS, "months"]
    for lever, levels in LEVER_LEVELS.items():
        assert list(levers[lever].levels) == list(levels), f"labels.yaml: {lever}: levels out of order or missing"
        assert levers[lever].label and levers[lever].help


def test_every_response_and_driver_has_a_label_short_and_meaning():
    indicators = shipped_parameters().indicators
    for name in INDICATORS:
        assert indicators[name].label and indicators[name].short and indicators[name].meaning, name


def all_labels() -> Iterator[tuple[str, str]]:
    for lever, words in shipped_labels().levers.items():
        yield f"levers.{lever}.label", words.label
        yield f"levers.{lever}.help", words.help
        for level, label in (words.levels or {}).items():
            yield f"levers.{lever}.levels.{level}", label
    for name, p in shipped_parameters().indicators.items():
        for field in ("label", "short", "meaning"):
            yield f"parameters.yaml: {name}.{field}", getattr(p, field)


@pytest.mark.parametrize("where,label", list(all_labels()))
def test_no_label_is_a_contract_name(where, label):
    assert "_" not in label and not contract_names_in(label), f"{where}: {label!r} is a name from the code"


def test_labels_within_a_lever_tell_its_levels_apart():
    for lever, levels in LEVER_LEVELS.items():
        words = [level_label(lever, level) for level in levels]
        assert len(set(words)) == len(words), f"{lever}: two levels read the same: {words}"
    shorts = [shipped_parameters().indicators[name].short for name in INDICATORS]
    assert len(set(shorts)) == len(shorts)


def test_words_for_the_examples_of_the_issue():
    assert level_label("lens", "coercive_deterrence") == "coercive deterrence (force deters)"
    assert level_label("jcpoa", "indirect_talks") == "indirect talks"
    assert level_label("jcpoa", "full_return") == "full return"
    assert level_label("direct_talks", True) == level_label("direct_talks", "true") == "yes"
    assert change("direct_talks", False, True) == "Direct bilateral talks: no → yes"
    assert lever_label("sanctions") == "Sanctions" and response_label("proxy_attacks").startswith("Militia attacks")
    assert in_plain_words("jcpoa at least interim_deal") == "JCPOA path at least interim deal"


def test_refused_words_cover_every_snake_case_name():
    names = {*LEVER_LEVELS, *RESPONSES, *DRIVERS, *(v for levels in LEVER_LEVELS.values() for v in levels)}
    assert {n for n in names if SNAKE.fullmatch(n)} | {"jcpoa"} == contract_words()
    assert contract_names_in("Direct bilateral talks: no → yes; JCPOA path: full return") == []
    assert contract_names_in("direct_talks: False → True") == ["direct_talks"]


@pytest.mark.parametrize("edit,words", [
    (lambda d: d["levers"].pop("jcpoa"), "missing ['jcpoa']"),
    (lambda d: d["levers"]["jcpoa"]["levels"].pop("full_return"), "levers.jcpoa.levels must name exactly"),
    (lambda d: d["levers"]["lens"].update(colour="red"), "lens.colour"),
])
def test_a_broken_labels_file_is_refused_with_its_field(tmp_path, edit, words):
    import yaml

    from dashboard.model.labels import LABELS_FILE

    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_labels(path)
    assert any(words in p and p.startswith("labels.yaml: ") for p in caught.value.problems), caught.value.problems


# --- 2. the pages ------------------------------------------------------------------------------

SKIP_KEYS = {"id", "formId", "queryParamKey", "spec", "datasets", "data", "arrowData", "iconName", "icon",
             "default", "rawValue", "rawValues", "setValue", "dataType", "format", "type", "selectionMode",
             "useContainerWidth", "theme", "language", "fragmentId", "deltaPath", "url", "pageScriptHash"}
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")  # a Markdown link's address (a share link) is not read: its text is


def _strings(value, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in SKIP_KEYS:
                yield from _strings(inner, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, path)
    elif isinstance(value, str):
        yield path, value


def _arrow(data: bytes):
    return pa.ipc.open_stream(data).read_all()


def _table_texts(table: pa.Table, fields: set[str] | None = None) -> Iterator[tuple[str, str]]:
    for name in table.column_names:
        if fields is None:
            yield "column header", str(name)
        if fields is not None and name not in fields:
            continue
        column = table.column(name)
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            for cell in set(column.to_pylist()):
                if cell:
                    yield f"column {name!r}", cell


def _spec_texts(spec) -> Iterator[tuple[str, str]]:
    """Titles, and every other string a chart draws (labels, header text), but not field names."""
    if isinstance(spec, dict):
        for key, inner in spec.items():
            if key in ("title", "text", "labelExpr") and isinstance(inner, (str, list)):
                yield from (("chart " + key, t) for t in ([inner] if isinstance(inner, str) else inner)
                            if isinstance(t, str))
            elif key not in ("data", "datasets", "field", "name", "$schema", "usermeta", "config", "params", "as"):
                yield from _spec_texts(inner)
    elif isinstance(spec, list):
        for inner in spec:
            yield from _spec_texts(inner)


SHOWN_CHANNELS = {"x", "y", "color", "text", "tooltip", "facet", "row", "column", "shape", "strokeDash"}


def _fields(spec, shown: bool = False) -> set[str]:
    """The data fields a chart shows: those of channels with axes, legends, headers, text or tooltips."""
    found = set()
    if isinstance(spec, dict):
        if shown and isinstance(spec.get("field"), str):
            found.add(spec["field"])
        for key, inner in spec.items():
            found |= _fields(inner, shown or key in SHOWN_CHANNELS)
    elif isinstance(spec, list):
        for inner in spec:
            found |= _fields(inner, shown)
    return found


def _nodes(node) -> Iterator:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def visible_texts(at) -> Iterator[tuple[str, str]]:
    """(where, text) for every text the page shows a reader, code left out."""
    for node in _nodes(at._tree):
        kind = getattr(node, "type", type(node).__name__)
        proto = getattr(node, "proto", None)
        if proto is None or kind in ("code",):
            continue
        where = f"{kind}"
        if kind == "vega_lite_chart" or (hasattr(proto, "spec") and kind.startswith("arrow_vega")):
            spec = json.loads(proto.spec)
            title = spec.get("title") or next((t for _, t in _spec_texts(spec)), "")
            where = f"chart {proto.id.rpartition('-')[2] or (title if isinstance(title, str) else title.get('text', ''))}"
            fields = _fields(spec)
            for what, text in _spec_texts(spec):
                yield f"{where} {what}", text
            datasets = [d.data.data for d in proto.datasets] + ([proto.data.data] if proto.HasField("data") else [])
            for data in datasets:
                for what, text in _table_texts(_arrow(data), fields):
                    yield f"{where} {what}", text
            continue
        if kind in ("arrow_data_frame", "arrow_table", "dataframe", "table"):
            table = _arrow(proto.arrow_data.data)
            for what, text in _table_texts(table):
                yield f"{kind} {what}", text
            for what, text in _table_texts(table, set(table.column_names)):
                yield f"{kind} {what}", text
            if kind == "dataframe" and proto.columns:  # column_config: shown headers and help
                for path, text in _strings(json.loads(proto.columns)):
                    yield f"{kind} column config ({path})", text
            continue
        try:
            found = MessageToDict(proto)
        except Exception:  # noqa: BLE001 — a node whose proto is not a message (any of protobuf's errors)
            continue
        label = found.get("label") or found.get("body", "")[:40]
        for path, text in _strings(found):
            yield f"{kind} {label!r} ({path})", text


# Known cases in files the author of this test does not own: (a regular expression matched
# against "where | word | the whole text", the file:line to switch to dashboard.model.labels).
# They make a test xfail, naming the file:line; anything else fails.
KNOWN: list[tuple[str, str]] = [
]


def contract_words_shown(at) -> list[str]:
    """Every contract name the page shows a reader, as "where | word | text". Known cases in
    others' files (KNOWN) turn the test into an xfail naming their file:line."""
    problems = set()
    for where, text in visible_texts(at):
        read = LINK_TARGET.sub("]", CODE_SPAN.sub(" ", as_read(text)))
        if re.fullmatch(r"(https?://|/)\S*", read.strip()):  # an address (a link column's cell): a share link
            continue
        for word in contract_names_in(read):
            problems.add(f"{where} | {word} | {read}")
    known = {fix for problem in problems for pattern, fix in KNOWN if re.search(pattern, problem, re.DOTALL)}
    new = sorted(p[:300] for p in problems if not any(re.search(pattern, p, re.DOTALL) for pattern, _ in KNOWN))
    assert new == [], "contract names on the page:\n" + "\n".join(new)
    if known:
        pytest.xfail("still to switch (files of others): " + "; ".join(sorted(known)))
    return sorted(problems)


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


LEVERS_SHOWN = {"lens": "coercive_deterrence", "jcpoa": "indirect_talks", "direct_talks": "true",
                "response_doctrine": "escalate", "strikes_iraq": "repeated"}


def dashboard_tabs():
    from dashboard.ui.app import TABS

    for tab in TABS:
        yield pytest.param(tab, id=tab)


@pytest.mark.parametrize("tab", dashboard_tabs())
def test_no_contract_name_on_the_dashboard(tab):
    at = open_app(tab=tab, **LEVERS_SHOWN)
    assert contract_words_shown(at) == []


def test_no_contract_name_on_the_history_page():
    at = open_page("from dashboard.ui.history_page import main\nmain()", lens="coercive_deterrence",
                   branch="2020-01", jcpoa="interim_deal", leadership_targeting="false")
    assert contract_words_shown(at) == []


def test_no_contract_name_on_the_seminar_page():
    at = open_page("from dashboard.ui.seminar import main\nmain()")
    assert contract_words_shown(at) == []


def test_the_share_link_still_holds_the_contract_names():
    """The words are for reading: the widgets return, and the link keeps, the contract names."""
    at = open_app(**LEVERS_SHOWN)
    assert at.sidebar.radio(key="lens").value == "coercive_deterrence"
    assert at.sidebar.select_slider(key="jcpoa").value == "indirect_talks"
    assert "coercive deterrence (force deters)" in at.sidebar.radio(key="lens").options
    at.sidebar.select_slider(key="jcpoa").set_value("full_return").run()
    assert at.query_params["jcpoa"] in ("full_return", ["full_return"])
    assert at.query_params["lens"] in ("coercive_deterrence", ["coercive_deterrence"])


# --- the room pages (their code is another helper's: known cases xfail with file:line) -------

ROOM_PAGE = "from dashboard.ui.rooms import main\nmain()"


@pytest.fixture
def rooms(tmp_path, monkeypatch):
    from dashboard.rooms import RoomStore
    from dashboard.rooms.limits import AddressLimits

    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr("dashboard.ui.room_shared.ADDRESSES", AddressLimits())
    return RoomStore(url)


def test_no_contract_name_on_the_room_pages(rooms):
    room, key = rooms.create_room("Seminar")
    student = open_page(ROOM_PAGE, room=room.code, strikes_iraq="repeated", jcpoa="full_return",
                        lens="coercive_deterrence")
    student.pills(key="room_predictions").set_value(["proxy_attacks"])
    student.button(key="room_submit").click().run()
    teacher = open_page(ROOM_PAGE, room=room.code, key=key)
    problems = []
    for page in (student, teacher):
        try:
            contract_words_shown(page)
        except pytest.xfail.Exception as known:
            problems.append(str(known))
    if problems:
        pytest.xfail("; ".join(problems))

"""Classroom rooms under AppTest: an instructor opens a room, a student submits, the
instructor's view shows it; bad codes, wrong keys and floods get clear messages."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dashboard.model import Scenario
from dashboard.rooms import RoomStore
from dashboard.rooms.schema import rooms as rooms_table
from tests.app_support import as_read, open_page
from tests.app_support import texts as read_texts

PAGE = "from dashboard.ui.rooms import main\nmain()"


@pytest.fixture
def rooms(tmp_path, monkeypatch) -> RoomStore:
    """A fresh SQLite database for the page (the page opens it from DATABASE_URL)."""
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return RoomStore(url)


@pytest.fixture(autouse=True)
def fresh_address_limits(monkeypatch):
    """Every AppTest comes from the same address ("local"): each test starts with none used."""
    from dashboard.rooms.limits import AddressLimits

    monkeypatch.setattr("dashboard.ui.room_shared.ADDRESSES", AddressLimits())


def used_up(kind: str) -> None:
    """This process has seen as many ``kind`` actions from "local" as its limit allows."""
    from dashboard.rooms.limits import ADDRESS_LIMITS
    from dashboard.ui import room_shared as page

    for _ in range(ADDRESS_LIMITS[kind][0][0]):
        page.ADDRESSES.record(kind, "local")


def open_room_page(**params) -> AppTest:
    return open_page(PAGE, **params)


def texts(at, kind: str) -> str:
    return read_texts(getattr(at, kind))


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_an_instructor_opens_a_room_and_gets_its_code_and_links(rooms):
    at = open_room_page()
    at.text_input(key="new_room_title").set_value("Week 5 seminar")
    at.button(key="open_room").click().run()
    assert not at.exception
    code = at.query_params["room"][0] if isinstance(at.query_params["room"], list) else at.query_params["room"]
    assert rooms.room(code).title == "Week 5 seminar"
    key = at.session_state["room_keys"][code]
    assert rooms.check_key(code, key).code == code
    links = [c.value for c in at.code]
    assert any(link.endswith(f"?room={code}") for link in links)
    assert any(link.endswith(f"?room={code}&key={key}") for link in links)  # shown once, to its creator...
    private = next(e for e in at.expander if "Private" in e.label)  # ...folded away, with a warning
    assert any(c.value.endswith(f"&key={key}") for c in private.code) and not private.proto.expanded
    assert "Anyone with this link" in texts(private, "warning")
    assert "key" not in at.query_params
    assert metric(at, "Submissions") == "0"
    assert at.get("image"), "the join link's QR code for phones"


def test_a_student_submits_and_the_instructor_view_shows_it(rooms):
    room, key = rooms.create_room("Seminar")
    student = open_room_page(room=room.code, sanctions="lifted")
    student.pills(key="room_predictions").set_value(["proxy_attacks", "nuclear_advance"])
    student.text_input(key="room_group").set_value("Group A")
    student.button(key="room_submit").click().run()
    assert not student.exception
    assert "Submitted at" in texts(student, "success")
    assert "You and the model agree on" in [m.label for m in student.metric]
    assert "[See why on the Dashboard](/?sanctions=lifted)" in texts(student, "caption")

    rows = rooms.submissions(room.code, key)
    assert len(rows) == 1 and rows[0].group == "Group A"
    assert rows[0].scenario == Scenario(sanctions="lifted")
    assert rows[0].predictions == ("proxy_attacks", "nuclear_advance")

    teacher = open_room_page(room=room.code, key=key)
    assert metric(teacher, "Submissions") == "1"
    assert "key" not in teacher.query_params  # taken out of the address bar
    table = next(df.value for df in teacher.dataframe if "agrees with the model" in df.value.columns)
    assert list(table["student"]) == ["Group A"]
    assert list(table["predicted to rise"]) == ["Militia attacks, Nuclear advance"]
    assert list(table["options"]) == ["/?sanctions=lifted"]  # opens that submission on the Dashboard
    # every chart has its table: the lever counts, the paths (month x student), the predictions
    tables = [df.value for df in teacher.dataframe]
    assert any("Group A" in t.columns and len(t) == 25 for t in tables)  # 24 months and the start
    assert any("prediction matched the model" in t.columns for t in tables)
    assert teacher.get("vega_lite_chart") or teacher.get("arrow_vega_lite_chart")


def test_resubmitting_replaces_the_students_row(rooms):
    room, key = rooms.create_room("Seminar")
    student = open_room_page(room=room.code)
    student.button(key="room_submit").click().run()
    student.session_state["room_submissions"] = []  # past the rate limit, as if time had passed
    student.select_slider(key="strikes_iran").set_value("repeated")
    student.button(key="room_submit").click().run()
    rows = rooms.submissions(room.code, key)
    assert len(rows) == 1 and rows[0].scenario.strikes_iran == "repeated"


def test_submitting_twice_at_once_is_refused_with_the_wait(rooms):
    room, key = rooms.create_room("Seminar")
    student = open_room_page(room=room.code)
    student.button(key="room_submit").click().run()
    student.button(key="room_submit").click().run()
    assert "Too many attempts: you can submit again in" in texts(student, "warning")
    assert len(rooms.submissions(room.code, key)) == 1


def test_a_student_cannot_see_the_class(rooms):
    room, _ = rooms.create_room("Seminar")
    rooms.submit(room.code, "someone-else", Scenario(strikes_iran="sustained"), "Other group", ["escalation_risk"])
    student = open_room_page(room=room.code)
    assert "Submissions" not in [m.label for m in student.metric]
    assert not student.dataframe  # nothing of anyone else's
    page = texts(student, "markdown")
    assert "Other group" not in page


@pytest.mark.parametrize("code", ["ZZZZZZ", "abcd"])
def test_an_unknown_room_code_gets_a_clear_message(rooms, code):
    at = open_room_page(room=code)
    assert f"No open room with code '{code.upper()}'" in texts(at, "error")
    assert at.button(key="join")  # and the page offers to join another


def test_an_expired_room_is_gone(rooms, tmp_path, monkeypatch):
    room, _ = rooms.create_room("Seminar")
    rooms.engine.dispose()
    from datetime import timedelta

    from dashboard.rooms.store import utc_now
    later = RoomStore(f"sqlite:///{tmp_path / 'rooms.sqlite3'}", clock=lambda: utc_now() + timedelta(hours=49))
    later.purge_expired()
    at = open_room_page(room=room.code)
    assert "No open room with code" in texts(at, "error")


def test_a_hand_edited_code_is_named_with_what_is_allowed(rooms):
    at = open_room_page(room="<script>alert(1)</script>")
    assert "room takes a room code (4 to 12 letters and digits)" in texts(at, "warning")
    assert not at.error


def test_a_wrong_instructor_key_opens_only_the_student_view(rooms):
    room, _ = rooms.create_room("Seminar")
    at = open_room_page(room=room.code, key="x" * 24)
    assert "This instructor link does not open room" in texts(at, "error")
    assert "Submissions" not in [m.label for m in at.metric]
    assert at.button(key="room_submit")


def test_a_closed_room_takes_no_submissions(rooms):
    room, key = rooms.create_room("Seminar")
    teacher = open_room_page(room=room.code, key=key)
    teacher.button(key="room_close").click().run()
    assert rooms.room(room.code).closed
    student = open_room_page(room=room.code)
    assert "closed this room" in texts(student, "warning")
    assert student.button(key="room_submit").disabled


def test_the_instructor_deletes_the_room(rooms):
    room, key = rooms.create_room("Seminar")
    rooms.submit(room.code, "s1", Scenario(), "", [])
    teacher = open_room_page(room=room.code, key=key)
    teacher.checkbox(key="room_delete_sure").check().run()
    teacher.button(key="room_delete").click().run()
    assert not teacher.exception
    with pytest.raises(Exception, match="No open room"):
        rooms.room(room.code)


def test_a_database_outage_gets_a_message_not_a_traceback(rooms, monkeypatch):
    from sqlalchemy.exc import OperationalError

    room, key = rooms.create_room("Seminar")

    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection to postgresql://u:secret@db refused"))

    monkeypatch.setattr(RoomStore, "room", down)
    at = open_room_page(room=room.code)
    assert "The rooms database cannot be reached just now" in texts(at, "error")
    assert "secret" not in texts(at, "error")
    monkeypatch.undo()
    monkeypatch.setenv("DATABASE_URL", str(rooms.engine.url))
    monkeypatch.setattr(RoomStore, "submissions", down)
    teacher = open_room_page(room=room.code, key=key)
    assert "The rooms database cannot be reached just now" in texts(teacher, "error")


room_names = st.sampled_from(["room", "key", "sanctions", "iraq", "months", "x", ""])
room_values = st.one_of(st.text(max_size=70), st.sampled_from(["ABCDEF", "abcdef", "0O1IL", "Z" * 13, "k" * 24]))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(room_names, room_values, max_size=4))
def test_any_room_link_gives_a_page_never_a_traceback(rooms, params):
    """A hand-edited room link: the page opens (the lobby, a room, or a message); nothing is created."""
    at = open_room_page(**params)  # asserts no exception
    assert at.title or at.error or at.warning
    with rooms.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(rooms_table)).scalar_one() == 0


def test_a_database_url_given_as_a_streamlit_secret_is_used(tmp_path):
    """Hosted on Community Cloud, DATABASE_URL is a secret (.streamlit/secrets.toml); run in a
    fresh process, since Streamlit's secrets are loaded once per process."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    database = tmp_path / "from_secret.sqlite3"
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'DATABASE_URL = "sqlite:///{database}"\n')
    script = ("from streamlit.testing.v1 import AppTest\n"
              f"at = AppTest.from_string({PAGE!r}, default_timeout=60); at.run()\n"
              "assert not at.exception, at.exception\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ROOMS_DATA_DIR")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, check=True, timeout=120,
                   capture_output=True)
    assert database.exists()


def test_guessing_codes_is_slowed_down(rooms):
    at = open_room_page()
    for attempt in range(11):
        at.text_input(key="join_code").set_value(f"ZZZZ{attempt:02d}".replace("0", "A").replace("1", "B"))
        at.button(key="join").click().run()
    assert "Too many attempts: you can try a code again in" in texts(at, "warning")
    assert "No open room with code" not in texts(at, "error")  # the 11th code was not even looked up


def test_codes_in_links_are_limited_like_typed_ones_across_sessions(rooms):
    room, _ = rooms.create_room("Seminar")
    used_up("miss")  # a script has tried many codes from this address, each in a new session
    at = open_room_page(room=room.code)
    assert "Too many unknown codes from your network" in texts(at, "warning")
    assert "room_submit" not in [b.key for b in at.button]  # the lobby, not the room


def test_a_flood_of_submissions_from_one_address_is_refused_with_the_wait(rooms):
    room, key = rooms.create_room("Seminar")
    used_up("submit")
    student = open_room_page(room=room.code)
    student.button(key="room_submit").click().run()
    assert "Too many attempts from your network: you can submit again in" in texts(student, "warning")
    assert rooms.submissions(room.code, key) == []


def test_the_instructor_locks_the_room_and_removes_a_submission(rooms):
    room, key = rooms.create_room("Seminar")
    rooms.submit(room.code, "script1", Scenario(), "Bot", [])
    rooms.submit(room.code, "student1", Scenario(), "Real group", [])
    teacher = open_room_page(room=room.code, key=key)
    teacher.toggle(key="room_locked").set_value(True).run()
    assert rooms.room(room.code).locked and metric(teacher, "Room") == "locked"

    newcomer = open_room_page(room=room.code)
    assert "locked this room" in texts(newcomer, "info")
    newcomer.button(key="room_submit").click().run()
    assert "is locked: the instructor takes no new students" in texts(newcomer, "error")

    teacher.session_state["room_remove_open"] = True
    teacher.run()
    teacher.selectbox(key="room_remove_which").set_value("script1").run()
    teacher.button(key="room_remove").click().run()
    assert [row.group for row in rooms.submissions(room.code, key)] == ["Real group"]


# --- issue #16: plain words, the instructor's flow, waits ------------------------------------

def visible_text(at) -> str:
    """What a reader sees, roughly: titles, headers, Markdown, captions, alerts, metric and
    widget labels, and the shown options of pills (code blocks, the share links, left out)."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                  "success", "error") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [w.label for kind in ("select_slider", "toggle", "radio", "text_input", "button", "selectbox")
              for w in getattr(at, kind)]
    for group in at.get("button_group"):
        parts += [o.content for o in group.proto.options] if hasattr(group.proto, "options") else []
    for table in at.table:
        parts += [" ".join(map(str, table.value.columns)), table.value.to_string()]
    return re.sub(r"\]\([^)]*\)", "]", as_read("\n".join(parts)))  # a link's target is not read


def test_the_student_page_names_no_contract_name(rooms):
    from dashboard.model.labels import contract_names_in

    room, _ = rooms.create_room("Seminar")
    student = open_room_page(room=room.code, strikes_iraq="repeated", response_doctrine="escalate",
                             lens="coercive_deterrence", jcpoa="full_return")
    student.pills(key="room_predictions").set_value(["proxy_attacks"])
    student.button(key="room_submit").click().run()
    text = visible_text(student)
    assert "Strikes in Iraq: repeated" in text and "How the US answers each new attack: escalate" in text
    assert contract_names_in(text) == [], contract_names_in(text)
    table = student.table[0].value  # the model's answer: four short columns, every one visible on a phone
    assert list(table.columns) == ["Response", "You", "Model", "Agree"] and len(table) == 10


def test_the_student_page_has_its_levers_in_the_main_column(rooms):
    room, _ = rooms.create_room("Seminar")
    student = open_room_page(room=room.code)
    assert not student.sidebar.select_slider and not student.sidebar.toggle
    assert {s.key for s in student.main.select_slider} >= {"strikes_iraq", "sanctions", "jcpoa"}
    student.select_slider(key="strikes_iraq").set_value("repeated").run()
    assert "Strikes in Iraq: repeated" in texts(student, "caption")


def test_the_class_view_names_levers_and_levels_in_words(rooms):
    import json

    import pyarrow as pa

    from dashboard.model.labels import contract_names_in, lever_label

    room, key = rooms.create_room("Seminar")
    rooms.submit(room.code, "s1", Scenario(jcpoa="full_return", lens="coercive_deterrence"), "A", ["proxy_attacks"])
    teacher = open_room_page(room=room.code, key=key)
    charts = teacher.get("vega_lite_chart") or teacher.get("arrow_vega_lite_chart")
    chart = next(c for c in charts if "facet" in json.loads(c.proto.spec))
    data = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    assert set(data["lever"]) == {lever_label(lever) for lever in ("strikes_syria", "strikes_iraq", "strikes_iran",
                                                                    "leadership_targeting", "sanctions", "jcpoa",
                                                                    "direct_talks", "response_doctrine", "lens")}
    assert contract_names_in(" ".join(map(str, [*data["lever"], *data["level"]]))) == []
    assert contract_names_in(visible_text(teacher)) == []
    choices = next(df.value for df in teacher.dataframe if "JCPOA path" in df.value.columns)
    assert "full return" in choices.index


def test_a_wait_is_rounded_up_and_never_zero_seconds(rooms):
    from dashboard.ui.rooms import in_time

    assert [in_time(w) for w in (0.0, 0.4, 0.999, 1.0, 2.2, 4.99)] == [
        "in a moment", "in a moment", "in a moment", "in 1 s", "in 3 s", "in 5 s"]
    room, _ = rooms.create_room("Seminar")
    student = open_room_page(room=room.code)
    student.button(key="room_submit").click().run()
    student.button(key="room_submit").click().run()
    warning = texts(student, "warning")
    assert "you can submit again in" in warning and "in 0 s" not in warning


def test_the_projector_view_shows_no_private_link_and_no_controls(rooms):
    at = open_room_page()
    at.button(key="open_room").click().run()
    key = next(iter(at.session_state["room_keys"].values()))
    at.toggle(key="projector").set_value(True).run()
    assert not any(key in c.value for c in at.code)
    assert not [e for e in at.expander if "Private" in e.label]
    assert "room_delete" not in [b.key for b in at.button] and metric(at, "Submissions") == "0"
    at.toggle(key="room_big").set_value(True).run()  # large type: the page's CSS, and the charts' own text
    assert any("font-size" in h.proto.body for h in at.get("html"))


def test_a_browser_that_kept_the_key_reopens_the_instructor_view(rooms, monkeypatch):
    """After a reload (a new session) the cookie the instructor's page set brings the view back."""
    room, key = rooms.create_room("Seminar")
    monkeypatch.setattr("dashboard.ui.rooms.st.context", type("Context", (), {
        "cookies": {f"room_key_{room.code}": key}, "url": "", "ip_address": None, "headers": {}})())
    at = open_room_page(room=room.code)
    assert metric(at, "Submissions") == "0" and "key" not in at.query_params
    monkeypatch.setattr("dashboard.ui.rooms.st.context", type("Context", (), {
        "cookies": {f"room_key_{room.code}": "x" * 24}, "url": "", "ip_address": None, "headers": {}})())
    stale = open_room_page(room=room.code)
    assert stale.button(key="room_submit") and "Submissions" not in [m.label for m in stale.metric]


def test_the_seminar_says_no_new_us_action_in_capitals():
    at = open_page("from dashboard.ui.seminar import main\nmain()", case="status_quo_2021")
    assert "Compared with **no new US action**" in "\n".join(m.value for m in at.markdown)


def test_an_instructor_on_a_shared_computer_leaves_the_view(rooms, monkeypatch):
    room, key = rooms.create_room("Seminar")
    monkeypatch.setattr("dashboard.ui.rooms.st.context", type("Context", (), {  # the session started with it
        "cookies": {f"room_key_{room.code}": key}, "url": "", "ip_address": None, "headers": {}})())
    teacher = open_room_page(room=room.code)
    assert metric(teacher, "Submissions") == "0"
    teacher.button(key="room_leave").click().run()
    assert teacher.button(key="room_submit") and "Submissions" not in [m.label for m in teacher.metric]
    assert any("Max-Age=0" in h.proto.body for h in teacher.get("html"))  # the browser drops its cookie

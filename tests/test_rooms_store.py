"""The classroom rooms store, the same suite on SQLite and PostgreSQL (see tests/rooms_support.py)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select

from dashboard.model import LEVER_LEVELS, LEVERS, RESPONSES, InputError, Scenario
from dashboard.rooms import (
    NotAllowed,
    Room,
    RoomBusy,
    RoomClosed,
    RoomError,
    RoomLocked,
    RoomNotFound,
    RoomStore,
    SubmissionRow,
    TooMany,
    room_lifetime,
)
from dashboard.rooms import (
    database_url as configured_url,
)
from dashboard.rooms.limits import ROOM_JOINS
from dashboard.rooms.schema import LATEST_VERSION, MIGRATIONS, rooms, schema_version, submissions, write_transaction
from dashboard.rooms.store import CODE_ALPHABET
from tests import rooms_support
from tests.rooms_support import LIFETIME, random_scenario

ROOT = Path(__file__).resolve().parents[1]
clock, database_url, store = rooms_support.clock, rooms_support.database_url, rooms_support.store  # fixtures


def student(n: int) -> str:
    return f"student{n:03d}"


def codes_in(store, table) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(table.c.room_code if table is submissions else table.c.code)).scalars())


# --- rooms -------------------------------------------------------------------------------


def test_a_new_room_has_a_readable_code_and_a_key_kept_only_as_a_hash(store):
    room, key = store.create_room("  Seminar 3: deterrence  ")
    assert room.title == "Seminar 3: deterrence" and not room.closed
    assert len(room.code) == 6 and set(room.code) <= set(CODE_ALPHABET) and not set(room.code) & set("0O1IL")
    assert room.expires_at - room.created_at == LIFETIME
    assert room.created_at.tzinfo == UTC
    assert store.room(f"  {room.code.lower()} ") == room  # codes are typed by hand
    with store.engine.connect() as conn:
        stored = conn.execute(select(rooms)).one()
    assert key not in tuple(str(value) for value in stored) and len(key) >= 24


@pytest.mark.parametrize("title", ["", "   ", "x" * 81, "two\nlines", None])
def test_a_room_needs_a_short_printable_title(store, title):
    with pytest.raises(RoomError, match=r"^title: "):
        store.create_room(title)


@pytest.mark.parametrize("code", ["'; DROP TABLE rooms;--", "", "ABC", "ABCDEFGHJKMNP", "ABC0O1", "x" * 10_000, None, 12])
def test_junk_codes_are_not_found_and_never_queried(store, code):
    with pytest.raises(RoomNotFound) as caught:
        store.room(code)
    assert len(str(caught.value)) < 160 and "\n" not in str(caught.value)
    assert "No open room with code" in str(caught.value) and "48 hours" in str(caught.value)
    assert inspect(store.engine).has_table("rooms")


def test_an_unknown_code_is_not_found(store):
    with pytest.raises(RoomNotFound, match=r"^No open room with code 'ABC234': it may have expired \(rooms last 48 hours\)"):
        store.submit("ABC234", student(1), {})


# --- submissions -------------------------------------------------------------------------


def test_thirty_students_submitting_at_once_all_land(store, request):
    room, key = store.create_room("Thirty at once")
    rng = random.Random(30)
    chosen = {student(n): (random_scenario(rng), rng.sample(RESPONSES, rng.randint(0, 3))) for n in range(30)}
    start_together = threading.Barrier(len(chosen), timeout=60)

    def submit(student_id: str) -> SubmissionRow:
        start_together.wait()
        scenario, predictions = chosen[student_id]
        return store.submit(room.code, student_id, scenario, "", predictions)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
        results = list(pool.map(submit, chosen))
    print(f"\n30 concurrent submissions on {request.node.callspec.id}: {time.perf_counter() - started:.2f} s")

    assert [row.student_id for row in results] == list(chosen)
    summary = store.summary(room.code, key)
    assert summary.count == 30 == len(store.submissions(room.code, key))
    expected_levels = Counter((lever, levels[lever]) for levels, _ in chosen.values() for lever in LEVER_LEVELS)
    assert summary.lever_counts == {
        lever: {level: expected_levels[lever, level] for level in levels} for lever, levels in LEVER_LEVELS.items()
    }
    expected_predictions = Counter(response for _, predicted in chosen.values() for response in predicted)
    assert summary.prediction_counts == {response: expected_predictions[response] for response in RESPONSES}


def test_a_resubmission_replaces_only_that_students_row(store):
    room, key = store.create_room("Second thoughts")
    store.submit(room.code, student(1), {"sanctions": "lifted"}, "Group A", ["proxy_attacks"])
    other = store.submit(room.code, student(2), {"sanctions": "current"}, "Group B", ["escalation_risk"])
    latest = store.submit(room.code, student(1), {"sanctions": "maximum", "direct_talks": True}, "Group C", [])

    rows = store.submissions(room.code, key)
    assert [row.student_id for row in rows] == [student(2), student(1)]  # by time of the latest submission
    assert rows == [other, latest]
    assert latest.scenario == Scenario(sanctions="maximum", direct_talks=True)
    assert latest.group == "Group C" and latest.predictions == ()
    assert store.submission(room.code, student(1)) == latest
    assert store.summary(room.code, key).lever_counts["sanctions"] == {
        "lifted": 0, "eased": 0, "current": 1, "tightened": 0, "maximum": 1,
    }


def test_the_summary_counts_every_level_and_prediction(store):
    room, key = store.create_room("Counts")
    assert store.summary(room.code, key).count == 0
    store.submit(room.code, student(1), {"strikes_iran": "sustained", "lens": "coercive_deterrence"}, "",
                 ["escalation_risk", "proxy_attacks", "escalation_risk"])
    last = store.submit(room.code, student(2), Scenario(strikes_iran="sustained"), "", ["escalation_risk"])

    summary = store.summary(room.code, key)
    assert summary.count == 2 and summary.last_submitted_at == last.submitted_at
    assert summary.lever_counts["strikes_iran"] == {"none": 0, "limited": 0, "repeated": 0, "sustained": 2}
    assert summary.lever_counts["lens"] == {"reciprocity": 1, "coercive_deterrence": 1}
    assert summary.lever_counts["leadership_targeting"] == {"false": 2, "true": 0}
    assert set(summary.lever_counts) == set(LEVERS)
    assert summary.prediction_counts == {r: {"escalation_risk": 2, "proxy_attacks": 1}.get(r, 0) for r in RESPONSES}
    assert store.submission(room.code, student(1)).predictions == ("proxy_attacks", "escalation_risk")  # RESPONSES order


def test_an_expired_room_is_gone_and_purged_with_its_submissions(store, clock):
    old, old_key = store.create_room("Monday")
    store.submit(old.code, student(1), {})
    clock.advance(LIFETIME - timedelta(minutes=1))
    recent, _ = store.create_room("Tuesday")
    store.submit(recent.code, student(1), {})
    clock.advance(timedelta(minutes=2))

    for attempt in (lambda: store.room(old.code), lambda: store.submit(old.code, student(2), {}),
                    lambda: store.submissions(old.code, old_key), lambda: store.submission(old.code, student(1))):
        with pytest.raises(RoomNotFound):
            attempt()
    assert store.purge_expired() == 1
    assert codes_in(store, rooms) == [recent.code]
    assert codes_in(store, submissions) == [recent.code]
    assert store.purge_expired() == 0


def test_creating_a_room_purges_the_expired_ones(store, clock):
    old, _ = store.create_room("Old")
    store.submit(old.code, student(1), {})
    clock.advance(LIFETIME)
    new, _ = store.create_room("New")
    assert codes_in(store, rooms) == [new.code] and codes_in(store, submissions) == []


def test_only_the_instructor_key_opens_the_rooms_submissions(store):
    room, key = store.create_room("Keys")
    other_room, other_key = store.create_room("Another class")
    store.submit(room.code, student(1), {}, "", ["proxy_attacks"])
    for wrong in ("", "guess", other_key, key + "x", None):
        for action in (store.submissions, store.summary, store.close, store.delete, store.check_key):
            with pytest.raises(NotAllowed, match=f"^Wrong instructor key for room '{room.code}'"):
                action(room.code, wrong)
    assert store.check_key(room.code, key) == room
    assert store.room(room.code) == room and not room.closed  # nothing above changed it
    assert store.submission(room.code, student(2)) is None  # a student sees only their own
    assert store.submission(other_room.code, student(1)) is None
    assert store.submission(room.code, student(1)).predictions == ("proxy_attacks",)


def test_a_closed_room_refuses_submissions_but_keeps_them(store):
    room, key = store.create_room("Closing")
    store.submit(room.code, student(1), {})
    assert store.close(room.code, key).closed and store.room(room.code).closed
    for student_id in (student(1), student(2)):
        with pytest.raises(RoomClosed, match=f"^Room '{room.code}' is closed"):
            store.submit(room.code, student_id, {"sanctions": "lifted"})
    assert [row.scenario for row in store.submissions(room.code, key)] == [Scenario()]


def test_a_deleted_room_and_its_submissions_are_gone(store):
    room, key = store.create_room("Deleting")
    kept, _ = store.create_room("Kept")
    for code in (room.code, kept.code):
        store.submit(code, student(1), {})
    store.delete(room.code, key)
    with pytest.raises(RoomNotFound):
        store.room(room.code)
    assert codes_in(store, submissions) == [kept.code]


def test_a_room_deleted_while_students_submit_leaves_no_orphans(store):
    room, key = store.create_room("Deleted mid-class")
    start_together = threading.Barrier(11, timeout=60)

    def submit(n: int) -> str:
        start_together.wait()
        try:
            return type(store.submit(room.code, student(n), {})).__name__
        except RoomNotFound:
            return "RoomNotFound"

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = [pool.submit(submit, n) for n in range(10)]
        start_together.wait()
        store.delete(room.code, key)
    assert {outcome.result() for outcome in outcomes} <= {"SubmissionRow", "RoomNotFound"}
    assert codes_in(store, submissions) == [] and codes_in(store, rooms) == []


def test_a_full_room_refuses_new_students_but_not_resubmissions(store, monkeypatch):
    monkeypatch.setattr("dashboard.rooms.store.MAX_SUBMISSIONS_PER_ROOM", 3)
    room, key = store.create_room("Small class")
    for n in range(3):
        store.submit(room.code, student(n), {})
    with pytest.raises(TooMany, match="is full: it takes at most 3 submissions"):
        store.submit(room.code, student(3), {})
    store.submit(room.code, student(0), {"sanctions": "eased"})
    assert store.summary(room.code, key).count == 3


def test_a_class_joining_over_ten_minutes_gets_in_but_a_flood_of_joins_does_not(store, clock):
    room, key = store.create_room("Behind one school address")
    for n in range(200):  # a real class: 200 students, one every 3 s
        store.submit(room.code, student(n), {})
        clock.advance(timedelta(seconds=3))
    assert store.summary(room.code, key).count == 200

    flooded, _ = store.create_room("Filled by a script")
    landed, refusals = 0, set()
    for n in range(200):  # 200 new students in 10 s
        try:
            store.submit(flooded.code, student(n), {})
            landed += 1
        except RoomBusy as exc:
            refusals.add(str(exc))
        clock.advance(timedelta(milliseconds=50))
    assert landed == ROOM_JOINS[0]
    assert refusals == {f"Room '{flooded.code}' is busy: {ROOM_JOINS[0]} students joined in the last 60 s; "
                        "please submit again in a few seconds."}
    store.submit(flooded.code, student(0), {"sanctions": "eased"})  # those in may resubmit meanwhile
    clock.advance(timedelta(seconds=60))
    store.submit(flooded.code, student(999), {})  # and a minute later the room takes students again


def test_a_locked_room_takes_no_new_students_but_lets_those_in_resubmit(store):
    room, key = store.create_room("Locked once the class is in")
    store.submit(room.code, student(1), {})
    assert store.lock(room.code, key).locked and store.room(room.code).locked
    with pytest.raises(RoomLocked, match="is locked: the instructor takes no new students"):
        store.submit(room.code, student(2), {})
    assert store.submit(room.code, student(1), {"sanctions": "lifted"}).scenario.sanctions == "lifted"
    with pytest.raises(NotAllowed):
        store.lock(room.code, "not-the-key")
    store.lock(room.code, key, locked=False)
    store.submit(room.code, student(2), {})
    assert store.summary(room.code, key).count == 2


def test_the_instructor_removes_one_submission(store):
    room, key = store.create_room("A script got in")
    for n in range(3):
        store.submit(room.code, student(n), {})
    with pytest.raises(NotAllowed):
        store.remove_submission(room.code, "not-the-key", student(1))
    store.remove_submission(room.code, key, student(1))
    assert [row.student_id for row in store.submissions(room.code, key)] == [student(0), student(2)]
    with pytest.raises(RoomError, match="no submission from 'student001'"):
        store.remove_submission(room.code, key, student(1))


def test_a_version_2_database_is_migrated_with_its_rooms_kept(database_url, clock):
    from dashboard.rooms.schema import make_engine

    engine = make_engine(database_url)  # the schema as version 2 left it, with a room in it
    for version, apply in MIGRATIONS[:2]:
        with write_transaction(engine) as conn:
            schema_version.create(conn, checkfirst=True)
            apply(conn)
            conn.execute(schema_version.insert().values(version=version))
    now = clock()
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("INSERT INTO rooms (code, title, key_hash, created_at, expires_at, closed) VALUES "
                             f"('KQXRMN', 'Old', 'x', '{now.replace(tzinfo=None)}', "
                             f"'{(now + LIFETIME).replace(tzinfo=None)}', FALSE)")
    engine.dispose()
    upgraded = RoomStore(database_url, clock=clock, lifetime=LIFETIME)
    try:
        assert upgraded.schema_version == LATEST_VERSION
        old = upgraded.room("KQXRMN")
        assert old.title == "Old" and not old.locked
        upgraded.submit("KQXRMN", student(1), {})
    finally:
        upgraded.engine.dispose()


@pytest.mark.parametrize(
    "change, error, field",
    [
        ({"scenario": {"strikes_everywhere": "none"}}, InputError, "strikes_everywhere: unknown field; allowed: strikes_syria"),
        ({"scenario": {"sanctions": "crippling"}}, InputError, "sanctions: 'crippling' is not allowed; allowed: lifted, eased"),
        ({"scenario": {"months": 99}}, InputError, "months: 99 is not allowed; allowed: a whole number from 1 to 36"),
        ({"scenario": ["sanctions"]}, InputError, "scenario: expected a JSON object"),
        ({"scenario": {"lens": "x" * 10_000}}, InputError, "lens: 'xxxxx"),
        ({"group": "g" * 10_000}, RoomError, "group: at most 40 characters are allowed (got 10000)"),
        ({"group": "tab\there"}, RoomError, "group: only printable characters"),
        ({"group": 7}, RoomError, "group: expected text, got int"),
        ({"predictions": ["war"]}, RoomError, "predictions: 'war' is not allowed; allowed: proxy_attacks, "),
        ({"predictions": "proxy_attacks"}, RoomError, "predictions: expected a list of responses, got str"),
        ({"student_id": "../../etc"}, RoomError, "student_id: allowed: 1 to 64 characters"),
        ({"student_id": "s" * 65}, RoomError, "student_id: "),
        ({"code": "'; DROP TABLE rooms;--"}, RoomNotFound, "No open room with code \"'; DROP TABLE rooms;--\""),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(store, change, error, field):
    room, key = store.create_room("Bad input")
    submission = {"code": room.code, "student_id": student(1), "scenario": {}, "group": "", "predictions": ()}
    with pytest.raises(error) as caught:
        store.submit(**{**submission, **change})
    message = str(caught.value)
    assert message.startswith(field) and len(message) < 400 and "\n" not in message
    assert store.summary(room.code, key).count == 0


# --- schema, restarts, configuration ----------------------------------------------------


def test_migrations_are_recorded_once_and_rerunning_them_is_harmless(store):
    room, key = store.create_room("Before the second start")
    again = RoomStore(str(store.engine.url.render_as_string(hide_password=False)), lifetime=LIFETIME, clock=store.clock)
    try:
        assert store.schema_version == again.schema_version == LATEST_VERSION
        with again.engine.connect() as conn:
            assert list(conn.execute(select(schema_version.c.version)).scalars()) == list(range(1, LATEST_VERSION + 1))
        assert again.check_key(room.code, key) == room
        indexes = {index["name"] for index in inspect(again.engine).get_indexes("submissions")}
        assert "submissions_by_room_and_time" in indexes
        for table in (rooms, submissions):
            assert {c["name"] for c in inspect(again.engine).get_columns(table.name)} == set(table.c.keys())
    finally:
        again.engine.dispose()


def test_processes_starting_at_once_migrate_the_database_once(database_url):
    starting = [
        subprocess.Popen([sys.executable, "-c", "import sys; from dashboard.rooms import RoomStore; RoomStore(sys.argv[1])",
                          database_url], cwd=ROOT, env=_child_env(), stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for process in starting:
        assert process.wait(timeout=120) == 0, process.stderr.read()
    check = RoomStore(database_url)
    try:
        with check.engine.connect() as conn:
            assert sorted(conn.execute(select(schema_version.c.version)).scalars()) == list(range(1, LATEST_VERSION + 1))
    finally:
        check.engine.dispose()


WRITE = """
import json, sys
from dashboard.rooms import RoomStore
store = RoomStore(sys.argv[1])
room, key = store.create_room("Survives a restart")
store.submit(room.code, "student001", {"sanctions": "lifted"}, "Group A", ["escalation_risk"])
print(json.dumps({"code": room.code, "key": key}))
"""
READ = """
import json, sys
from dashboard.rooms import RoomStore
rows = RoomStore(sys.argv[1]).submissions(sys.argv[2], sys.argv[3])
print(json.dumps([[row.student_id, row.group, row.scenario.sanctions, list(row.predictions)] for row in rows]))
"""


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "ROOMS_TTL_HOURS": "48"}


def _run(script: str, *args: str) -> object:
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=_child_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_submissions_survive_a_restart(database_url):
    written = _run(WRITE, database_url)
    expected = [["student001", "Group A", "lifted", ["escalation_risk"]]]
    assert _run(READ, database_url, written["code"], written["key"]) == expected
    restart = os.environ.get("TEST_POSTGRES_RESTART", "").strip()
    if database_url.startswith("postgresql") and restart:
        subprocess.run(restart, shell=True, check=True, timeout=120, capture_output=True)
        assert _run(READ, database_url, written["code"], written["key"]) == expected


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/rooms")
    assert configured_url() == "postgresql+psycopg://u:p@db.example:5432/rooms"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.example/rooms")
    assert configured_url() == "postgresql+psycopg://u:p@db.example/rooms"
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("ROOMS_DATA_DIR", str(tmp_path / "data"))
    assert configured_url() == f"sqlite:///{tmp_path / 'data' / 'rooms.sqlite3'}"
    assert (tmp_path / "data").is_dir()


@pytest.mark.parametrize("url", ["mysql://u:secret@host/db", "not a url :secret", "postgres"])
def test_an_unsupported_database_url_is_refused_without_echoing_it(url):
    with pytest.raises(ValueError, match=r"^DATABASE_URL: not a supported database URL; allowed: postgresql://") as caught:
        RoomStore(url, lifetime=LIFETIME)
    assert "secret" not in str(caught.value)


def test_a_platforms_postgres_url_gets_the_psycopg_driver(database_url):
    if not database_url.startswith("postgresql+psycopg://"):
        pytest.skip("PostgreSQL only")
    platform_style = RoomStore(database_url.replace("postgresql+psycopg://", "postgres://"), lifetime=LIFETIME)
    try:
        assert platform_style.engine.dialect.driver == "psycopg" and platform_style.schema_version == LATEST_VERSION
    finally:
        platform_style.engine.dispose()


@pytest.mark.parametrize("hours, expected", [(None, 48), ("0.5", 0.5), ("720", 720)])
def test_room_lifetime_comes_from_the_environment(monkeypatch, hours, expected):
    if hours is None:
        monkeypatch.delenv("ROOMS_TTL_HOURS", raising=False)
    else:
        monkeypatch.setenv("ROOMS_TTL_HOURS", hours)
    assert room_lifetime() == timedelta(hours=expected)


@pytest.mark.parametrize("hours", ["0", "721", "-3", "nan", "inf", "two days"])
def test_a_bad_room_lifetime_names_the_setting_and_its_range(monkeypatch, hours):
    monkeypatch.setenv("ROOMS_TTL_HOURS", hours)
    with pytest.raises(ValueError, match=r"^ROOMS_TTL_HOURS: .* allowed: a number of hours from 0.1 to 720"):
        room_lifetime()


# --- anything a client could send -------------------------------------------------------

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=60), st.binary(max_size=10),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
levers = st.one_of(st.sampled_from([*LEVERS, "months"]), st.text(max_size=30))
levels = st.one_of(st.sampled_from([level for levels in LEVER_LEVELS.values() for level in levels]), anything)


def half_valid(valid, invalid):
    """Valid half of the time (one_of would weigh each branch of ``invalid`` like ``valid``)."""
    return st.booleans().flatmap(lambda is_valid: valid if is_valid else invalid)


scenarios = half_valid(
    st.fixed_dictionaries({}, optional={lever: st.sampled_from(levels) for lever, levels in LEVER_LEVELS.items()}),
    st.one_of(st.dictionaries(levers, levels, max_size=6), anything),
)
groups = half_valid(st.text(st.characters(codec="ascii", categories=["L", "N"]) | st.just(" "), max_size=40), anything)
predictions = half_valid(
    st.lists(st.sampled_from(RESPONSES), max_size=5),
    st.one_of(st.lists(st.one_of(st.sampled_from(RESPONSES), anything), max_size=5), anything),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios, group=groups, predictions=predictions)
def test_submit_either_stores_or_refuses_with_a_readable_error(store, scenario, group, predictions):
    room = store.room(_hypothesis_room(store).code)
    try:
        row = store.submit(room.code, student(1), scenario, group, predictions)
    except (RoomError, InputError) as error:
        assert str(error) and "\n" not in str(error)
        event(f"refused: {type(error).__name__}")
    else:
        event("stored")
        assert isinstance(row, SubmissionRow) and store.submission(room.code, student(1)) == row


def _hypothesis_room(store) -> Room:
    # One room per store for all examples: the student's row is replaced each time.
    if not hasattr(store, "_test_room"):
        store._test_room = store.create_room("Anything goes")[0]
    return store._test_room

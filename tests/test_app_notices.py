"""Contradictory options: the page names them in words, as text, near the top of the results."""

from __future__ import annotations

from dashboard.model import Scenario
from dashboard.model.coherence import contradictions, warnings
from dashboard.ui.notices import LEVER_NAMES, in_words
from dashboard.ui.text import plain
from tests.app_support import open_app

HEADING = "Options that pull against each other"


def notices(at) -> list[str]:
    return [w.value for w in at.warning if HEADING in w.value]


def test_a_full_return_under_maximum_sanctions_gets_a_notice_naming_both_levers():
    at = open_app(jcpoa="full_return")  # the status quo keeps maximum sanctions
    expected = warnings(Scenario(jcpoa="full_return"))
    assert expected, "the contradictions file should flag a deal without sanctions relief"
    shown = notices(at)
    assert len(shown) == len(expected)
    assert shown[0].startswith(f"**{HEADING}: JCPOA path and Sanctions.**")
    assert plain(expected[0]["message"]) in shown[0]
    assert expected[0]["message"] not in shown[0]  # shown as text: its punctuation is escaped, never Markdown


def test_the_status_quo_shows_no_notice():
    at = open_app()
    assert warnings(Scenario()) == [] and notices(at) == []


def test_easing_sanctions_removes_the_notice():
    at = open_app(jcpoa="full_return", sanctions="eased")
    assert notices(at) == [] == warnings(Scenario(jcpoa="full_return", sanctions="eased"))


def test_several_contradictions_each_get_a_notice_above_the_headline():
    levers = dict(jcpoa="full_return", strikes_iran="repeated", direct_talks="true", response_doctrine="restraint")
    at = open_app(**levers)
    expected = warnings(Scenario(**levers))
    assert len(expected) >= 3
    assert len(notices(at)) == len(expected)
    for notice, warning in zip(notices(at), expected):
        assert plain(warning["message"]) in notice and plain(in_words(warning["levers"])) in notice


def test_every_lever_a_contradiction_names_has_a_label():
    for contradiction in contradictions():
        assert all(lever in LEVER_NAMES for lever in contradiction.levers), contradiction.id


def test_a_students_result_in_a_room_carries_the_notice(tmp_path, monkeypatch):
    from dashboard.rooms import RoomStore
    from tests.app_support import open_page

    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    room, _ = RoomStore(url).create_room("Seminar")
    student = open_page("from dashboard.ui.rooms import main\nmain()", room=room.code, jcpoa="full_return")
    assert notices(student) == []  # nothing before the model's answer is shown
    student.button(key="room_submit").click().run()
    assert not student.exception
    shown = notices(student)
    assert len(shown) == 1 and "JCPOA path and Sanctions" in shown[0]

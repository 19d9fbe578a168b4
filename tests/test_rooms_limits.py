"""Limits per client address: a real class behind one school address gets through, a script
from one address does not, and the memory they take is bounded."""

from __future__ import annotations

import pytest

from dashboard.rooms.config import client_address, forwarded_hops
from dashboard.rooms.limits import ADDRESS_LIMITS, AddressLimits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def landed(limits: AddressLimits, clock: Clock, kind: str, count: int, every_s: float, address: str = "10.0.0.1") -> int:
    done = 0
    for _ in range(count):
        if limits.wait(kind, address) == 0:
            limits.record(kind, address)
            done += 1
        clock.now += every_s
    return done


def test_a_class_of_200_behind_one_address_submits_over_ten_minutes():
    clock = Clock()
    assert landed(AddressLimits(clock=clock), clock, "submit", 200, every_s=3.0) == 200


def test_200_submissions_in_ten_seconds_from_one_address_are_cut_off():
    clock = Clock()
    limits = AddressLimits(clock=clock)
    assert landed(limits, clock, "submit", 200, every_s=0.05) == ADDRESS_LIMITS["submit"][0][0]
    assert 0 < limits.wait("submit", "10.0.0.1") <= 60
    assert limits.wait("submit", "10.0.0.2") == 0  # another address is not held up


def test_the_addresses_remembered_are_bounded():
    limits = AddressLimits(max_addresses=100, clock=Clock())
    for n in range(5_000):
        limits.record("miss", f"10.0.{n // 256}.{n % 256}")
    assert len(limits) == 100


@pytest.mark.parametrize("peer, forwarded, hops, expected", [
    ("203.0.113.9", None, 0, "203.0.113.9"),
    ("203.0.113.9", "198.51.100.7", 0, "203.0.113.9"),  # no proxy trusted: the header is ignored
    ("127.0.0.1", "198.51.100.7", 1, "198.51.100.7"),  # nginx appended the address it saw
    ("127.0.0.1", "6.6.6.6, 198.51.100.7", 1, "198.51.100.7"),  # a forged entry on the left is skipped
    ("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2", 2, "198.51.100.7"),  # a CDN, then nginx
    (None, None, 1, "local"),  # a browser on the server itself, no proxy
])
def test_the_client_address_is_the_one_the_trusted_proxies_saw(peer, forwarded, hops, expected):
    assert client_address(peer, forwarded, hops) == expected


@pytest.mark.parametrize("value", ["-1", "x", "²", "6"])
def test_a_bad_forwarded_hops_setting_is_named(monkeypatch, value):
    monkeypatch.setenv("FORWARDED_HOPS", value)
    with pytest.raises(ValueError, match=r"FORWARDED_HOPS: .* allowed: a whole number from 0 to 5"):
        forwarded_hops()

"""Caches keyed by a rule book: shared by every session for the shipped rules only.

A custom book (from an upload or a ``rules=`` link) is one visitor's: its model runs, tornado,
sweep and rules table are kept in that visitor's session, a few at a time, and go when the
session does. Shared, they let 20 distinct links hold 284 MB of strangers' results in the
process long after those visitors had left.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable

import streamlit as st

from dashboard.model import shipped_rules

PER_SESSION = 8  # results kept per cached function and session (a run with its trace: ~150 kB)


def shared_for_shipped(maxsize: int) -> Callable[[Callable], Callable]:
    """Memoise a function whose last argument is a rule book: in one process-wide LRU of
    ``maxsize`` entries for the shipped rules, in the session's own state otherwise.
    Results are only ever read, never changed."""

    def wrap(func: Callable) -> Callable:
        shared = functools.lru_cache(maxsize=maxsize)(func)

        @functools.wraps(func)
        def call(*args):
            if args[-1] is shipped_rules():
                return shared(*args)
            kept = st.session_state.setdefault(f"cache:{func.__module__}.{func.__qualname__}", OrderedDict())
            if args in kept:
                kept.move_to_end(args)
                return kept[args]
            value = kept[args] = func(*args)
            while len(kept) > PER_SESSION:
                kept.popitem(last=False)
            return value

        call.cache_clear, call.cache_info = shared.cache_clear, shared.cache_info
        return call

    return wrap

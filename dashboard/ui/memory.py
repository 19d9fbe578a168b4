"""Hand freed memory back to the operating system after a busy spell.

Each session's rerun runs on its own thread, and glibc's allocator keeps the memory those
threads free in per-thread arenas instead of returning it, so a server's resident memory
stays near its peak long after a seminar's sessions have closed. A background thread asks
the allocator every few seconds to return what is free (``malloc_trim``), and Arrow's memory
pool likewise. Not on glibc (macOS, musl): nothing to do.
"""

from __future__ import annotations

import ctypes
import threading
import time

import pyarrow as pa
import streamlit as st

TRIM_EVERY_S = 5.0


@st.cache_resource(show_spinner=False)
def start_trimming() -> bool:
    """Start the trimming thread once per process; False where the allocator has no trim."""
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return False

    def loop() -> None:
        while True:
            time.sleep(TRIM_EVERY_S)
            pa.default_memory_pool().release_unused()
            trim(0)

    threading.Thread(target=loop, name="memory-trim", daemon=True).start()
    return True

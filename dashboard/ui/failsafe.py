"""An unexpected error: one friendly line for the user, the details in the server's log.

With ``client.showErrorDetails = "none"`` (``.streamlit/config.toml``) Streamlit itself shows
no traceback, file path or message; each page, and each fragment that reruns alone, is
wrapped here so the user also learns what to do next, and the log gets a line with an
incident number the user can quote.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable

import streamlit as st
from streamlit.errors import FragmentHandledException

LOG = logging.getLogger("dashboard")
FAILURE_TEXT = "Something went wrong on our side"


def guarded(draw: Callable) -> Callable:
    """``draw`` with any exception turned into a message on the page and a log line."""

    @functools.wraps(draw)
    def run(*args, **kwargs):
        try:
            return draw(*args, **kwargs)
        except FragmentHandledException:  # a fragment inside already reported it
            raise
        except Exception:  # Streamlit's reruns and stops are BaseExceptions and pass
            incident = secrets.token_hex(4)
            LOG.exception("incident %s: %s failed", incident, draw.__qualname__)
            st.error(f"{FAILURE_TEXT} and this part of the page could not be drawn (incident {incident}). "
                     "Your settings are kept: change one, or reload the page.", icon=":material/error:")
        return None

    return run

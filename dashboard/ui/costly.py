"""The Uncertainty and Sweep tabs refuse, with a message, work beyond a rerun's budget.

Only a custom rule book (an upload or a ``rules=`` link) can get there: the shipped rules fit
at the most costly settings. See ``dashboard.model.budget``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.model import LEVER_LEVELS, shipped_parameters
from dashboard.model.budget import MAX_SECONDS, Cost, most_draws, sweep_cost, uncertainty_cost
from dashboard.model.ensemble import assumptions


def _refused(cost: Cost, what: str, advice: str) -> bool:
    if cost.affordable:
        return False
    st.warning(f"**Too costly to compute here.** {what} with these rules would take about {cost.seconds:.1f} s of "
               f"the server's time; a tab may take about {MAX_SECONDS:g} s. {advice}", icon=":material/timer:")
    return True


def tornado_rows(book) -> int:
    """Runs of the tornado: the central one, and each assumption at its low and its high end."""
    return 1 + 2 * len(assumptions(book, shipped_parameters()))


def uncertainty_refused(book, months: int, draws: int) -> bool:
    """True (and a message) when the bands and the tornado would cost more than a rerun may."""
    rows = tornado_rows(book)
    fits = most_draws(book, months, rows)
    advice = (f"Lower the draws to {fits:,} or fewer, or switch rules off in the Rules tab." if fits >= 1 else
              "Switch rules off, or shorten their effects, in the Rules tab: even one draw is too many.")
    return _refused(uncertainty_cost(book, months, draws, rows), f"{draws:,} draws over {months} months", advice)


def sweep_refused(book, months: int, lever_x: str, lever_y: str, draws: int) -> bool:
    """True (and a message) when the sweep would cost more than a rerun may."""
    cells = len(LEVER_LEVELS[lever_x]) * len(LEVER_LEVELS[lever_y])
    return _refused(sweep_cost(book, months, cells, draws), f"A sweep of {cells} combinations × {draws} draws",
                    "Choose two levers with fewer levels, or switch rules off in the Rules tab.")

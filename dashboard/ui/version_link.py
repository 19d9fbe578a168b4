"""Links made under other rules: the notice, and opening a link under its own version.

Every share link carries ``v=`` (``dashboard.model.versions``). A link whose version is not
the current one opens under the current rules with a notice; where the app ships that version
(data/versions/), the notice offers to open the link under it, and this session then runs on
that version's rules and parameters until the user goes back. A link without ``v=`` opens
under the current rules with no notice. The address keeps the link's ``v=`` while the
notice or the old rules are on screen, so a reload shows the same.
"""

from __future__ import annotations

import streamlit as st

from dashboard.model import RuleBook
from dashboard.model.versions import archived, describe, edition, rules_version, same_figures, version_of
from dashboard.ui import rules_session
from dashboard.ui.link_params import VERSION

MADE_WITH = "link_made_with"  # the link's version, while it differs from the current one and is not in use
IN_USE = "rules_version_in_use"  # an archived version this session chose to run under


def remember(given: str | None) -> None:
    """Called once per session by ``address.check_once`` with the link's (well-formed) ``v=``."""
    st.session_state[MADE_WITH] = given if given and given != rules_version() else None


def book_in_use() -> RuleBook:
    """The rules this session runs on: its custom rules, else the version it chose, else the shipped ones."""
    version = st.session_state.get(IN_USE)
    if version and not rules_session.is_custom():
        return edition(version).rules
    return rules_session.active_rules()


def version_in_use(book: RuleBook) -> str:
    """The ``v=`` of a share link: the version of the rules in use (custom rules are a change
    against the current shipped rules, so they carry the current version)."""
    return version_of(book) or rules_version()


def _open(version: str) -> None:
    st.session_state[IN_USE] = version
    st.session_state[MADE_WITH] = None


def _back_to_current() -> None:
    st.session_state[IN_USE] = None
    st.query_params.pop(VERSION, None)


def _dismiss() -> None:
    st.session_state[MADE_WITH] = None
    st.query_params.pop(VERSION, None)


def notice() -> None:
    """The notice for a link made under other rules, or the banner of a session running under them."""
    in_use = st.session_state.get(IN_USE)
    if in_use and not rules_session.is_custom():
        with st.container(border=True, key="version_banner"):
            st.info(f"**Opened under {describe(in_use)}**, as this link was made; every figure on this page is "
                    f"computed with those rules and parameters. The current rules are version {rules_version()}.",
                    icon=":material/history:")
            st.button("Use the current rules", key="use_current_rules", on_click=_back_to_current)
        return
    made_with = st.session_state.get(MADE_WITH)
    if not made_with:
        return
    if same_figures(made_with):  # only words, colours or citations changed since
        with st.container(border=True, key="version_notice"):
            st.info(f"This link was made with {describe(made_with)}. The rules changed since only in their words, "
                    f"colours or citations (now version {rules_version()}): **the figures are the ones it showed.**",
                    icon=":material/update:")
            st.button("Dismiss", key="dismiss_version_notice", on_click=_dismiss)
        return
    with st.container(border=True, key="version_notice"):
        st.warning(f"**This link was made with {describe(made_with)}; the figures may differ** from the ones it "
                   f"showed then. It is shown under the current rules (version {rules_version()}).",
                   icon=":material/update:")
        buttons = st.container(horizontal=True)
        if not archived(made_with):
            st.caption("That version is not kept with this app, so the link cannot be opened under it.")
        elif rules_session.is_custom():
            st.caption("The link also changes rules; those changes apply to the current rules only, so it cannot be "
                       "opened under its own version.")
        else:
            buttons.button("Open under the rules it was made with", key="open_link_version", type="primary",
                           on_click=_open, args=(made_with,))
        buttons.button("Dismiss", key="dismiss_version_notice", on_click=_dismiss)

"""Custom rules for one session: edited sizes, rules switched off, or an uploaded file.

They live in this session's state only (never in a shared cache) and in the share link
(``rules=<token>``, the difference from the shipped rules), so a class opening the link
gets the same rules. The page says clearly when custom rules are in use.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.model import InputError, RuleBook, parse_rules_text, shipped_rules
from dashboard.model.custom_rules import from_token, summary, to_token, to_yaml, with_edits
from dashboard.model.errors import check_size
from dashboard.model.labels import response_label
from dashboard.model.rules import MAX_RULES, MAX_RULES_BYTES
from dashboard.ui.text import ECHO_CHARS, plain, plain_list

ACTIVE, MESSAGE, EDITOR, UPLOAD, LINK_PARAM = "custom_rules", "rules_message", "rules_editor", "rules_upload", "rules"


def active_rules() -> RuleBook:
    return st.session_state.get(ACTIVE) or shipped_rules()


def is_custom() -> bool:
    return st.session_state.get(ACTIVE) is not None


def _use(book: RuleBook | None, message: tuple[str, str] | None = None) -> None:
    st.session_state[ACTIVE] = None if book is None or book == shipped_rules() else book
    st.session_state[MESSAGE] = message
    st.session_state.pop(EDITOR, None)  # the editor is drawn again from the rules now in use


def from_link(token: str) -> str | None:
    """Use the custom rules of a link; returns a problem to report, or None."""
    try:
        _use(from_token(token, shipped_rules()))
        return None
    except InputError as exc:
        return f"'rules' (the link's custom rules) could not be used: {exc}. The shipped rules apply."


def link_token() -> str:
    return to_token(active_rules(), shipped_rules())


def keep_link_in_step() -> None:
    """Write the custom rules into the link (or remove them), after everything else."""
    if is_custom():
        token = link_token()
        if st.query_params.get(LINK_PARAM) != token:
            st.query_params[LINK_PARAM] = token
    else:
        st.query_params.pop(LINK_PARAM, None)


def reset() -> None:
    _use(None, ("info", "Back to the shipped rules."))


def banner() -> None:
    """A clear mark on every tab that this session runs on custom rules."""
    if not is_custom():
        return
    with st.container(border=True):
        left, middle, right = st.columns([5, 1.4, 1.4], vertical_alignment="center")
        left.warning(f"**Custom rules in use** for this session and its link "
                     f"({summary(active_rules(), shipped_rules())} against the shipped rules).", icon=":material/tune:")
        middle.button("Use the shipped rules", on_click=reset, key="reset_rules", width="stretch")
        right.download_button("Download these rules", lambda: to_yaml(active_rules()), "rules.yaml",
                              mime="application/x-yaml", key="download_rules_banner", width="stretch")


def _effect_table(book: RuleBook) -> pd.DataFrame:
    rows = []
    for rule in book.rules:
        for index, effect in enumerate(rule.effects):
            rows.append({"on": True, "rule": rule.id, "effect": index, "target": response_label(effect.target),
                         "low": effect.size.low, "central": effect.size.central, "high": effect.size.high})
    return pd.DataFrame(rows)


def _apply_editor_changes() -> None:
    changes = st.session_state.get(EDITOR, {}).get("edited_rows", {})
    table = _effect_table(active_rules())
    sizes: dict[tuple[str, int], dict[str, float]] = {}
    off: set[str] = set()
    for row, change in changes.items():
        rule_id, index = table.at[int(row), "rule"], int(table.at[int(row), "effect"])
        if change.get("on") is False:
            off.add(rule_id)
        size = {k: float(v) for k, v in change.items() if k in ("low", "central", "high") and v is not None}
        if size:
            sizes[(rule_id, index)] = size
    try:
        _use(with_edits(active_rules(), sizes, off), ("success", "Rules updated for this session."))
    except InputError as exc:
        st.session_state[MESSAGE] = ("error", "Not applied:\n\n" + plain_list(exc.problems))
        st.session_state.pop(EDITOR, None)


def _load_upload() -> None:
    upload = st.session_state.get(UPLOAD)
    if upload is None:
        return
    name = upload.name[:ECHO_CHARS]
    try:
        check_size(upload.size, name, MAX_RULES_BYTES)  # before the file is read
        _use(parse_rules_text(upload.getvalue(), origin=name), ("success", f"Using the rules in {plain(name)}."))
    except InputError as exc:
        st.session_state[MESSAGE] = ("error", f"{plain(name)} was not loaded:\n\n" + plain_list(exc.problems[:12]))


def editor() -> None:
    """Edit sizes, switch rules off, upload or download a rules file — for this session only."""
    with st.expander("Change the rules for this session", expanded=is_custom()):
        st.markdown("Edit a size (index points a month: low ≤ central ≤ high) or untick **on** to switch a rule "
                    "off. Changes apply to your session and its share link only, never to anyone else's.")
        message = st.session_state.get(MESSAGE)
        if message:
            getattr(st, message[0])(message[1])
        st.data_editor(_effect_table(active_rules()), key=EDITOR, on_change=_apply_editor_changes, hide_index=True,
                       width="stretch", height=320, disabled=["rule", "effect", "target"],
                       column_config={"on": st.column_config.CheckboxColumn(help="Untick to switch the whole rule off")})
        left, middle, right = st.columns(3)
        left.file_uploader(f"Upload a rules file (YAML, up to {MAX_RULES_BYTES // 1000} kB)", type=["yaml", "yml"],
                           key=UPLOAD, on_change=_load_upload,
                           help=f"The format of data/rules.yaml; at most {MAX_RULES} rules and {MAX_RULES_BYTES // 1000} kB.")
        middle.download_button("Download the rules in use (YAML)", lambda: to_yaml(active_rules()), "rules.yaml",
                               mime="application/x-yaml", key="download_rules", width="stretch")
        right.button("Use the shipped rules", on_click=reset, key="reset_rules_editor", width="stretch",
                     disabled=not is_custom())

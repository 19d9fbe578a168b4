"""The levers: one widget per lever of the scenario contract, grouped, each with a help line.

Each widget's key is the lever's name and is kept in the address bar, so the link always
holds the scenario on screen, in the same names and levels as scenario files and the CLI;
the widgets show the levels in plain words (``data/labels.yaml``). Presets and uploaded files set the
widgets through the session state, in callbacks that run before the widgets are drawn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from dashboard.model import DEFAULT_SCENARIO, LEVER_LEVELS, InputError, Scenario
from dashboard.model.errors import check_size
from dashboard.model.labels import groups, level_formatter, lever_help, lever_label
from dashboard.model.presets import presets
from dashboard.model.safe_json import MAX_SCENARIO_BYTES, SCENARIO_ORIGIN, scenario_from_json
from dashboard.model.scenario import MONTHS_MAX, MONTHS_MIN
from dashboard.ui.text import ECHO_CHARS, plain, plain_list

# Presets, files and link aliases set bound widgets through the session state on purpose;
# Streamlit logs a warning for each such widget that also has a default. Keep the log clean.
logging.getLogger("streamlit.elements.lib.policies").setLevel(logging.ERROR)

PRESET_KEY, UPLOAD_KEY, NOTICE_KEY = "preset", "scenario_upload", "sidebar_notice"
# Levers shown in words and kept in step with the link here (not bound): see _widget.
IN_STEP = [lever for lever, levels in LEVER_LEVELS.items() if levels != ("false", "true")]


@dataclass(frozen=True)
class LeverSpec:
    key: str
    label: str
    help: str


# The groups, labels and help lines live in data/labels.yaml (dashboard.model.labels), with the
# words for every level: one place for every page that names a lever.
GROUPS: dict[str, list[LeverSpec]] = {
    group: [LeverSpec(lever, lever_label(lever), lever_help(lever)) for lever in levers]
    for group, levers in groups().items()
}


def _notify(kind: str, text: str) -> None:
    """A sidebar notice, shown until the levers change (it remembers the levers it was about)."""
    current = {lever: st.session_state.get(lever, default) for lever, default in DEFAULT_SCENARIO.model_dump().items()}
    st.session_state[NOTICE_KEY] = (kind, text, current)


def set_levers(scenario: Scenario) -> None:
    """Put a scenario into the lever widgets (call from a callback, before they are drawn)."""
    for lever, value in scenario.model_dump().items():
        st.session_state[lever] = value


def reset_levers() -> None:
    """Back to the status quo of early 2021 (the scenario defaults)."""
    for lever in DEFAULT_SCENARIO.model_dump():
        st.session_state.pop(lever, None)  # the widget is drawn again with its default
        if lever in IN_STEP:
            st.query_params.pop(lever, None)  # else the link would set it again
    _notify("info", "Levers reset to the status quo (early 2021).")


def apply_preset() -> None:
    preset_id = st.session_state.get(PRESET_KEY)
    if not preset_id:
        return
    preset = presets()[preset_id]
    lens, months = st.session_state.get("lens", DEFAULT_SCENARIO.lens), st.session_state.get("months", DEFAULT_SCENARIO.months)
    set_levers(preset.scenario(lens=lens, months=months))
    st.session_state[PRESET_KEY] = None
    _notify("info", f"**{preset.title}.** {preset.description} *Source: {preset.source}.*")


def load_uploaded_scenario() -> None:
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        return
    try:
        scenario = read_upload(upload)
    except InputError as exc:
        _notify("error", "The scenario file was not loaded:\n\n" + plain_list(exc.problems))
        return
    set_levers(scenario)
    _notify("success", f"Loaded {plain(upload.name, ECHO_CHARS)}.")


def read_upload(upload, defaults: dict | None = None) -> Scenario:
    """The scenario in an uploaded JSON file; its size is checked before it is read."""
    check_size(upload.size, SCENARIO_ORIGIN, MAX_SCENARIO_BYTES)
    return scenario_from_json(upload.getvalue(), defaults=defaults)


def _from_link(lever: str) -> None:
    """Before a level widget is drawn: take its level from the link the first time (the link
    was checked with the page's other parameters; a bad value is left to the default)."""
    if lever not in st.session_state and st.query_params.get(lever) in LEVER_LEVELS[lever]:
        st.session_state[lever] = st.query_params[lever]


def _to_link(lever: str, level: str) -> None:
    """After it: keep the link in step, under the contract name (a default level is left out)."""
    if level == DEFAULT_SCENARIO.level(lever):
        st.query_params.pop(lever, None)
    elif st.query_params.get(lever) != level:
        st.query_params[lever] = level


def _widget(spec: LeverSpec):
    default = getattr(DEFAULT_SCENARIO, spec.key)
    common = dict(key=spec.key, help=spec.help)
    if spec.key == "months":
        return st.slider(spec.label, MONTHS_MIN, MONTHS_MAX, value=default, bind="query-params", **common)
    if isinstance(default, bool):
        return st.toggle(spec.label, value=default, bind="query-params", **common)
    # The widgets show each level in words (data/labels.yaml) and return its contract name.
    # Streamlit would write a bound widget's shown words into the link, so these are kept in
    # step with the link here instead: the link holds the names files and the CLI use.
    levels = list(LEVER_LEVELS[spec.key])
    _from_link(spec.key)
    if spec.key == "lens":
        value = st.radio(spec.label, levels, index=levels.index(default), format_func=level_formatter(spec.key), **common)
    else:
        value = st.select_slider(spec.label, options=levels, value=default, format_func=level_formatter(spec.key),
                                 **common)
    _to_link(spec.key, value)
    return value


def levers_in_state() -> Scenario | None:
    """The scenario the lever widgets will return in this run, where every widget already holds
    its value in the session state (each run after a session's first, unless the levers were
    reset); None otherwise. Callbacks (presets, files, reset) have run by then."""
    if any(lever not in st.session_state for lever in Scenario.model_fields):
        return None
    try:
        return Scenario(**{lever: st.session_state[lever] for lever in Scenario.model_fields})
    except ValueError:  # pydantic's ValidationError: let the widgets settle it
        return None


def render_levers() -> Scenario:
    """Draw the levers in the sidebar and return the scenario they describe."""
    with st.sidebar:
        st.header("US options")
        st.selectbox("Start from a preset", list(presets()), index=None, key=PRESET_KEY, on_change=apply_preset,
                     format_func=lambda p: presets()[p].title, placeholder="Choose a preset…",
                     help="Sets the US options; your lens and horizon stay as they are.")
        notice_box = st.empty()
        values = {}
        for group, specs in GROUPS.items():
            st.subheader(group)
            for spec in specs:
                values[spec.key] = _widget(spec)
        st.button("Reset to the status quo (early 2021)", on_click=reset_levers, key="reset", width="stretch")
        scenario = Scenario(**values)
        notice = st.session_state.get(NOTICE_KEY)
        if notice and notice[2] == scenario.model_dump():
            getattr(notice_box, notice[0])(notice[1])
        with st.expander("Scenario file"):
            st.download_button("Download this scenario (JSON)", scenario.model_dump_json(indent=2), "scenario.json",
                               mime="application/json", key="download_scenario", width="stretch")
            st.file_uploader(f"Load a scenario (JSON, up to {MAX_SCENARIO_BYTES // 1000} kB)", type=["json"], key=UPLOAD_KEY,
                             on_change=load_uploaded_scenario,
                             help="The same format as the download and the command line; missing levers take their defaults.")
    return scenario

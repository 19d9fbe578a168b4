"""The tabs of the page. Each function draws one tab from model results."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.escalation import exchanges_chart, exchanges_frame
from dashboard.charts.region_map import region_map_spec, theatre_table
from dashboard.charts.trajectories import (
    comparison_chart,
    differences_table,
    long_frame,
    long_table,
    responses_chart,
    trajectories_chart,
)
from dashboard.charts.why import shares_chart, shares_frame
from dashboard.model import DEFAULT_SCENARIO, INDICATORS, RESPONSES, InputError, shipped_rules, simulate
from dashboard.model.explain import cycle_verdict, mechanics, rule_shares, strike_chances
from dashboard.model.labels import change, level_label, response_label
from dashboard.model.presets import presets
from dashboard.model.registry import reading, theatre_titles, theatres
from dashboard.model.safe_json import MAX_SCENARIO_BYTES
from dashboard.model.versions import rules_version
from dashboard.ui import address, chart_specs, link_params, rules_session
from dashboard.ui.content import (
    article_facts,
    article_paragraphs,
    citation,
    episodes_by_lens,
    labels,
    paragraphs_cited,
    rules_frame,
    run_model,
    source_url,
)
from dashboard.ui.sidebar import read_upload
from dashboard.ui.text import plain, plain_list

# The panels of "Over time" and "Compare" (risk has its own tab), and of the risk chart: each
# theatre's `panels` in data/parameters.yaml.
THEATRE_PANELS = theatre_titles("over_time")
RISK_PANELS = theatre_titles("escalation")


def _sample_frame(runs=("your options", "baseline"), panels=THEATRE_PANELS):
    status_quo = simulate(DEFAULT_SCENARIO)
    return long_frame(status_quo, status_quo, labels(), shown_month=1, runs=runs, theatres=panels)


chart_specs.register("responses_chart", responses_chart, _sample_frame)
chart_specs.register("comparison_chart", comparison_chart, lambda: _sample_frame(runs=("A", "B")))
chart_specs.register("risk_chart", lambda f: trajectories_chart(f).properties(
    height=400, title="Risk of a spiral, and the US pressure that drives it"), lambda: _sample_frame(panels=RISK_PANELS))


# A chart's alt text says what it shows and where its numbers are as text, never the numbers
# themselves: Streamlit puts the alt text into the chart's spec (its description), and a spec
# that changes makes the browser build the whole Vega view again (~0.3 s for the small
# multiples) where new data alone only redraws the marks. The figures at the month shown are
# in the headline cards (and each tab's table); every month in "Show the chart as a table".
AT_THE_MONTH = ("The values at the month shown are in the headline cards above; every month's values are in "
                "'Show the chart as a table' below.")


def as_table(table, key: str) -> None:
    """A chart's data (a long Arrow table) as a table (month down, series across), for reading
    or screen readers; built only when asked for, to keep reruns cheap."""
    if st.toggle("Show the chart as a table", key=f"{key}_table"):
        frame = table.to_pandas()
        wide = frame.pivot(index="month", columns=["response", "run"], values="value")
        wide.columns = [" · ".join(c) for c in wide.columns]
        st.dataframe(wide.round(1), width="stretch")


def responses_over_time(result, baseline, month: int, names: dict[str, str]) -> None:
    frame = long_table(result, baseline, names, month, theatres=THEATRE_PANELS)
    chart_specs.draw("responses_chart", frame, f"Responses by theatre over {len(result.monthly) - 1} months: your "
                     "options (solid lines) against the baseline (dashed), with a marker at the month shown. " + AT_THE_MONTH)
    as_table(frame, "responses")


def escalation(result, baseline, month: int, events, names: dict[str, str]) -> None:
    chances = strike_chances(result)
    likeliest = sorted(range(1, len(chances)), key=lambda m: -chances[m])[:3]
    noted = reading().strike_noted.value  # below this chance a month is not worth naming
    st.markdown(f"**The tit-for-tat cycle {cycle_verdict(result)}.** A US retaliatory strike follows American "
                "casualties or a build-up of pressure by chance, so the model gives each month's chance of one: "
                + (", ".join(f"month {m} {chances[m]:.0%}" for m in sorted(likeliest)) + " are the likeliest."
                   if chances[likeliest[0]] >= noted else f"under {noted * 100:g} % in every month."))
    frame = long_table(result, baseline, names, month, theatres=RISK_PANELS)
    chart_specs.draw("risk_chart", frame, f"Risk of a spiral and US pressure to retaliate over {len(result.monthly) - 1} "
                     "months: your options (solid lines) against the baseline (dashed), with a marker at the month "
                     "shown. " + AT_THE_MONTH)
    as_table(frame, "risk")
    st.header("Who struck, where, when")
    table = exchanges_frame(events)
    if table.empty:
        st.info(f"No exchanges: the US does not strike and no theatre surges by {reading().surge.value:g} points or "
                "more in a month.")
        return
    chart = exchanges_chart(table, len(result.monthly) - 1, month)
    st.altair_chart(chart, width="stretch", key="exchanges_chart",
                    alt=f"Timeline of {len(table)} exchanges: US strikes and the answers of Iran and its partners, by month.")
    chart_specs.save_buttons("exchanges_chart", chart.to_dict)
    with st.expander("The exchanges as a table"):
        st.dataframe(table, hide_index=True, width="stretch")


def regional(result, month: int) -> None:
    state = result.at(month)
    st.caption(f"Month {month}. Countries shaded, and sea lanes marked, by the intensity (0–100) of the response there.")
    st.vega_lite_chart(spec=region_map_spec(state), width="stretch", key="region_map",
                       alt="Map of the region at the month shown: countries shaded, and sea lanes marked, by the "
                           "intensity (0–100) of the response there. Each theatre's value is in the table below the map.")
    chart_specs.save_buttons("region_map", lambda: region_map_spec(state, title=f"Theatres, month {month}"))
    st.dataframe(theatre_table(state, month), hide_index=True, width="stretch")


def why(result, month: int, names: dict[str, str], book) -> None:
    address.read("why", RESPONSES)
    response = st.selectbox("Response", RESPONSES, format_func=names.get, key="why")
    address.write("why", response, RESPONSES[0])
    start, now = result.monthly[0][response], result.at(month)[response]
    anyway = mechanics(result, response, month)
    st.markdown(f"**{names[response]}** went from **{start:.1f}** at the start to **{now:.1f}** in month {month}.")
    st.markdown(f"**What would happen anyway: {anyway.anyway:+.1f} points.** With no rule firing, every response "
                "drifts back toward its own baseline (fatigue, restraint, attrition)"
                + (f"; the rules' pushes are bent by {anyway.bent:+.1f} points (a push takes a little less "
                   "than its size, and ever less as the room left toward 0 or 100 runs out)."
                   if abs(anyway.bent) >= 0.05 else ".")
                + " **The causes**, each rule's net change and its share among the rules:")
    rules = book.by_id()
    shares = rule_shares(result, response, month)
    frame = shares_frame(shares, {rule_id: rule.title for rule_id, rule in rules.items()})
    if frame.empty:
        st.info("No rule moved this response up to this month.")
        return
    chart = shares_chart(frame)
    st.altair_chart(chart, width="stretch", key="why_chart", alt=f"What moved {names[response]} up to month {month}: "
                    + "; ".join(f"{rules[s.rule].title} {s.change:+.1f}" for s in shares))
    chart_specs.save_buttons("why_chart", chart.to_dict)
    for s in shares:
        rule = rules[s.rule]  # causes only: the pull and the bending are told apart above
        with st.expander(f"{s.change:+.1f} points · {s.share:.0%} · {plain(rule.title)}"):
            url = source_url(rule.source)
            source = f"[{plain(citation(rule.source))}]({url})" if url else plain(citation(rule.source))
            st.markdown(f"**Why:** {plain(rule.rationale)}\n\n**Source:** {source}  \n"
                        f"**Confidence:** {rule.confidence} · **Rule id:** `{rule.id}`")
            for number in paragraphs_cited(rule.source):
                if st.toggle(f"Show article paragraph [{number}]", key=f"para_{s.rule}_{number}"):
                    st.info(f"[{number}] {article_paragraphs()[number]}")


def rules_table(book) -> None:
    rules_session.editor()
    frame = rules_frame(book)
    query = st.text_input("Search the rules", key="rules_query", placeholder="e.g. sanctions, Iraq, article [9]")
    if query:
        mask = frame.apply(lambda row: row.astype(str).str.contains(query, case=False, regex=False).any(), axis=1)
        frame = frame[mask]
    st.caption(f"{len(frame)} of {len(book.rules)} rules. Click a column header to sort. "
               "Effects are index points a month at the central size; the range is the low and high assumption.")
    st.dataframe(frame, hide_index=True, width="stretch", height=560,
                 column_config={"title": st.column_config.TextColumn(width="medium", pinned=True),
                                "rationale": st.column_config.TextColumn(width="large"),
                                "source": st.column_config.TextColumn(width="medium", help="Full entries in data/sources.yaml "
                                                                      "and on the Why tab"),
                                "link": st.column_config.LinkColumn("link", width="small", display_text="open"),
                                "effects (points a month)": st.column_config.TextColumn(width="large"),
                                "id": st.column_config.TextColumn("rule id")})


ABOUT = """
**What it is.** A transparent rules model of one argument about US–Iran deterrence (an early-2021
article, cited by paragraph). You set US options; each month, rules read the options and the
state of the region and push ten responses up or down. Every number is a stated assumption with
a range and a source, in `data/rules.yaml` and `data/parameters.yaml`.

**What it is not.** A forecast, an intelligence estimate, or a statement of what will happen. The
indices (0–100) are relative intensities, not counts of attacks. The dynamics are deliberately
simple: monthly steps, one region, no other actors' choices (Israel, the Houthis' own aims, Iraqi
elections), no events outside the levers (such as the October 2023 war).

**Two lenses.** *Reciprocity* is the article's view: force does not deter Iran, whose answers move to
other theatres; what curbs its proxies is a benefit it would lose. *Coercive deterrence* is the
"restore deterrence" view the article argues against: strikes on proxies, commanders and Iran itself
make attacks too costly. Each rule carries a weight under each lens; switch the lens in the sidebar
to see the same options through the other set of assumptions. The tool does not pick a side.

**How it works.** Each month every indicator drifts back toward its baseline (Richardson's
action–reaction model) and moves by the pushes of the rules that fire, after their lag; near 0 or
100 a push takes ever less of the room left, so a response approaches a bound without sticking
there and still answers every lever. Attacks carry a chance of American casualties and build US
pressure to retaliate; under a tit-for-tat or escalation doctrine, casualties and pressure bring a
US strike by chance (every US retaliatory strike of 2019–2024 in Iraq and Syria followed attacks
that killed or wounded Americans), and each strike is answered in other theatres a month later —
the tit-for-tat echo (Axelrod 1984). The single run uses each event's expected effect; the
**Uncertainty** tab draws them, so the echo dies out in some draws and spirals in others.
Concessions build goodwill slowly and lose force if the US strikes at the same time (Osgood
1962); a deal rolls the programme back only with sanctions relief. Where a strike lands sets how
high the exchange climbs (Kahn 1965). Options that pull against each other get a notice.

**History as a test.** The model is checked against dated episodes, each run as a branch of the
history replay: an episode is *reproduced* under a lens when every response observed to rise or
fall moves that way against its comparison. The table below shows which episodes each lens
reproduces, and the ones it misses.

**How sure.** Every rule's size, every starting value, baseline and pull rate, and how far force
deters has a low, central and high value (wider the less sure the source); the **Uncertainty** tab
draws them many times and shows the spread, and which assumptions matter most. The **Rules** tab lets you
change a size or switch a rule off for your session (and its link) to test the argument yourself.

**How to cite.** "US–Iran policy options: a transparent escalation model (rules version
{date}), scenario as shared", with the list of options used, the lens, and the month shown.
"""


def about() -> None:
    head, _, rest = ABOUT.replace("{date}", rules_version()).partition("**How sure.**")
    st.markdown(head)
    st.markdown("**The episodes each lens reproduces** (the shipped rules; the History page shows the replay "
                "month by month):")
    st.table(pd.DataFrame(episodes_by_lens()), border="horizontal", hide_index=True)
    st.markdown("**How sure.**" + rest)
    facts = article_facts()
    st.markdown(f"**The article.** {plain(facts['cite'])}. The text kept with the model carries no title, author "
                "or publication date, so none is given here. Its paragraphs are cited by number throughout; "
                f"read all {facts['paragraphs']} below, or in the file `shared/seed/article.txt`.")
    with st.expander("Read the article, paragraph by paragraph"):
        st.markdown("\n\n".join(f"**[{n}]** {plain(text)}" for n, text in article_paragraphs().items()))
    st.caption(f"{len(shipped_rules().rules)} rules · {len(theatres())} theatres · sources in data/sources.yaml")


def results_csv(scenario, book=None) -> str:
    """Every indicator by month for a scenario, as CSV for scripts: the header holds the contract
    names (``month,proxy_attacks,…``), as the CLI and scenario files spell them."""
    rows = simulate(scenario, book).monthly
    frame = pd.DataFrame(rows, columns=list(INDICATORS)).round(2)
    frame.insert(0, "month", range(len(rows)))
    return frame.to_csv(index=False)


def results_csv_for_people(scenario, book=None) -> str:
    """The same numbers as ``results_csv``, for people: a header in words ("Militia attacks on US
    forces (Iraq, Syria), index 0–100"). Same columns in the same order, so a reader who needs
    the contract names finds them in the machine file's header (``results_csv``)."""
    machine = results_csv(scenario, book)
    _, _, body = machine.partition("\n")
    human = ["Month"] + [f"{response_label(name)}, index 0–100" for name in INDICATORS]
    return pd.DataFrame([human]).to_csv(index=False, header=False) + body


# --- compare ----------------------------------------------------------------------------

CURRENT, FILE = link_params.CURRENT, link_params.FILE


def compare_choices() -> dict[str, list[str]]:
    """The Compare tab's link parameters and their allowed values (declared in link_params)."""
    return link_params.choices("Compare")


def compare_defaults() -> dict[str, str]:
    return link_params.defaults("Compare")


def _choice_title(choice: str) -> str:
    if choice == CURRENT:
        return "Your current options"
    if choice == FILE:
        return "A scenario file…"
    return presets()[choice].title


def _uploaded_scenario(scenario):
    upload = st.file_uploader(f"Scenario file to compare (JSON, up to {MAX_SCENARIO_BYTES // 1000} kB)", type=["json"],
                              key="compare_file",
                              help="Not part of the share link: to share it, load it as your options instead.")
    if upload is None:
        return None
    try:
        return read_upload(upload, defaults={"lens": scenario.lens, "months": scenario.months})
    except InputError as exc:
        st.error("The scenario file cannot be used:\n\n" + plain_list(exc.problems))
    return None


def compare(scenario, month: int, names: dict[str, str], book) -> None:
    """Scenario A against scenario B on the same charts, and their differences at the month shown."""
    defaults, options = compare_defaults(), compare_choices()["compare_a"]
    left, right = st.columns(2)
    picks = {}
    for column, key, letter in ((left, "compare_a", "A"), (right, "compare_b", "B")):
        with column:
            address.read(key, options)
            picks[letter] = st.selectbox(f"Scenario {letter}", options, index=options.index(defaults[key]),
                                         format_func=_choice_title, key=key)
            address.write(key, picks[letter], defaults[key])
    runs = {}
    for letter, choice in picks.items():
        if choice == CURRENT:
            runs[letter] = scenario
        elif choice == FILE:
            runs[letter] = _uploaded_scenario(scenario)
        else:
            runs[letter] = presets()[choice].scenario(lens=scenario.lens, months=scenario.months)
    if any(run is None for run in runs.values()):
        st.info("Load a scenario file to compare it.")
        return
    st.caption(f"Both under the {level_label('lens', scenario.lens)} lens, over {scenario.months} months. "
               "Solid lines: A. Dashed lines: B. The grey marker is the month shown.")
    result_a, result_b = run_model(runs["A"], book), run_model(runs["B"], book)
    frame = long_table(result_a, result_b, names, month, runs=("A", "B"), theatres=THEATRE_PANELS)
    chart_specs.draw("comparison_chart", frame, f"Scenario A (solid) against B (dashed) by theatre over {scenario.months} "
                     "months, with a marker at the month shown. The values at the month shown are in the table of "
                     "differences below; every month's values are in 'Show the chart as a table'.")
    as_table(frame, "comparison")
    st.header(f"Differences at month {month}")
    st.dataframe(differences_table(result_a, result_b, month, names), hide_index=True, width="stretch")
    differing = {k: v for k, v in runs["B"].levels().items() if runs["A"].levels()[k] != v}
    st.caption("Options that differ (A → B): " + ("; ".join(
        change(k, runs["A"].levels()[k], v) for k, v in differing.items()) or "none"))

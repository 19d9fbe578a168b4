"""Share-link parsing: every bad parameter is named with its allowed values; never a crash."""

from urllib.parse import parse_qs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.model import LEVER_LEVELS, Scenario, parse_scenario
from dashboard.model.links import ALIASES, check_link, share_query

PAGE = {"month": range(1, 25), "tab": ["Over time", "Why"]}


def check(query: str):
    return check_link(parse_qs(query, keep_blank_values=True), PAGE)


def test_good_link_gives_the_levers():
    result = check("strikes_syria=none&sanctions=lifted&leadership_targeting=true&months=12&month=6")
    assert result.problems == []
    assert parse_scenario(result.levers, link_spelling=True) == Scenario(strikes_syria="none", sanctions="lifted",
                                                     leadership_targeting=True, months=12)


@pytest.mark.parametrize(
    "query, name, allowed",
    [
        ("sanctions=crippling", "sanctions", "lifted, eased, current, tightened, maximum"),
        ("jcpoa=yes", "jcpoa", "outside, indirect_talks, interim_deal, full_return"),
        ("direct_talks=maybe", "direct_talks", "false, true"),
        ("months=0", "months", "a whole number from 1 to 36"),
        ("month=99", "month", "a whole number from 1 to 24"),
        ("tab=Secrets", "tab", "Over time, Why"),
        ("lens=hawkish", "lens", "reciprocity, coercive_deterrence"),
    ],
)
def test_each_bad_parameter_is_named_with_its_allowed_values_and_the_rest_applies(query, name, allowed):
    result = check(query + "&strikes_iraq=repeated")
    assert len(result.problems) == 1 and name in result.problems[0] and allowed in result.problems[0]
    assert result.levers == {"strikes_iraq": "repeated"}
    assert result.rejected == {name}


def test_unknown_repeated_and_oversized_parameters():
    result = check("foo=1&sanctions=lifted&sanctions=eased&jcpoa=" + "x" * 5000)
    assert len(result.problems) == 3
    assert result.rejected == {"foo", "sanctions", "jcpoa"}
    assert all(len(p) < 400 for p in result.problems)


def test_aliases_name_the_contract_levers():
    result = check("syria=none&leaders=true&talks=true&doctrine=escalate&iraq=limited&iran=limited")
    assert result.problems == []
    assert result.aliased == ALIASES
    assert result.levers["strikes_syria"] == "none" and result.levers["response_doctrine"] == "escalate"


def test_alias_next_to_its_lever_loses():
    result = check("syria=none&strikes_syria=sustained")
    assert result.levers == {"strikes_syria": "sustained"} and "syria" in result.rejected


@given(st.dictionaries(st.text(max_size=30), st.lists(st.text(max_size=60), min_size=1, max_size=3), max_size=8))
def test_any_query_gives_valid_levers_or_a_message(params):
    result = check_link(params, PAGE)
    parse_scenario(result.levers, link_spelling=True)  # never raises: only valid values pass
    assert len(result.problems) == len(result.rejected)
    for name in params:  # every parameter is either used or reported
        assert name in result.rejected or name in result.aliased or name in result.levers or name in PAGE


def test_share_query_lists_only_what_differs_and_round_trips():
    scenario = Scenario(sanctions="lifted", direct_talks=True, lens="coercive_deterrence")
    query = share_query(scenario, {"month": 18, "tab": "Over time"}, {"month": 12, "tab": "Over time"})
    assert query == "sanctions=lifted&direct_talks=true&lens=coercive_deterrence&month=18"
    assert parse_scenario(check(query).levers, link_spelling=True) == scenario
    assert share_query(Scenario(), {}, {}) == ""


@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LEVER_LEVELS.items()}), st.integers(1, 36))
def test_every_scenario_survives_a_link(levels, months):
    scenario = Scenario(**levels, months=months)
    assert parse_scenario(check(share_query(scenario, {}, {})).levers, link_spelling=True) == scenario


# --- one list of link parameters (dashboard.ui.link_params) ---------------------------------

import ast  # noqa: E402
import importlib  # noqa: E402
from pathlib import Path  # noqa: E402

from dashboard.model.links import lever_choices  # noqa: E402
from dashboard.ui import link_params  # noqa: E402

# The dashboard page's modules (the History and Room pages keep their own lists; the levers
# are the scenario's contract, read in sidebar.py).
DASHBOARD_MODULES = ["app", "panels", "uncertainty", "rules_session", "version_link"]
UI = Path(link_params.__file__).parent


def _is_query_params(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "query_params"


def _sink_argument(call: ast.Call) -> ast.AST | None:
    """The link parameter's name a call reads or writes, if it touches the link."""
    func = call.func
    if any(k.arg == "bind" and isinstance(k.value, ast.Constant) and k.value.value == "query-params"
           for k in call.keywords):
        return next((k.value for k in call.keywords if k.arg == "key"), None)
    if isinstance(func, ast.Attribute) and call.args:
        if _is_query_params(func.value) and func.attr in ("get", "pop", "get_all"):
            return call.args[0]
        if isinstance(func.value, ast.Name) and func.value.id == "address" and func.attr in ("read", "write"):
            return call.args[0]
    return None


def link_parameters_used(module_name: str) -> tuple[dict[str, int], list[str]]:
    """Every link parameter a module reads or writes (name -> line), and the places whose name
    could not be read (neither a literal, a module constant, nor a loop over literals)."""
    module = importlib.import_module(f"dashboard.ui.{module_name}")
    tree = ast.parse((UI / f"{module_name}.py").read_text(encoding="utf-8"))
    loops: dict[str, list[str]] = {}
    for node in ast.walk(tree):  # for a, key, b in (("x", "compare_a", ...), ...): key -> its literals
        if isinstance(node, ast.For) and isinstance(node.target, ast.Tuple) and isinstance(node.iter, ast.Tuple):
            for i, target in enumerate(node.target.elts):
                values = [row.elts[i].value for row in node.iter.elts if isinstance(row, ast.Tuple)
                          and isinstance(row.elts[i], ast.Constant)]
                if isinstance(target, ast.Name) and values:
                    loops[target.id] = values
    wrappers: dict[str, int] = {}  # functions that pass one of their parameters to the link
    for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        names = [a.arg for a in func.args.args]
        for call in (n for n in ast.walk(func) if isinstance(n, ast.Call)):
            arg = _sink_argument(call)
            if isinstance(arg, ast.Name) and arg.id in names:
                wrappers[func.name] = names.index(arg.id)
    used, unread = {}, []

    def resolve(arg: ast.AST, line: int, wrapped_param: bool) -> None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            used.setdefault(arg.value, line)
        elif isinstance(arg, ast.Name) and isinstance(getattr(module, arg.id, None), str):
            used.setdefault(getattr(module, arg.id), line)
        elif isinstance(arg, ast.Name) and arg.id in loops:
            for value in loops[arg.id]:
                used.setdefault(value, line)
        elif not wrapped_param:
            unread.append(f"dashboard/ui/{module_name}.py:{line}")

    for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        params = {a.arg for a in func.args.args}
        for call in (n for n in ast.walk(func) if isinstance(n, ast.Call)):
            arg = _sink_argument(call)
            if arg is not None:
                resolve(arg, call.lineno, isinstance(arg, ast.Name) and arg.id in params and func.name in wrappers)
            if isinstance(call.func, ast.Name) and call.func.id in wrappers and len(call.args) > wrappers[call.func.id]:
                resolve(call.args[wrappers[call.func.id]], call.lineno, False)
    for node in ast.walk(tree):  # st.query_params[NAME] = ...
        if isinstance(node, ast.Subscript) and _is_query_params(node.value):
            resolve(node.slice, node.lineno, False)
    return used, unread


def test_every_link_parameter_of_the_dashboard_is_declared_once_in_link_params():
    """Adding a link parameter is one entry in dashboard.ui.link_params.DASHBOARD (plus its
    widget). This names every place that reads or writes one that is not declared there."""
    declared = {p.name for p in link_params.DASHBOARD}
    contract = {*lever_choices(), *ALIASES}
    missing, unread, used_anywhere = [], [], set()
    for module in DASHBOARD_MODULES:
        used, not_read = link_parameters_used(module)
        used_anywhere |= set(used)
        unread += not_read
        missing += [f"dashboard/ui/{module}.py:{line}: '{name}'" for name, line in used.items()
                    if name not in declared | contract]
    assert missing == [], "declare these link parameters in dashboard/ui/link_params.py (DASHBOARD): " + "; ".join(missing)
    assert unread == [], "name these link parameters by a literal or a module constant: " + "; ".join(unread)
    assert declared - used_anywhere == set(), "declared but read nowhere on the dashboard"


def test_the_scan_finds_the_known_places():
    used, _ = link_parameters_used("uncertainty")
    assert {"draws", "seed", "risk_at", "sens", "sweep_x", "sweep_y", "sweep_of", "sweep_zoom"} <= set(used)
    used, _ = link_parameters_used("panels")
    assert {"why", "compare_a", "compare_b"} <= set(used)


def test_the_checks_share_link_and_defaults_derive_from_the_one_list():
    from dashboard.ui import app, panels, uncertainty

    names = [p.name for p in link_params.DASHBOARD]
    assert len(names) == len(set(names))
    assert set(app.page_choices(24)) == {p.name for p in link_params.DASHBOARD if p.allowed is not None}
    assert app.page_choices(24)["month"] == range(1, 25)
    assert panels.compare_defaults() == {"compare_a": "current", "compare_b": "article_recommendation"}
    assert set(uncertainty.choices()) == set(uncertainty.defaults())
    for param in link_params.DASHBOARD:  # every default is itself allowed, so a default link checks clean
        if param.widget:
            assert check_link({param.name: [str(param.default)]}, app.page_choices(24)).problems == [], param.name


def test_a_declared_default_is_left_out_of_the_share_link_and_other_values_are_written():
    defaults = link_params.defaults()
    assert share_query(Scenario(), defaults, defaults) == ""
    assert share_query(Scenario(), {**defaults, "sweep_of": "proxy_attacks"}, defaults) == "sweep_of=proxy_attacks"

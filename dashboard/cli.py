"""Command line: ``python -m dashboard simulate|rules|history|replay|backtest|brief``.

Bad input ends with exit code 2 and one line on stderr naming the field and the allowed
values; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model import InputError, RuleBook, parse_rules_text, parse_scenario, shipped_rules, simulate
from .model.backtest import backtest, backtest_table, store_display_links
from .model.conditions import describe_condition
from .model.ensemble import DEFAULT_SEED, MAX_DRAWS, ensemble
from .model.history import reproduction_table
from .model.replay import check_month, parse_branch
from .model.replay_report import replay_json
from .model.rules import describe_chance, describe_effect
from .model.safe_json import scenario_from_json, scenario_json
from .model.timeline import month_number, shipped_timeline

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise InputError([f"{self.prog}: {message} (see --help)"])


def _read(source: str, what: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([f"{what}: cannot read {source!r}: {getattr(exc, 'strerror', None) or exc}"]) from None


def _load_scenario(source: str | None):
    if source is None:
        return parse_scenario({})
    return scenario_from_json(_read(source, "--scenario"))


def _load_rules(source: str | None) -> RuleBook:
    if source is None:
        return shipped_rules()
    return parse_rules_text(_read(source, "--rules"), origin=Path(source).name if source != "-" else "rules")


def rules_table(book: RuleBook) -> str:
    """The rules as a plain-text table: id, when, effects, lenses, source."""
    lines = []
    for rule in book.rules:
        effects = "; ".join(describe_effect(e) for e in rule.effects)
        lines.append(
            f"{rule.id}\n  {rule.title}\n  when: {describe_condition(rule.when)}"
            f"{' (first month only)' if rule.fires == 'on_onset' else ''}{describe_chance(rule.chance)}\n  effects: {effects}\n"
            f"  lenses: reciprocity {rule.lenses.reciprocity:g}, coercive_deterrence {rule.lenses.coercive_deterrence:g}"
            f" | confidence: {rule.confidence} | source: {rule.source}"
        )
    return f"{len(book.rules)} rules\n\n" + "\n\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m dashboard", description="US-Iran escalation model: simulate a scenario or list the rules.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("simulate", help="run a scenario and print JSON")
    run.add_argument("--scenario", metavar="FILE.json", help="scenario file ('-' reads stdin); missing levers take their defaults")
    run.add_argument("--rules", metavar="FILE.yaml", help="a rules file to use instead of the shipped data/rules.yaml")
    run.add_argument("--no-trace", action="store_true", help="leave the per-rule trace out of the output")
    run.add_argument("--draws", type=int, metavar="N",
                     help=f"add 10/50/90 %% bands from N draws of every rule's size (1-{MAX_DRAWS})")
    run.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help="seed of the draws (default %(default)s)")
    show = commands.add_parser("rules", help="print the rules")
    show.add_argument("--format", choices=("table", "json"), default="table")
    show.add_argument("--rules", metavar="FILE.yaml", help="a rules file to show instead of the shipped one")
    past = commands.add_parser("history", help="which historical episodes the model reproduces, per lens (Markdown)")
    past.add_argument("--rules", metavar="FILE.yaml", help="a rules file to test instead of the shipped one")

    again = commands.add_parser("replay", help="replay 2016-2025 under the real US choices, or a branch from it (JSON)")
    again.add_argument("--from", dest="first", metavar="YYYY-MM", help="first month shown (the run always starts in 2016-01)")
    again.add_argument("--to", dest="last", metavar="YYYY-MM", help="last month")
    again.add_argument("--lens", choices=("reciprocity", "coercive_deterrence"), default=None,
                       help="assumption lens (default: the scenario's, else reciprocity)")
    again.add_argument("--branch", metavar="YYYY-MM", help="apply the scenario's levers from this month on")
    again.add_argument("--scenario", metavar="FILE.json", help="the branch's levers ('-' reads stdin); needs --branch")
    again.add_argument("--rules", metavar="FILE.yaml", help="a rules file to use instead of the shipped one")
    again.add_argument("--draws", type=int, metavar="N", help=f"add 10/50/90 %% bands in units from N draws (1-{MAX_DRAWS})")
    again.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help="seed of the draws (default %(default)s)")
    _brief_parser(commands)
    score = commands.add_parser("backtest", help="fit the unit links on 2016-2021, score 2022-2025-06 (table or JSON)")
    score.add_argument("--lens", choices=("reciprocity", "coercive_deterrence"), default="reciprocity")
    score.add_argument("--format", choices=("table", "json"), default="table")
    score.add_argument("--store-links", action="store_true",
                       help="refit the unit links on the whole record and write them into data/parameters.yaml")
    kept = commands.add_parser("versions", help="the rules versions the app ships (data/versions/), or archive the current one")
    kept.add_argument("--archive", action="store_true",
                      help="copy the current data/rules.yaml and data/parameters.yaml into data/versions/ (after a change)")
    kept.add_argument("--note", default="", metavar="TEXT", help="what changed, for the index (with --archive)")

    try:
        args = parser.parse_args(argv)
        if args.command == "versions":
            print(_versions(args.archive, args.note))
            return 0
        if args.command == "backtest" and args.store_links:
            print("stored the unit links of: " + ", ".join(store_display_links()))
            return 0
        if args.command == "backtest":
            report = backtest(args.lens)
            print(json.dumps(report, ensure_ascii=False, allow_nan=False) if args.format == "json" else backtest_table(report))
            return 0
        book = _load_rules(args.rules)
        if args.command == "brief":
            return _brief(args, book)
        if args.command == "replay":
            _check_draws(args.draws, args.seed)
            json.dump(_replay(args, None if args.rules is None else book), sys.stdout, ensure_ascii=False, allow_nan=False)
            sys.stdout.write("\n")
            return 0
        if args.command == "history":
            print(reproduction_table(book))
            return 0
        if args.command == "rules":
            print(rules_table(book) if args.format == "table" else
                  json.dumps(book.records(), indent=2, ensure_ascii=False, allow_nan=False))
            return 0
        scenario = _load_scenario(args.scenario)
        result = simulate(scenario, rules=book).to_dict()
        if args.no_trace:
            del result["trace"]
        if args.draws is not None:
            _check_draws(args.draws, args.seed)
            draws = ensemble(scenario, args.draws, args.seed, rules=None if args.rules is None else book)
            result["draws"], result["seed"], result["bands"] = args.draws, args.seed, draws.bands_json()
        json.dump(result, sys.stdout, ensure_ascii=False, allow_nan=False)  # NaN or Infinity is not JSON
        sys.stdout.write("\n")
        return 0
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0


def _versions(archive: bool, note: str) -> str:
    from .model import versions

    if archive:
        version, added = versions.archive(note or "(no note)")
        return f"archived {version} in data/versions/{version}/" if added else f"{version} is already archived"
    current = versions.rules_version()
    lines = [f"{e.version}  {e.date}  {e.note}{'  (current)' if e.version == current else ''}" for e in versions.index()]
    problems = versions.archive_problems()
    return "\n".join(lines + [f"problem: {p}" for p in problems])


def _brief_parser(commands) -> None:
    from .brief.build import FORMATS, LOCAL_ADDRESS
    from .brief.pdf import PAPERS

    brief = commands.add_parser("brief", help="a one-page brief of a scenario: PDF (A4 or US Letter) or Markdown")
    brief.add_argument("--scenario", metavar="FILE.json", help="scenario file ('-' reads stdin); missing levers take their defaults")
    brief.add_argument("--rules", metavar="FILE.yaml", help="a rules file to use instead of the shipped data/rules.yaml")
    brief.add_argument("--month", type=int, metavar="N", help="the month the figures read (default 12, or the horizon if shorter)")
    brief.add_argument("--baseline", choices=("no_new_action", "status_quo"), default="no_new_action",
                       help="what the options are compared with (default %(default)s)")
    brief.add_argument("--paper", choices=tuple(PAPERS), default="a4", help="paper size of the PDF (default %(default)s)")
    brief.add_argument("--format", choices=FORMATS, default="pdf", help="pdf, or md for Markdown (default %(default)s)")
    brief.add_argument("--base-url", default=LOCAL_ADDRESS, metavar="URL",
                       help="the dashboard's address, for the share link and its QR code (default %(default)s)")
    brief.add_argument("--draws", type=int, metavar="N", help=f"add 10-90 %% bands from N draws (1-{MAX_DRAWS})")
    brief.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help="seed of the draws (default %(default)s)")
    brief.add_argument("--out", metavar="FILE", help="where to write it ('-': standard output; a Markdown brief goes there by default)")


def _brief(args: argparse.Namespace, book: RuleBook) -> int:
    from .brief.build import Request, build, share_link, shown_month
    from .brief.content import Bands

    if args.out is None and args.format == "pdf":
        raise InputError(["--out: a PDF brief needs a file to write (or '-' for standard output)"])
    if not args.base_url.startswith(("http://", "https://")):
        raise InputError([f"--base-url: {args.base_url[:40]!r} is not allowed; allowed: an address starting with http:// or https://"])
    scenario = _load_scenario(args.scenario)
    month = shown_month(scenario, args.month)
    if not 1 <= month <= scenario.months:
        raise InputError([f"--month: {month} is out of range; allowed: a whole number from 1 to {scenario.months} (the scenario's months)"])
    bands = None
    if args.draws is not None:
        _check_draws(args.draws, args.seed)
        bands = Bands.of(ensemble(scenario, args.draws, args.seed, rules=None if args.rules is None else book))
    custom = None if args.rules is None else book
    link = share_link(scenario, month, args.baseline, args.base_url, custom, bands)
    made = build(Request(scenario, link, month, args.baseline, args.paper, args.format, custom, bands))
    data = made.encode("utf-8") if isinstance(made, str) else made
    if args.out in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise InputError([f"--out: cannot write {args.out!r}: {exc.strerror or exc}"]) from None
    print(f"wrote {args.out} ({len(data):,} bytes); link: {link}", file=sys.stderr)
    return 0


def _check_draws(draws: int | None, seed: int) -> None:
    if draws is not None and not 1 <= draws <= MAX_DRAWS:
        raise InputError([f"--draws: {draws} is out of range; allowed: a whole number from 1 to {MAX_DRAWS}"])
    if seed < 0:
        raise InputError([f"--seed: {seed} is not allowed; allowed: a whole number from 0 up"])


def _replay(args: argparse.Namespace, book: RuleBook | None) -> dict:
    timeline = shipped_timeline()
    first = check_month("--from", args.first, timeline) if args.first else timeline.start
    last = check_month("--to", args.last, timeline) if args.last else timeline.end
    if month_number(last) < month_number(first):
        raise InputError([f"--to: {last} comes before --from {first}; allowed: a month from {first} to {timeline.end}"])
    branch, lens = None, None
    if args.scenario is not None and args.branch is None:
        raise InputError(["--scenario: a branch scenario needs --branch YYYY-MM (the month it starts)"])
    if args.branch is not None:
        if args.scenario is None:
            raise InputError(["--branch: needs --scenario FILE.json (the levers that change from that month)"])
        raw = scenario_json(_read(args.scenario, "--scenario"))
        branch, lens = parse_branch(args.branch, raw, timeline)
        if month_number(branch.month) > month_number(last):
            raise InputError([f"--branch: {branch.month} is after --to {last}; allowed: a month from {timeline.start} to {last}"])
    return replay_json(args.lens or lens or "reciprocity", first, last, branch, book, args.draws, args.seed)

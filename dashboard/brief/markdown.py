"""The brief as Markdown, for pasting into a document or an email."""

from __future__ import annotations

from .content import Brief


def _number(value: float) -> str:
    return f"{value:.1f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def brief_markdown(brief: Brief) -> str:
    lines = [f"# {brief.title}", "", f"*{brief.date} · {brief.caveat}*", "", "## Options chosen", ""]
    for option in brief.options:
        was = f" (status quo: {option.status_quo})" if option.status_quo is not None else ""
        lines.append(f"- **{option.label}:** {option.words}{was}")
    changed = ", ".join(o.label for o in brief.changed) or "none: these are the status quo's options"
    lines += [f"- **Months simulated:** {brief.horizon}", "", f"Differs from the status quo (early 2021): {changed}.",
              "", "## In a sentence", "", brief.sentence, "",
              f"## Headline at month {brief.month}, against {brief.baseline_name}", ""]
    band = brief.band_note is not None
    header = ["Response", "Index 0–100", f"Baseline ({brief.baseline_name})", "Change", "In real units"]
    lines += ["| " + " | ".join(header + (["10–90 % band"] if band else [])) + " |",
              "|---|" + "---:|" * 3 + "---|" + ("---:|" if band else "")]
    for f in brief.figures:
        row = [_cell(f.label), _number(f.value), _number(f.baseline), f"{f.change:+.1f}", _cell(f.units or "–")]
        if band:
            row.append(f"{f.band[0]:.1f}–{f.band[1]:.1f}")
        lines.append("| " + " | ".join(row) + " |")
    lines += [""] + ([brief.band_note, ""] if band else [])
    lines += ["## Escalation", "", brief.escalation, "", "## Why: the rules that matter most", "", brief.rules_note, ""]
    for number, rule in enumerate(brief.rules, 1):
        lines.append(f"{number}. **{rule.title}** — {rule.effect}. Source: {rule.citation}.")
    lines += ["", "## Lens", "", f"{brief.lens_meaning}", "", "## About this brief", "",
              f"**{brief.caveat}** It encodes {brief.article}, paragraph by paragraph; every number comes from a "
              "cited rule with a low, central and high size.", "",
              f"Open this view: <{brief.link}>", "", f"Rules version: {brief.rules_version}", ""]
    return "\n".join(lines)

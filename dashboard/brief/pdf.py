"""The brief as a one-page PDF (A4 or US Letter), with fpdf2.

fpdf2 is pure Python (Pillow and fontTools, both from pip), embeds a TrueType font and the
charts' images, and needs no system font or browser. The font, DejaVu Sans Condensed, ships in
data/fonts/ (cut to the Latin and symbol blocks) so every character the brief uses renders.

One page whatever the text: a first pass lays the page out with the charts at full size and
measures it; if the text leaves less room, the charts shrink to what is left.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from fpdf import FPDF

from dashboard.model.rules import DATA_DIR

from .charts import Picture
from .content import Brief

FONT_DIR = DATA_DIR / "fonts"
FAMILY = "DejaVu"
PAPERS = {"a4": "A4", "letter": "Letter"}
MARGIN = 28.0  # points
GAP = 6.0
INK, GREY, RULE = (20, 20, 20), (95, 95, 95), (200, 200, 200)
# Chart pixels to points at full size (11 px axis labels print at 6.8 / 6 pt): most briefs fit
# at once; a long one is laid out again with smaller charts. Letter is 50 pt shorter than A4.
PT_PER_PX = {"a4": 0.62, "letter": 0.55}
MIN_CHART_SHARE = 0.55  # the charts never shrink below this share of their full size
QR_MODULE = 1.6  # points per QR module
QR_MAX_CHARS = 1500  # longer links (custom rules) are printed in part, without a QR code


@dataclass
class _Sizes:
    responses: float  # height in points
    risk: float


def brief_pdf(brief: Brief, pictures: tuple[Picture, Picture], paper: str = "a4") -> bytes:
    """The brief on one page of ``paper`` ("a4" or "letter")."""
    if paper not in PAPERS:
        raise ValueError(f"paper: {paper!r} is not allowed; allowed: {', '.join(PAPERS)}")
    responses, risk = pictures
    full = _Sizes(responses.height * PT_PER_PX[paper], risk.height * PT_PER_PX[paper])
    page = _Page(paper)
    page.draw(brief, pictures, full)
    overflow = page.get_y() - (page.h - MARGIN)
    if overflow > 0:  # long text: lay the page out again with the charts shrunk to the room left
        share = max(MIN_CHART_SHARE, 1 - overflow / (full.responses + full.risk))
        page = _Page(paper)
        page.draw(brief, pictures, _Sizes(full.responses * share, full.risk * share))
    return bytes(page.output())


class _Page(FPDF):
    def __init__(self, paper: str) -> None:
        super().__init__(unit="pt", format=PAPERS[paper])
        self.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSansCondensed.ttf"))
        self.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)  # one page: the layout shrinks the charts instead
        self.set_title("US–Iran policy options: scenario brief")
        self.add_page()

    # --- pieces ------------------------------------------------------------------------

    def text(self, words: str, size: float = 8.5, bold: bool = False, colour=INK, width: float = 0,
             line: float | None = None, markdown: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(width, line or size * 1.3, words, new_x="LMARGIN", new_y="NEXT", markdown=markdown, align="L")

    def heading(self, words: str) -> None:
        self.ln(GAP * 0.6)
        self.text(words, size=9.5, bold=True)
        self.ln(1)

    def rule(self) -> None:
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())

    # --- the page ------------------------------------------------------------------------

    def draw(self, brief: Brief, pictures: tuple[Picture, Picture], sizes: _Sizes, images: bool = True) -> None:
        width = self.w - self.l_margin - self.r_margin
        self.header_block(brief)
        self.options_block(brief, width)
        self.heading("In a sentence")
        self.text(brief.sentence, size=8.5)
        self.heading(f"Headline at month {brief.month} of {brief.horizon}, against {brief.baseline_name}")
        self.figures_block(brief, width)
        self.ln(GAP * 0.6)
        self.picture(pictures[0], sizes.responses, self.l_margin, images)
        self.lower_block(brief, pictures[1], sizes.risk, width, images)
        self.footer_block(brief, width)

    def header_block(self, brief: Brief) -> None:
        self.text(brief.title, size=15, bold=True, line=18)
        self.text(f"{brief.date} · {brief.caveat} · Rules version {brief.rules_version}", size=8, colour=GREY)
        self.ln(2)
        self.rule()
        self.ln(3)

    def options_block(self, brief: Brief, width: float) -> None:
        self.heading("Options chosen" + ("" if brief.changed else " (the status quo's)"))
        column = width / 2
        top = self.get_y()
        rows = (len(brief.options) + 1) // 2
        bottoms = []
        for index, option in enumerate(brief.options):
            x = self.l_margin + column * (index // rows)
            if index % rows == 0:
                self.set_y(top)
            self.set_x(x)
            was = f" (status quo: {option.status_quo})" if option.status_quo is not None else ""
            label = f"**{option.label}:** {option.words}{was}" if was else f"{option.label}: {option.words}"
            self.set_font(FAMILY, "", 8)
            self.set_text_color(*(INK if was else GREY))
            self.multi_cell(column - 6, 10.4, label, new_x="LEFT", new_y="NEXT", markdown=True, align="L")
            bottoms.append(self.get_y())
        self.set_y(max(bottoms))
        self.text(f"Bold: differs from the status quo (early 2021). Months simulated: {brief.horizon}. "
                  f"Lens: {brief.lens_meaning}", size=7.5, colour=GREY)

    def figures_block(self, brief: Brief, width: float) -> None:
        band = brief.band_note is not None
        headers = ["Response", "Index 0–100", "Baseline", "Change", *(["10–90 %"] if band else []), "In real units"]
        shares = [0.33, 0.085, 0.075, 0.07, *([0.09] if band else []), 0.0]
        shares[-1] = 1 - sum(shares)
        widths = [width * s for s in shares]
        self.set_font(FAMILY, "B", 7.5)
        self.set_text_color(*INK)
        for head, w in zip(headers, widths):
            self.cell(w, 10, head, align="L" if head in ("Response", "In real units") else "R")
        self.ln(10)
        self.rule()
        self.set_font(FAMILY, "", 7.5)
        for f in brief.figures:
            cells = [f.label, f"{f.value:.1f}", f"{f.baseline:.1f}", f"{f.change:+.1f}",
                     *([f"{f.band[0]:.1f}–{f.band[1]:.1f}"] if band else []), f.units or "–"]
            for text, head, w in zip(cells, headers, widths):
                self.cell(w, 9.6, self.fit(text, w - 2), align="L" if head in ("Response", "In real units") else "R")
            self.ln(9.6)
        if band:
            self.text(brief.band_note, size=7, colour=GREY)

    def fit(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to ``width`` at the current font."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def picture(self, picture: Picture, height: float, x: float, images: bool) -> None:
        width = picture.width * height / picture.height
        if images:
            self.image(io.BytesIO(picture.image), x=x, y=self.get_y(), w=width, h=height)
        self.set_y(self.get_y() + height)

    def lower_block(self, brief: Brief, risk: Picture, height: float, width: float, images: bool) -> None:
        """The escalation chart at the left; the cycle, the rules that matter and the lens at its right."""
        self.ln(GAP * 0.4)
        top = self.get_y()
        chart_width = risk.width * height / risk.height
        self.picture(risk, height, self.l_margin, images)
        below_chart = self.get_y()
        left = self.l_margin + chart_width + 10
        self.set_left_margin(left)
        self.set_xy(left, top)
        self.text("Escalation", size=9.5, bold=True)
        self.text(brief.escalation, size=8)
        self.ln(2)
        self.text("Why: the rules that matter most", size=9.5, bold=True)
        self.text(brief.rules_note, size=7.5, colour=GREY)
        for number, rule in enumerate(brief.rules, 1):
            self.text(f"{number}. **{rule.title}**: {rule.effect}. Source: {rule.citation}.", size=7.5, markdown=True)
        self.set_left_margin(MARGIN)
        self.set_xy(MARGIN, max(self.get_y(), below_chart))

    def footer_block(self, brief: Brief, width: float) -> None:
        self.ln(GAP * 0.5)
        self.rule()
        self.ln(3)
        top = self.get_y()
        link = brief.link if len(brief.link) <= QR_MAX_CHARS else None
        qr_size = self.qr(link, self.w - self.r_margin, top) if link else 0.0
        text_width = width - qr_size - (8 if qr_size else 0)
        self.text(f"**{brief.caveat}** It encodes {brief.article}, paragraph by paragraph; every number comes from "
                  "a rule with a low, central and high size and a citation, readable in the dashboard's Rules tab.",
                  size=7.5, width=text_width, markdown=True)
        self.ln(1)
        self.text("Open this exact view (or scan the code):", size=7.5, bold=True, width=text_width)
        shown = brief.link if link else (brief.link[:QR_MAX_CHARS // 3] + "…")
        start = self.get_y()
        self.text(shown, size=7, width=text_width, colour=(0, 70, 160))
        self.link(self.l_margin, start, text_width, self.get_y() - start, brief.link)
        if link is None:
            self.text(f"The link carries custom rules and is {len(brief.link):,} characters long: copy it from the "
                      "Markdown brief or the dashboard's Share menu.", size=7, colour=GREY, width=text_width)
        self.text(f"Rules version {brief.rules_version}.", size=7, colour=GREY, width=text_width)
        self.set_y(max(self.get_y(), top + qr_size))

    def qr(self, link: str, right: float, top: float) -> float:
        """The link as a QR code (dark squares drawn as vector rectangles), its right edge at ``right``."""
        code = segno.make(link, error="m", micro=False)
        rows = list(code.matrix)
        size = len(rows) * QR_MODULE
        x0 = right - size
        self.set_fill_color(0, 0, 0)
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):  # one rectangle per run of dark modules
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    self.rect(x0 + start * QR_MODULE, top + r * QR_MODULE, (c - start) * QR_MODULE, QR_MODULE, style="F")
                else:
                    c += 1
        return size

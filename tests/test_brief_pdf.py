"""The PDF brief: one page of the right size, readable text (pdftotext), a QR code that decodes
to the link (pdftoppm, then zxing-cpp). poppler-utils comes from Debian (.ci/run installs it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard.brief.build import Request, build, share_link
from dashboard.brief.content import CAVEAT, Bands, article_citation
from dashboard.model import LEVER_LEVELS, Scenario, parse_rules_text, shipped_rules, simulate
from dashboard.model.baselines import baseline_for
from dashboard.model.custom_rules import to_yaml
from dashboard.model.ensemble import ensemble
from dashboard.model.explain import in_a_sentence
from dashboard.model.labels import lever_label

if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
    if os.environ.get("CI"):
        raise RuntimeError("poppler-utils (pdftotext, pdftoppm) is missing: .ci/run installs it")
    pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed", allow_module_level=True)

SIZES = {"a4": (595, 842), "letter": (612, 792)}  # points, rounded
# Every lever at its highest level, months long: the longest sentence and the most changed options.
BUSY = Scenario(strikes_syria="sustained", strikes_iraq="sustained", strikes_iran="sustained",
                leadership_targeting=True, sanctions="lifted", jcpoa="full_return", direct_talks=True,
                response_doctrine="escalate", lens="coercive_deterrence", months=36)


def made(tmp_path: Path, scenario: Scenario, paper: str, month: int = 12, bands=None, rules=None) -> tuple[Path, str]:
    link = share_link(scenario, month, "no_new_action", "https://dash.example.org/", rules, bands)
    pdf = tmp_path / f"brief-{paper}.pdf"
    pdf.write_bytes(build(Request(scenario, link, month, paper=paper, rules=rules, bands=bands)))
    return pdf, link


def pages(pdf: Path) -> tuple[int, tuple[int, int]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), (round(float(size.group(1))), round(float(size.group(2))))


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("scenario", [Scenario(strikes_iraq="repeated", sanctions="eased"), BUSY],
                         ids=["two changes", "every lever at its top"])
def test_one_page_of_the_paper_with_the_sentence_every_label_the_caveat_and_the_link(tmp_path, paper, scenario):
    pdf, link = made(tmp_path, scenario, paper)
    assert pages(pdf) == (1, SIZES[paper])
    text = text_of(pdf)
    result, baseline = simulate(scenario), simulate(baseline_for(scenario, "no_new_action"))
    assert words(in_a_sentence(result, baseline, 12, "no new US action")) in words(text)
    for lever in LEVER_LEVELS:
        assert lever_label(lever) in words(text) or (lever == "lens" and "Lens:" in text), lever
    assert CAVEAT in words(text) and words(article_citation()) in words(text)
    assert link in "".join(text.split())  # a long link may wrap: compare without the breaks
    assert "≈" in text and "–" in text  # drawn from the embedded font, not dropped


def test_bands_and_a_long_brief_still_fit_one_page(tmp_path):
    runs = ensemble(BUSY, 50, 7)
    pdf, _ = made(tmp_path, BUSY, "letter", month=36, bands=Bands.of(runs))
    assert pages(pdf)[0] == 1
    assert "10–90 %" in text_of(pdf) and "50 draws" in words(text_of(pdf))


def test_custom_rules_are_named_and_their_link_printed(tmp_path):
    book = parse_rules_text(to_yaml(shipped_rules()).replace("central: 6", "central: 7", 1), origin="custom.yaml")
    pdf, link = made(tmp_path, Scenario(), "a4", rules=book)
    text = text_of(pdf)
    assert "rules=" in link and pages(pdf)[0] == 1
    assert "custom rules on" in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_qr_code_decodes_to_the_link(tmp_path, paper):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    pdf, link = made(tmp_path, Scenario(strikes_iran="limited", direct_talks=True), paper)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode] == [link]

"""Data health for the observed series (data/observed/) and their loader.

The checks read the CSV files directly, not through the loader, so a failure names the file
and line whatever the loader does.
"""

import csv
import datetime
import math
import shutil
from pathlib import Path

import pytest
import yaml

from dashboard.model import RESPONSES, InputError
from dashboard.model.observed import COLUMNS, load_series, observed_for

OBSERVED = Path(__file__).resolve().parents[1] / "data" / "observed"
INDEX = yaml.safe_load((OBSERVED / "series.yaml").read_text())["series"]
UNITS = {entry["file"]: entry["unit"] for entry in INDEX}
CSV_FILES = sorted(path.name for path in OBSERVED.glob("*.csv"))


def rows(name: str) -> list[tuple[int, dict]]:
    """(line number, row) for each data row of a file in data/observed/."""
    with (OBSERVED / name).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return [(reader.line_num, row) for row in reader]


def month(text: str) -> str | None:
    """YYYY-MM for a date written YYYY-MM or YYYY-MM-DD; None when it is not one."""
    try:
        return datetime.date.fromisoformat(text + "-01" if len(text) == 7 else text).isoformat()[:7]
    except (ValueError, TypeError):
        return None


def row_problems(name: str, line: int, row: dict) -> list[str]:
    where, problems = f"{name}: line {line}", []
    if None in row or any(row.get(column) is None for column in COLUMNS):
        return [f"{where}: expected the {len(COLUMNS)} cells {','.join(COLUMNS)}"]
    urls = row["source_url"].split(" ")
    if not row["source_url"] or not all(url.startswith("http") for url in urls):
        problems.append(f"{where}: source_url {row['source_url']!r}: every page must start with http (several joined by a space)")
    start, end = month(row["date"]), month(row["period_end"] or row["date"])
    if start is None:
        problems.append(f"{where}: date {row['date']!r} is not YYYY-MM or YYYY-MM-DD")
    if end is None:
        problems.append(f"{where}: period_end {row['period_end']!r} is not YYYY-MM or YYYY-MM-DD (or empty for one month)")
    elif start and end < start:
        problems.append(f"{where}: period_end {row['period_end']} is before date {row['date']}")
    try:
        value = float(row["value"])
        if not math.isfinite(value) or value < 0:
            problems.append(f"{where}: value {row['value']!r} must be a finite number >= 0")
    except ValueError:
        problems.append(f"{where}: value {row['value']!r} is not a number")
    if not row["unit"] or row["unit"] != UNITS.get(name):
        problems.append(f"{where}: unit {row['unit']!r} differs from series.yaml's {UNITS.get(name)!r}")
    return problems


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_row_is_sourced_dated_and_in_the_listed_unit(name):
    with (OBSERVED / name).open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == COLUMNS, f"{name}: line 1: header must be {','.join(COLUMNS)}"
    problems = [problem for line, row in rows(name) for problem in row_problems(name, line, row)]
    assert rows(name), f"{name}: no rows"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", CSV_FILES)
def test_no_month_is_counted_twice_in_a_file(name):
    seen, problems = {}, []
    for line, row in rows(name):
        start, end = month(row["date"]), month(row["period_end"] or row["date"])
        if not (start and end):
            continue  # reported by the row check
        year, mon = int(start[:4]), int(start[5:])
        while f"{year:04d}-{mon:02d}" <= end:
            key = f"{year:04d}-{mon:02d}"
            if key in seen:
                problems.append(f"{name}: line {line}: {key} is already covered by line {seen[key]}; keep one row")
            seen[key] = line
            year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    assert not problems, "\n".join(problems)


def test_every_csv_is_listed_in_series_yaml_and_every_entry_has_its_csv():
    listed = [entry["file"] for entry in INDEX]
    assert len(listed) == len(set(listed)), f"series.yaml: a file is listed twice: {listed}"
    assert not set(CSV_FILES) - set(listed), f"series.yaml: add entries for {sorted(set(CSV_FILES) - set(listed))}"
    assert not set(listed) - set(CSV_FILES), f"series.yaml: no such file in data/observed/: {sorted(set(listed) - set(CSV_FILES))}"


def test_every_series_names_a_model_response_and_a_kind():
    for i, entry in enumerate(INDEX):
        assert entry["response"] in RESPONSES, f"series.yaml: series.{i} ({entry['file']}): unknown response {entry['response']!r}"
        assert entry["kind"] in ("flow", "stock", "price"), f"series.yaml: series.{i} ({entry['file']}): kind {entry['kind']!r}"
        assert entry["label"] and entry["description"], f"series.yaml: series.{i} ({entry['file']}): label and description needed"


def test_the_raw_sources_are_kept_with_their_readme():
    assert (OBSERVED / "raw" / "README.md").is_file(), "data/observed/raw/README.md: copy the source README here"
    assert list((OBSERVED / "raw").glob("*.csv")), "data/observed/raw/: copy the source files used here"


def test_the_loader_reads_a_known_row_as_the_file_holds_it():
    line, row = next((line, row) for line, row in rows("attacks_on_us_forces.csv") if row["date"] == "2023-11")
    (attacks,) = observed_for("proxy_attacks")
    (loaded,) = [o for o in attacks.observations if o.month_from == "2023-11"]
    assert (loaded.month_to, loaded.value, loaded.unit) == ("2023-11", float(row["value"]), row["unit"]), \
        f"attacks_on_us_forces.csv: line {line}"
    assert (loaded.source_url, loaded.note) == (row["source_url"], row["note"]), f"attacks_on_us_forces.csv: line {line}"
    assert [len(s.observations) for s in load_series()] == [len(rows(entry["file"])) for entry in INDEX]


def test_a_period_row_reads_as_its_first_and_last_month():
    (saudi,) = observed_for("saudi_attacks")
    truce = next(o for o in saudi.observations if o.month_from == "2022-04")
    assert (truce.month_to, truce.value) == ("2022-09", 0.0)


def test_a_malformed_file_is_refused_naming_its_line_and_field(tmp_path):
    for path in [OBSERVED / "series.yaml", *OBSERVED.glob("*.csv")]:
        shutil.copy(path, tmp_path / path.name)
    lines = (tmp_path / "brent.csv").read_text().splitlines()
    lines[4] = lines[4].replace("2016-04", "2016-13", 1)  # line 5 of the file
    (tmp_path / "brent.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        load_series(tmp_path)
    assert caught.value.problems[0].startswith("brent.csv: line 5: date:"), caught.value.problems


def test_a_row_in_another_unit_is_refused(tmp_path):
    for path in [OBSERVED / "series.yaml", *OBSERVED.glob("*.csv")]:
        shutil.copy(path, tmp_path / path.name)
    with (tmp_path / "brent.csv").open("a") as handle:
        handle.write("2026-01,,67,euros a barrel,https://example.org/,a test row\n")
    with pytest.raises(InputError, match=r"brent.csv: line 122: unit: 'euros a barrel' differs"):
        load_series(tmp_path)


def test_an_unknown_response_is_refused():
    with pytest.raises(InputError, match="unknown response 'morale'"):
        observed_for("morale")

"""Observed series the model's history replay is compared with: ``data/observed/series.yaml``
lists the CSV files, each row a month's value or the monthly mean over ``date``..``period_end``,
with its source page and how it was derived. A month without a row is a gap, not a zero."""

from __future__ import annotations

import csv
import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError, problems_from, shown
from .indicators import RESPONSES
from .rules import DATA_DIR

OBSERVED_DIR = DATA_DIR / "observed"
INDEX_FILE = "series.yaml"
COLUMNS = ["date", "period_end", "value", "unit", "source_url", "note"]


class Observation(BaseModel):
    """One row: a month's value, or the monthly mean over month_from..month_to (inclusive)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True)

    month_from: str = Field(alias="date", description="YYYY-MM, the first month covered")
    month_to: str = Field(alias="period_end", description="YYYY-MM, the last month (= month_from for one month)")
    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=1)
    source_url: str = Field(description="the pages the figure comes from, separated by a space")
    note: str

    @field_validator("month_from", "month_to", mode="before")
    @classmethod
    def _month(cls, text: object) -> str:
        try:  # YYYY-MM-DD is read as its month
            return datetime.date.fromisoformat(f"{text}-01" if len(str(text)) == 7 else str(text)).isoformat()[:7]
        except ValueError:
            raise ValueError("not a month; write YYYY-MM (or YYYY-MM-DD)") from None

    @field_validator("month_to", "source_url")
    @classmethod
    def _after_start_and_web_pages(cls, text: str, info) -> str:
        if info.field_name == "month_to" and text < info.data.get("month_from", ""):
            raise ValueError(f"before date {info.data['month_from']}")
        if info.field_name == "source_url" and not all(url.startswith(("http://", "https://")) for url in text.split(" ")):
            raise ValueError("each page must start with http:// or https://, several separated by one space")
        return text


class Series(BaseModel):
    """One file of observations and the model response it is compared with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(pattern=r"^[a-z0-9_]+\.csv$")
    response: Literal[RESPONSES]  # type: ignore[valid-type]
    unit: str = Field(min_length=1)
    label: str = Field(min_length=1)
    kind: Literal["flow", "stock", "price"]  # events a month; a level at a date; a monthly price
    description: str = Field(min_length=1)
    observations: tuple[Observation, ...] = ()


def _read_observations(path: Path, unit: str) -> tuple[list[Observation], list[str]]:
    observations, problems = [], []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, restkey="cells_beyond_the_header")  # refused as an unknown field
        if reader.fieldnames != COLUMNS:
            return [], [f"{path.name}: line 1: header: expected {','.join(COLUMNS)}"]
        for row in reader:
            where = f"{path.name}: line {reader.line_num}"
            try:
                observation = Observation.model_validate({**row, "period_end": row["period_end"] or row["date"]})
            except ValidationError as exc:
                problems += [f"{where}: {problem}" for problem in problems_from(exc)]
                continue
            if observation.unit != unit:
                problems.append(f"{where}: unit: {shown(observation.unit)} differs from series.yaml's {shown(unit)}")
            observations.append(observation)
    return observations, problems


@lru_cache(maxsize=4)
def load_series(folder: Path = OBSERVED_DIR) -> tuple[Series, ...]:
    """Every series listed in ``folder/series.yaml``, with its rows; InputError lists every problem."""
    index = yaml.safe_load((folder / INDEX_FILE).read_text(encoding="utf-8"))
    entries = index.get("series") if isinstance(index, dict) else None
    if not isinstance(entries, list):
        raise InputError([f"{INDEX_FILE}: series: expected a list of entries (file, response, unit, ...)"])
    problems, loaded = [], []
    for i, entry in enumerate(entries):
        try:
            series = Series.model_validate(entry)
        except ValidationError as exc:
            problems += [f"{INDEX_FILE}: series.{i}.{problem}" for problem in problems_from(exc)]
            continue
        if not (folder / series.file).is_file():
            problems.append(f"{INDEX_FILE}: series.{i}.file: {series.file} is not in {folder.name}/")
            continue
        observations, found = _read_observations(folder / series.file, series.unit)
        problems += found
        loaded.append(series.model_copy(update={"observations": tuple(observations)}))
    listed = {entry.get("file") for entry in entries if isinstance(entry, dict)}
    problems += [f"{path.name}: not listed in {INDEX_FILE}; add an entry"
                 for path in sorted(folder.glob("*.csv")) if path.name not in listed]
    if problems:
        raise InputError(problems)
    return tuple(loaded)


def observed_for(response: str) -> list[Series]:
    """The observed series compared with one model response (an empty list for most)."""
    if response not in RESPONSES:
        raise InputError([f"response: unknown response {shown(response)}; allowed: {', '.join(RESPONSES)}"])
    return [series for series in load_series() if series.response == response]

"""Rules versions: which rules and parameters a figure was made with, and the past ones kept.

A version is a short hash of the *content* of data/rules.yaml and data/parameters.yaml (both
parsed, then written out canonically), so a share link can say which rules made its figures
(``v=``). Parsed, not raw bytes: a checkout with Windows line endings, a re-indented file or an
edited comment gives the same figures, so it keeps the same version and its links stay
current; any changed value, text or citation gives a new version.

Past versions live under ``data/versions/<version>/`` (the two files as they were) and are
listed in ``data/versions/index.yaml`` (version, date, note). The current version is listed
too: ``python -m dashboard versions --archive`` copies the current files in after a change,
and tests/test_versions.py fails until it is done, so every version that ever shipped (and
made links) can be opened again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .engine import shipped_parameters, shipped_rules
from .errors import InputError, load_data_file, problems_from
from .parameters import PARAMETERS_FILE, Parameters
from .rules import DATA_DIR, RULES_FILE, RuleBook, load_rules
from .safe_yaml import safe_load

VERSIONS_DIR = DATA_DIR / "versions"
INDEX_FILE = VERSIONS_DIR / "index.yaml"
HASH_CHARS = 10  # 40 bits: a clash among a few hundred versions has a chance under 1e-7
VERSION_FORM = re.compile(rf"[0-9a-f]{{{HASH_CHARS}}}")
VERSION_WORDS = f"a rules version: {HASH_CHARS} characters 0-9 and a-f, as the app's share links write it"
FILES = {"rules.yaml": RULES_FILE, "parameters.yaml": PARAMETERS_FILE}


class VersionEntry(BaseModel):
    """One line of data/versions/index.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(pattern=VERSION_FORM.pattern)
    date: dt.date = Field(description="the day these rules were first shipped")
    note: str = Field(description="what changed, in a few words")


class VersionIndex(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    versions: tuple[VersionEntry, ...]


@dataclass(frozen=True)
class Edition:
    """A version's rules and parameters, loaded (frozen, so safe to share between sessions)."""

    version: str
    rules: RuleBook
    parameters: Parameters


def _canonical(text: str) -> str:
    return json.dumps(safe_load(text), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, default=str)


def content_version(rules_text: str, parameters_text: str) -> str:
    """The version of a pair of files' content (see the module's docstring)."""
    digest = hashlib.sha256()
    for text in (rules_text, parameters_text):
        digest.update(_canonical(text).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:HASH_CHARS]


def files_version(rules_path: Path, parameters_path: Path) -> str:
    return content_version(Path(rules_path).read_text(encoding="utf-8"),
                           Path(parameters_path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def rules_version() -> str:
    """The version of the shipped rules and parameters (the About tab and every share link)."""
    return files_version(RULES_FILE, PARAMETERS_FILE)


def is_version(text: str) -> bool:
    """Whether ``text`` has the form of a version (it may still be unknown)."""
    return VERSION_FORM.fullmatch(text) is not None


@lru_cache(maxsize=1)
def index() -> tuple[VersionEntry, ...]:
    """Every version listed in data/versions/index.yaml, oldest first."""
    return load_data_file(INDEX_FILE, VersionIndex).versions if INDEX_FILE.exists() else ()


def entry(version: str) -> VersionEntry | None:
    return next((e for e in index() if e.version == version), None)


def archived(version: str) -> bool:
    """Whether the app ships this version's files (so a link made with it can be opened under it)."""
    return entry(version) is not None and all((VERSIONS_DIR / version / name).is_file() for name in FILES)


def describe(version: str) -> str:
    """A version in words for a notice: "the rules of 2026-11-29 (version 1a2b3c4d5e)"."""
    known = entry(version)
    return f"the rules of {known.date.isoformat()} (version {version})" if known else f"rules version {version}"


def edition(version: str) -> Edition:
    """A version's rules and parameters: the shipped ones for the current version, else the
    archived files (loaded once per process, kept: one per archived version, ~0.45 MB each).
    InputError if the version is not archived or its files do not load."""
    if version == rules_version():
        return Edition(version, shipped_rules(), shipped_parameters())
    if version not in _ARCHIVED:
        if not archived(version):
            raise InputError([f"v: {describe(version)} is not kept under data/versions/"])
        folder = VERSIONS_DIR / version
        _ARCHIVED[version] = Edition(version, load_rules(folder / "rules.yaml"),
                                     _archived_parameters(folder / "parameters.yaml"))
    return _ARCHIVED[version]


def _archived_parameters(path: Path) -> Parameters:
    """A past parameters file under today's schema: its own values, and whatever it lacks that
    today's file has (fields added since: words, colours, reading conventions) from today's
    file. The figures come from the numbers the file had; a field that did not exist then
    could not have shaped them."""
    old = safe_load(path.read_text(encoding="utf-8"))
    today = safe_load(PARAMETERS_FILE.read_text(encoding="utf-8"))
    try:
        return Parameters.model_validate(with_additions(old, today))
    except ValidationError as exc:
        raise InputError([f"data/versions/{path.parent.name}/{path.name}: {problem}"
                          for problem in problems_from(exc)]) from None


def with_additions(old: object, today: object) -> object:
    """``old`` with the mapping keys that only ``today`` has added, at every depth (lists and
    values are ``old``'s own)."""
    if not (isinstance(old, dict) and isinstance(today, dict)):
        return old
    return {**today, **{key: with_additions(value, today.get(key)) for key, value in old.items()}}


_ARCHIVED: dict[str, Edition] = {}  # bounded by data/versions/index.yaml


def parameters_for(book: RuleBook) -> Parameters | None:
    """The parameters that go with a rule book: an archived version's own for its rules (the
    very object ``edition`` handed out), None (the shipped parameters) for any other book."""
    return next((e.parameters for e in list(_ARCHIVED.values()) if e.rules is book), None)


def version_of(book: RuleBook) -> str | None:
    """The version whose shipped rules ``book`` is (current or archived), else None (custom rules)."""
    if book is shipped_rules():
        return rules_version()
    return next((e.version for e in list(_ARCHIVED.values()) if e.rules is book), None)


def _numbers(parameters: Parameters) -> tuple:
    """What shapes the index figures: each indicator's start, baseline and pull, and the
    deterrence weights (words, colours and unit links do not)."""
    return (tuple((name, p.start, p.baseline, p.pull) for name, p in sorted(parameters.indicators.items())),
            tuple(sorted(parameters.deterrence.items())))


def same_figures(version: str) -> bool:
    """Whether an archived version computes exactly what the current one does (its rules and
    numbers are equal; only words, colours or citations changed), so a link's figures stand."""
    if version == rules_version():
        return True
    if not archived(version):
        return False
    past = edition(version)
    return past.rules == shipped_rules() and _numbers(past.parameters) == _numbers(shipped_parameters())


def archive_problems() -> list[str]:
    """What is wrong with data/versions/: each listed version's files must be there and hash
    to its name, and the current files' version must be listed (else archive it)."""
    problems = []
    for known in index():
        folder = VERSIONS_DIR / known.version
        if not all((folder / name).is_file() for name in FILES):
            problems.append(f"data/versions/{known.version}/: rules.yaml and parameters.yaml are both needed")
            continue
        found = files_version(folder / "rules.yaml", folder / "parameters.yaml")
        if found != known.version:
            problems.append(f"data/versions/{known.version}/: its files hash to {found}; the folder must be named "
                            "by its files' version")
    if entry(rules_version()) is None:
        problems.append(f"the current data/rules.yaml and data/parameters.yaml (version {rules_version()}) are not "
                        "archived: run `python -m dashboard versions --archive --note '<what changed>'`, so links "
                        "made with them can be opened under them after the next change")
    return problems


def archive(note: str, today: dt.date | None = None) -> tuple[str, bool]:
    """Copy the current rules and parameters into data/versions/<version>/ and list them in the
    index. Returns the version and whether anything was added (False: already archived)."""
    version = rules_version()
    if entry(version) is not None:
        return version, False
    folder = VERSIONS_DIR / version
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in FILES.items():
        shutil.copyfile(source, folder / name)
    listed = [e.model_dump(mode="json") for e in index()]
    listed.append({"version": version, "date": (today or dt.date.today()).isoformat(), "note": note})
    INDEX_FILE.write_text(INDEX_HEADER + yaml.safe_dump({"versions": listed}, sort_keys=False, allow_unicode=True),
                          encoding="utf-8")
    index.cache_clear()
    return version, True


INDEX_HEADER = """\
# Rules versions the app ships, oldest first (dashboard/model/versions.py). Each folder
# data/versions/<version>/ holds rules.yaml and parameters.yaml as they were; the version is a
# hash of their parsed content. Add the current files after every change with
#   python -m dashboard versions --archive --note "what changed"
"""

"""Reference data the pages show: the bibliography, the article's paragraphs and the glossary.

Each file is read once by ``errors.load_data_file`` into a frozen model (a bad file is refused
naming the file and field), so no page reads YAML itself. Pure Python; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, RootModel

from .errors import load_data_file
from .rules import DATA_DIR, SOURCES_FILE

ARTICLE_FILE = DATA_DIR / "article_paragraphs.yaml"
GLOSSARY_FILE = DATA_DIR / "glossary.yaml"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cite: str
    kind: str
    url: str | None = None
    used_for: str | None = None


class Sources(RootModel[dict[str, Source]]):
    model_config = ConfigDict(frozen=True)


class Paragraphs(RootModel[dict[int, str]]):
    model_config = ConfigDict(frozen=True)


class Glossary(RootModel[dict[str, str]]):
    model_config = ConfigDict(frozen=True)


@lru_cache(maxsize=1)
def sources() -> Mapping[str, Source]:
    """Citation key -> its bibliography entry (data/sources.yaml), read-only."""
    return MappingProxyType(load_data_file(SOURCES_FILE, Sources).root)


@lru_cache(maxsize=1)
def article_paragraphs() -> Mapping[int, str]:
    """Paragraph number -> its text (data/article_paragraphs.yaml), read-only."""
    return MappingProxyType(load_data_file(ARTICLE_FILE, Paragraphs).root)


@lru_cache(maxsize=1)
def glossary() -> Mapping[str, str]:
    """Term -> its meaning, in file order (data/glossary.yaml), read-only."""
    return MappingProxyType(load_data_file(GLOSSARY_FILE, Glossary).root)

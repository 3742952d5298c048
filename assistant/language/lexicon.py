"""The language's facts (intents, question words, follow-up and topic-change phrases, item references),
loaded from the YAML files shipped in ``assistant/language/data/``.

Each lexicon entry is a mapping of language (``zh``, ``en``) to regular-expression alternatives;
``pattern`` joins them into one case-insensitive regex. Files are read once, on first use.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from assistant.corpus.yamlfile import load_yaml_text

__all__ = ["alternatives", "lexicon", "pattern"]


class LexiconError(ValueError):
    """A packaged language file is malformed; the message names the file and the entry."""


@cache
def lexicon(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>.yaml``."""
    resource = files("assistant.language").joinpath("data", f"{name}.yaml")
    data = load_yaml_text(resource.read_text(encoding="utf-8"), f"assistant/language/data/{name}.yaml")
    if not isinstance(data, dict):
        raise LexiconError(f"assistant/language/data/{name}.yaml: expected a mapping at the top")
    return data


def alternatives(name: str, entry: str) -> tuple[str, ...]:
    """The regex alternatives of one entry, every language's in file order."""
    value = lexicon(name).get(entry)
    if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
        raise LexiconError(f"assistant/language/data/{name}.yaml: {entry!r} must map languages to lists of patterns")
    return tuple(str(p) for patterns in value.values() for p in patterns)


@cache
def pattern(name: str, entry: str) -> re.Pattern[str]:
    """One case-insensitive regex matching any alternative of the entry."""
    try:
        return re.compile("|".join(alternatives(name, entry)), re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"assistant/language/data/{name}.yaml: {entry!r} has a bad pattern: {exc}") from exc

"""Facts declared as data: what a person can state, how it is read, and how it is named.

A fact is a name, a type (int | bool | enum | set), a reader with its patterns, and labels (zh/en).
The general facts ship in ``assistant/eligibility/data/facts.yaml``; a plan's own facts are
declared in ``corpus/eligibility.yaml`` next to the rules that use them. ``Facts`` holds what one
conversation has said, keyed by fact name; a fact nobody mentioned is absent (never "no").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from assistant.corpus.yamlfile import load_yaml_text

FACT_TYPES = ("int", "bool", "enum", "set")
READERS = {"int": ("age",), "bool": ("child", "polarity", "first"), "enum": ("sex", "choice"), "set": ("categories",)}

# A Chinese numeral small enough for an age (四十二, 十四, 两); `<CN>` in a pattern stands for it.
CN_NUMBER = "[零一二两三四五六七八九十]{1,3}"


class FactError(ValueError):
    """A fact declaration is malformed; the message says where."""


def compile_pattern(value: Any, where: str = "<data>") -> re.Pattern[str]:
    """A pattern from data: a string, or a list of strings forming one alternation."""
    if isinstance(value, str):
        source = value
    elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        source = "|".join(f"(?:{v})" for v in value)
    else:
        raise FactError(f"{where}: a pattern must be a string or a list of strings")
    try:
        return re.compile(source.replace("<CN>", CN_NUMBER))
    except re.error as exc:
        raise FactError(f"{where}: invalid pattern {source!r}: {exc}") from exc


@dataclass(frozen=True)
class Said:
    """How a reason states a value: zh, en, and whether English says "has ..." (not "is ...")."""

    zh: str
    en: str
    have: bool = False


@dataclass(frozen=True, eq=False)
class ValueDef:
    """One value of an enum or set fact."""

    value: str
    said: Said | None = None
    said_child: Said | None = None  # said of a child, when it describes the parents
    pattern: re.Pattern[str] | None = None
    household: bool = False
    implies: tuple[tuple[str, Any], ...] = ()
    spec: Mapping[str, Any] = field(default_factory=dict)  # reader-specific patterns (sex)


@dataclass(frozen=True, eq=False)
class FactDef:
    """A declared fact. ``spec`` holds the reader's compiled patterns."""

    name: str
    type: str
    read: str
    label_zh: str
    label_en: str
    question_zh: str
    question_en: str
    said: Said | None = None  # int and set facts: a template with {value} / {values}
    said_true: Said | None = None
    said_false: Said | None = None
    values: tuple[ValueDef, ...] = ()
    none: ValueDef | None = None  # a set fact's "said outright: none"
    household: bool = False
    counts_from: tuple[str, ...] = ()
    masks: tuple[str, ...] = ()
    spec: Mapping[str, Any] = field(default_factory=dict)
    join_zh: str = "、"
    join_en: str = " and "

    def allowed(self) -> tuple[Any, ...]:
        """Values a rule may test this fact against."""
        if self.type == "bool":
            return (True, False)
        return tuple(v.value for v in self.values) + ((self.none.value,) if self.none else ())

    def value_def(self, value: Any) -> ValueDef | None:
        return next((v for v in (*self.values, *((self.none,) if self.none else ())) if v.value == value), None)


def _said(d: Any, where: str) -> Said | None:
    if d is None:
        return None
    if not isinstance(d, dict) or not isinstance(d.get("zh"), str) or not isinstance(d.get("en"), str):
        raise FactError(f"{where}: 'said' needs zh and en strings")
    return Said(d["zh"], d["en"], bool(d.get("have", False)))


def _labels(d: dict[str, Any], key: str, where: str) -> tuple[str, str]:
    value = d.get(key)
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value.get(k) for k in ("zh", "en")):
        raise FactError(f"{where}: {key!r} needs zh and en strings")
    return value["zh"], value["en"]


def _value_def(d: Any, where: str) -> ValueDef:
    if not isinstance(d, dict) or not isinstance(d.get("value"), str):
        raise FactError(f"{where}: each value needs a 'value' string")
    implies = d.get("implies") or {}
    if not isinstance(implies, dict):
        raise FactError(f"{where}: 'implies' must be a mapping of fact: value")
    return ValueDef(
        value=d["value"],
        said=_said(d.get("said"), where),
        said_child=_said(d.get("said_child"), where),
        pattern=compile_pattern(d["patterns"], where) if "patterns" in d else None,
        household=bool(d.get("household", False)),
        implies=tuple(implies.items()),
    )


def _sex_value(name: str, d: Any, where: str) -> ValueDef:
    if not isinstance(d, dict):
        raise FactError(f"{where}: value {name!r} must be a mapping")
    spec = {k: compile_pattern(d[k], f"{where} {name}.{k}") for k in ("whole", "bare", "child", "person") if k in d}
    return ValueDef(value=name, said=_said(d.get("said"), where), spec=spec)


def parse_fact(d: Any, where: str) -> FactDef:
    """One fact declaration (a YAML mapping) -> FactDef; errors name ``where``."""
    if not isinstance(d, dict) or not isinstance(d.get("name"), str) or not d.get("name"):
        raise FactError(f"{where}: a fact needs a 'name'")
    name = d["name"]
    where = f"{where} (fact {name!r})"
    kind, read = d.get("type"), d.get("read")
    if kind not in FACT_TYPES:
        raise FactError(f"{where}: 'type' must be one of {', '.join(FACT_TYPES)}")
    if read not in READERS[kind]:
        raise FactError(f"{where}: 'read' for a {kind} fact must be one of {', '.join(READERS[kind])}")
    label_zh, label_en = _labels(d, "label", where)
    question_zh, question_en = _labels(d, "question", where)
    said = d.get("said")
    values: tuple[ValueDef, ...] = ()
    none: ValueDef | None = None
    spec: dict[str, Any] = {}
    if read == "age":
        spec["each"] = tuple(compile_pattern(p, where) for p in d.get("each", []))
        spec["max"] = int(d.get("max", 120))
    elif read == "sex":
        values = tuple(_sex_value(k, v, where) for k, v in (d.get("values") or {}).items())
    elif read == "choice":
        raw = d.get("values") or {}
        values = tuple(
            ValueDef(value=k, said=_said(v.get("said"), where), pattern=compile_pattern(v["patterns"], where)) for k, v in raw.items()
        )
        if "decisive" in d:
            spec["decisive"] = compile_pattern(d["decisive"], where)
            spec["decisive_values"] = dict(d.get("decisive_values") or {})
    elif read == "child":
        spec["true"] = compile_pattern(d["true"], where)
        spec["false"] = compile_pattern(d["false"], where)
        spec["adult_age"] = int(d.get("adult_age", 18))
    elif read == "polarity":
        spec["patterns"] = compile_pattern(d["patterns"], where)
        spec["negatable"] = compile_pattern(d.get("negatable", d["patterns"]), where)
        if "unless_said" in d:
            spec["unless_said"] = compile_pattern(d["unless_said"], where)
    elif read == "first":
        rules = d.get("rules")
        if not isinstance(rules, list) or not rules:
            raise FactError(f"{where}: 'rules' must be a non-empty list")
        spec["rules"] = tuple(
            (
                r["value"],
                compile_pattern(r["patterns"], where),
                compile_pattern(r["unless"], where) if "unless" in r else None,
            )
            for r in rules
        )
    elif read == "categories":
        values = tuple(_value_def(v, where) for v in d.get("values") or [])
        if d.get("none"):
            none = _value_def(d["none"], where)
    if kind in ("enum", "set") and not values:
        raise FactError(f"{where}: an {kind} fact needs 'values'")
    return FactDef(
        name=name,
        type=kind,
        read=read,
        label_zh=label_zh,
        label_en=label_en,
        question_zh=question_zh,
        question_en=question_en,
        said=_said(said, where) if isinstance(said, dict) else None,
        said_true=_said(d.get("said_true"), where),
        said_false=_said(d.get("said_false"), where),
        values=values,
        none=none,
        household=bool(d.get("household", False)),
        counts_from=tuple(d.get("counts_from") or ()),
        masks=tuple(d.get("masks") or ()),
        spec=MappingProxyType(spec),
        join_zh=(said or {}).get("join_zh", "、") if isinstance(said, dict) else "、",
        join_en=(said or {}).get("join_en", " and ") if isinstance(said, dict) else " and ",
    )


@dataclass(frozen=True)
class FactSchema:
    """The facts in force: the package's general facts, overridden or extended by a corpus."""

    facts: tuple[FactDef, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.facts})

    def __contains__(self, name: object) -> bool:
        return name in self._by_name  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[FactDef]:
        return iter(self.facts)

    def get(self, name: str) -> FactDef | None:
        return self._by_name.get(name)  # type: ignore[attr-defined, no-any-return]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.facts)

    def by_read(self, read: str) -> FactDef | None:
        return next((f for f in self.facts if f.read == read), None)

    def extended(self, extra: Iterable[FactDef]) -> FactSchema:
        """This schema with ``extra`` added; a fact of the same name replaces the general one."""
        by_name = dict(self._by_name)  # type: ignore[attr-defined]
        for f in extra:
            by_name[f.name] = f
        return FactSchema(tuple(by_name.values()))


def _data(name: str) -> Any:
    return load_yaml_text(resources.files("assistant.eligibility").joinpath("data", name).read_text(encoding="utf-8"), name)


@lru_cache(maxsize=1)
def base_schema() -> FactSchema:
    """The general facts shipped with the package."""
    raw = _data("facts.yaml")
    return FactSchema(tuple(parse_fact(d, f"facts.yaml #{i + 1}") for i, d in enumerate(raw["facts"])))


@lru_cache(maxsize=64)
def _extended(extra: tuple[FactDef, ...]) -> FactSchema:
    return base_schema().extended(extra)


def schema_with(extra: Iterable[FactDef]) -> FactSchema:
    """The general facts plus ``extra`` (a corpus's own), cached by identity."""
    extra = tuple(dict.fromkeys(extra))
    return _extended(extra) if extra else base_schema()


_RESERVED = frozenset({"subject", "get", "items", "replace", "values", "said"})


class Facts:
    """What the person has told us, by fact name; an absent fact was not said (never "no").

    Immutable and hashable. ``facts.age`` reads a fact (None when not said); set facts hold
    non-empty tuples. ``subject`` is who the facts are about ("self", "daughter", ...).
    """

    __slots__ = ("_values", "subject")
    _values: Mapping[str, Any]
    subject: str | None

    def __init__(self, subject: str | None = None, **values: Any) -> None:
        clean = {}
        for name, value in values.items():
            if name in _RESERVED:
                raise TypeError(f"{name!r} cannot be a fact name")
            if isinstance(value, list | set | frozenset):
                value = tuple(value)
            if value is not None and value != ():
                clean[name] = value
        object.__setattr__(self, "_values", MappingProxyType(dict(sorted(clean.items()))))
        object.__setattr__(self, "subject", subject)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._values.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Facts is immutable; use replace()")

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def items(self) -> Iterable[tuple[str, Any]]:
        return self._values.items()

    def replace(self, **changes: Any) -> Facts:
        subject = changes.pop("subject", self.subject)
        return Facts(subject=subject, **{**self._values, **changes})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Facts) and self.subject == other.subject and dict(self._values) == dict(other._values)

    def __hash__(self) -> int:
        return hash((self.subject, tuple(self._values.items())))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"Facts({inner}{', ' if inner else ''}subject={self.subject!r})"

    def __reduce__(self) -> tuple[Callable[..., Facts], tuple[Any, ...]]:
        return (_rebuild, (self.subject, dict(self._values)))


def _rebuild(subject: str | None, values: dict[str, Any]) -> Facts:
    return Facts(subject=subject, **values)


def said(value: Any) -> bool:
    """Whether a fact value was stated (None and () are "not said")."""
    return value is not None and value != ()


__all__ = [
    "FactDef",
    "FactError",
    "FactSchema",
    "Facts",
    "Said",
    "ValueDef",
    "base_schema",
    "compile_pattern",
    "parse_fact",
    "said",
    "schema_with",
]

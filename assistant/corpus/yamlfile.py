"""The one YAML loader for corpus and package data: safe, line-aware, rejecting duplicate keys.

Mappings come back as ``LineDict`` (a dict with ``.line``) and lists as ``LineList``, so a checker
can say ``file:line`` for any entry. Errors are ``YamlFileError`` naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

__all__ = ["LineDict", "LineList", "YamlFileError", "line_of", "load_yaml", "load_yaml_text"]


class YamlFileError(ValueError):
    """Unreadable or invalid YAML; the message starts with ``file:line``."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line = source, line
        super().__init__(f"{source}:{line}: {message}" if line else f"{source}: {message}")


class LineDict(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the 1-based line it starts on."""

    line: int = 0


class LineList(list):  # type: ignore[type-arg]
    """A YAML sequence that remembers the 1-based line it starts on."""

    line: int = 0


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when built in: 10x faster, same marks
    pass


def _map(loader: _Loader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    data.update(loader.construct_mapping(node))


def _seq(loader: _Loader, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    yield data
    data.extend(loader.construct_sequence(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _seq)


def load_yaml_text(text: str, source: str = "<yaml>") -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlFileError(source, mark.line + 1 if mark else None, f"invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise YamlFileError(source, None, f"invalid YAML: {exc}") from exc


def load_yaml(path: Path | str) -> Any:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError(str(path), None, f"not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise YamlFileError(str(path), None, f"cannot be read: {exc.strerror}") from exc
    return load_yaml_text(text, str(path))


def line_of(value: Any) -> int | None:
    """The line a loaded mapping or list starts on (None for scalars)."""
    return getattr(value, "line", None) or None

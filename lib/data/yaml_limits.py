"""YAML within limits: PyYAML's safe loading, bounded, with the line of every key and item.

No input makes the loading recurse deeply or compute for long: lists and mappings nest at most
MAX_YAML_DEPTH levels, aliases are refused, numbers have at most MAX_NUMBER_LENGTH characters,
and a value PyYAML cannot construct becomes a marked error instead of an exception.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer

from lib.data.models import brief
from lib.data.report import Problem, field_path

MAX_YAML_DEPTH = 20
"""How deeply lists and mappings may nest in a YAML file (the data files need 5 levels)."""
MAX_NUMBER_LENGTH = 30
"""Characters in a YAML number: years and step numbers need 4."""


class Refused(yaml.MarkedYAMLError):
    """Valid YAML that a data file may not contain (too deep, an alias, a huge number)."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _Limits:
    """Limits for PyYAML's safe loading, so that no input makes it recurse or compute for long.

    The composer and constructor recurse once per nesting level; the limit keeps that far from
    Python's recursion limit. Aliases are refused: the data files have no use for them, and they
    let a small file expand into a huge document. A value that PyYAML cannot construct (a date
    such as 2021-02-30, a number too long to convert) becomes a marked error.
    """

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise Refused(
                "an alias (*name) is not allowed in the data files; write the value out",
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise Refused(
                    f"lists and mappings are nested more than {MAX_YAML_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # ValueError, OverflowError, AttributeError from PyYAML
            value = f"the value '{brief(node.value)}'" if isinstance(node.value, str) else "this"
            raise Refused(f"cannot read {value} ({brief(exc, 120)})", node.start_mark) from exc

    def construct_yaml_int(self, node):
        self._check_number(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        self._check_number(node)
        return super().construct_yaml_float(node)

    def _check_number(self, node) -> None:
        if isinstance(node.value, str) and len(node.value) > MAX_NUMBER_LENGTH:
            raise Refused(
                f"a number of {len(node.value)} characters is too long (at most "
                f"{MAX_NUMBER_LENGTH})",
                node.start_mark,
            )


class _Loader(_Limits, yaml.SafeLoader):
    """PyYAML's safe loader in pure Python, with the limits: its messages are the ones shown."""


_LOADERS: tuple[type, ...] = (_Loader,)
# libyaml's scanner and parser are about ten times faster; PyYAML may be built without them
if getattr(yaml, "CSafeLoader", None) is not None:

    class _FastLoader(_Limits, Composer, yaml.CSafeLoader):
        """yaml.CSafeLoader with PyYAML's Python composer in front of libyaml's, which recurses
        in C without a bound and so could not hold the limits. libyaml still scans and parses;
        the composer takes its events through the loader's public event methods."""

        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            Composer.__init__(self)

    _LOADERS = (_FastLoader, _Loader)

for _loader in _LOADERS:
    _loader.add_constructor("tag:yaml.org,2002:int", _Limits.construct_yaml_int)
    _loader.add_constructor("tag:yaml.org,2002:float", _Limits.construct_yaml_float)


def _load(text: str, loader: type) -> tuple[yaml.Node | None, Any]:
    parser = loader(text)
    try:
        node = parser.get_single_node()
        return node, parser.construct_document(node) if node is not None else None
    finally:
        parser.dispose()


def load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """(node, data) of one YAML document, with the limits; raises PyYAML's errors.

    Parsed with libyaml where present; on an error the pure-Python parser runs again to report
    it, since its messages are clearer ("found character '\\t' that cannot start any token").
    """
    try:
        return _load(text, _LOADERS[0])
    except yaml.YAMLError as fast_error:
        if len(_LOADERS) == 1:
            raise
        try:
            _load(text, _Loader)
        except yaml.YAMLError:
            raise
        raise fast_error from None  # the two parsers disagree: keep libyaml's word


@dataclass(frozen=True)
class YamlFile:
    """A data file's YAML: its node tree (for line numbers) and the data it holds."""

    file: str
    node: yaml.Node
    data: Any

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the key or item at ``loc``, or of the deepest part of it that exists."""
        node = self.node
        line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                found = None
                for key, value in node.value:  # the last one wins, as when constructing
                    if isinstance(key, yaml.ScalarNode) and key.value == part:
                        found = key, value
                if found is None:
                    return line
                line = found[0].start_mark.line + 1
                node = found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def items(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        """(position, mapping) for each mapping in the top-level list ``key``, however broken."""
        if not isinstance(self.data, dict):
            return []
        listed = self.data.get(key)
        if not isinstance(listed, list):
            return []
        return [(index, item) for index, item in enumerate(listed) if isinstance(item, dict)]


def duplicate_keys(node: yaml.Node, file: str) -> Iterator[Problem]:
    """PyYAML quietly keeps the last of two equal keys; report the second one instead."""
    seen_nodes: set[int] = set()

    def walk(current: yaml.Node, loc: tuple[str | int, ...]) -> Iterator[Problem]:
        if id(current) in seen_nodes:
            return
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key, value in current.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if name is not None:
                    line = key.start_mark.line + 1
                    if name in first_line:
                        yield Problem(
                            file,
                            line,
                            field_path((*loc, name)),
                            f"given twice (first on line {first_line[name]})",
                        )
                    else:
                        first_line[name] = line
                yield from walk(value, (*loc, name if name is not None else "?"))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                yield from walk(item, (*loc, index))

    yield from walk(node, ())

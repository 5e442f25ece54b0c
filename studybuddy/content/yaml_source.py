"""Reading YAML files fast, and finding line numbers only when something is wrong.

Parsing uses libyaml's C loader when present (about ten times faster). Line numbers are
only needed for error messages, so the fast path builds plain data without marks and the
slower node tree is composed only for files that have problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from studybuddy.content.model import Problem

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]
# Deeper than any real guide (sections within sections within a guide, items, fields) and
# far below where the parser's recursion or a reader's patience would give out.
MAX_NESTING = 24


class FileCheck:
    """Collects problems for one file as key paths; turns them into lines only on demand."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.text = text
        self.issues: list[tuple[KeyPath, str]] = []

    def add(self, keypath: KeyPath, message: str) -> None:
        self.issues.append((keypath, message))

    def line_of(self, keypath: KeyPath) -> int | None:
        try:
            node = yaml.compose(self.text, Loader=_Loader)
        except yaml.YAMLError:
            return None
        return line_in_node(node, keypath)

    def problems(self) -> list[Problem]:
        if not self.issues:
            return []
        try:
            root = yaml.compose(self.text, Loader=_Loader)
        except yaml.YAMLError:
            root = None
        return [Problem(self.path, line_in_node(root, kp), msg) for kp, msg in self.issues]


def line_in_node(node: yaml.Node | None, keypath: KeyPath) -> int | None:
    """The 1-based line of the deepest node along `keypath` that exists."""
    if node is None:
        return 1  # an empty document: the problem is the file as a whole, from its top
    line = node.start_mark.line + 1
    for key in keypath:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(key, str):
            for k, v in node.value:
                if k.value == key:
                    # Point at the value when it is where the problem is, at the key otherwise.
                    line = k.start_mark.line + 1
                    child = v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if 0 <= key < len(node.value):
                child = node.value[key]
                line = child.start_mark.line + 1
        if child is None:
            return line
        node = child
    return line


def read_yaml(path: Path) -> tuple[Any, FileCheck, list[Problem]]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, FileCheck(path, ""), [Problem(path, None, f"cannot read file: {err.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, FileCheck(path, ""), [Problem(path, line, "not valid UTF-8 text")]
    check = FileCheck(path, text)
    try:
        refused = _refused_structure(path, text)
        if refused is not None:
            return None, check, [refused]
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        reason = err.problem or err.context or "malformed YAML"
        return None, check, [Problem(path, line, f"bad YAML: {reason}")]
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        return None, check, [Problem(path, line, f"bad YAML: character {char!r} is not allowed in YAML")]
    except yaml.YAMLError as err:
        return None, check, [Problem(path, None, f"bad YAML: {err}")]
    except RecursionError:
        return None, check, [Problem(path, None, "bad YAML: nested too deeply")]
    return data, check, []


def _refused_structure(path: Path, text: str) -> Problem | None:
    """Anchors and aliases (a kilobyte of them can stand for gigabytes of data) and nesting
    deeper than MAX_NESTING, found from the parser's events before anything is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return Problem(path, event.start_mark.line + 1, "YAML anchors and aliases (& and *) are not allowed; write the text out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                return Problem(path, event.start_mark.line + 1, f"nested more than {MAX_NESTING} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None

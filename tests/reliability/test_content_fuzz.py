"""Property test: whatever is done to a real content file, the loader either loads it or
raises ContentError naming the file (and, for anything but unreadable bytes, a line)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studybuddy.content import ContentError, bundled_content_dir, load_content

SOURCES = [
    bundled_content_dir() / "guides" / "dive-into-ml.yaml",
    bundled_content_dir() / "decks" / "jargon.yaml",
]
ODD = ["\u0000", "\ufeff", "\u202e", "😀", "過拟合", "\udcff", "\t", "\r", "---", "&a", "*a", "!!python/object:os.system", "[", "{", ": ", "%YAML 9.9"]


def _paths(node, prefix=()):
    """Every path to a value in a parsed YAML document."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


ORIGINALS = {p: p.read_text(encoding="utf-8") for p in SOURCES}
PARSED = {p: yaml.safe_load(text) for p, text in ORIGINALS.items()}
ALL_PATHS = {p: [q for q in _paths(doc) if q] for p, doc in PARSED.items()}


def _mutate_structure(doc, path, action, value):
    import copy

    doc = copy.deepcopy(doc)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "drop":
        del parent[last]
    elif action == "retype":
        parent[last] = value
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    return doc


mutation = st.sampled_from(SOURCES).flatmap(
    lambda source: st.one_of(
        st.tuples(
            st.just(source),
            st.just("structure"),
            st.sampled_from(ALL_PATHS[source]),
            st.sampled_from(["drop", "retype", "duplicate"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2), st.booleans(), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
        ),
        st.tuples(st.just(source), st.just("truncate"), st.integers(0, len(ORIGINALS[source].encode()) - 1), st.none(), st.none()),
        st.tuples(st.just(source), st.just("insert"), st.integers(0, len(ORIGINALS[source]) - 1), st.sampled_from(ODD), st.none()),
        st.tuples(st.just(source), st.just("bytes"), st.integers(0, len(ORIGINALS[source].encode()) - 1), st.binary(min_size=1, max_size=4), st.none()),
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation)
def test_mutated_content_loads_or_fails_with_file_and_line(tmp_path_factory, m):
    source, kind, where, extra, value = m
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(bundled_content_dir(), root / "c")
    target = root / "c" / source.relative_to(bundled_content_dir())
    if kind == "structure":
        doc = _mutate_structure(PARSED[source], where, extra, value)
        target.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif kind == "truncate":
        target.write_bytes(ORIGINALS[source].encode()[:where])
    elif kind == "insert":
        text = ORIGINALS[source]
        target.write_bytes((text[:where] + extra + text[where:]).encode("utf-8", "surrogatepass"))
    else:
        data = ORIGINALS[source].encode()
        target.write_bytes(data[:where] + extra + data[where:])
    try:
        load_content([root / "c"], bundled=False)
    except ContentError as err:
        assert err.problems
        for problem in err.problems:
            assert isinstance(problem.path, Path) and problem.message
            assert str(problem).startswith(str(problem.path))
        assert all(p.line for p in err.problems), [str(p) for p in err.problems if not p.line]

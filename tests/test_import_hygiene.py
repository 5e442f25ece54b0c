"""The data layer and the printing commands must work without textual ever being imported."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "studybuddy"
DATA_LAYER = ["content", "store", "srs", "stats", "roadmap.py", "settings.py", "humanize.py", "crash_report.py", "datadir.py", "safe_text.py", "cli"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", DATA_LAYER)
def test_data_layer_source_never_imports_textual_at_module_level(part):
    files = [PACKAGE / part] if part.endswith(".py") else sorted((PACKAGE / part).rglob("*.py"))
    assert files
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        modules = {a.name for n in top_level if isinstance(n, ast.Import) for a in n.names}
        modules |= {n.module for n in top_level if isinstance(n, ast.ImportFrom) and n.module}
        assert not any(m == "textual" or m.startswith(("textual.", "studybuddy.tui")) for m in modules), path
        if part != "cli":
            assert not any(m.startswith(("textual", "studybuddy.tui")) for m in _imports(path)), path


@pytest.mark.parametrize("argv", [["check"], ["stats", "--json"], ["stats"], ["due"]])
def test_printing_commands_do_not_load_textual(argv, tmp_path):
    code = (
        "import sys, io, contextlib\n"
        "from studybuddy.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main({argv!r} + ['--data-dir', {str(tmp_path)!r}])\n"
        "assert rc == 0, rc\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'studybuddy.tui')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_first_frame_does_not_wait_for_the_flashcards_or_the_yaml_parser():
    """Start-up imports only what the browser needs (issue: startup within 1.15x of a bare
    Textual app). The review and stats screens, FSRS and PyYAML come when first used."""
    code = (
        "import sys\n"
        "import studybuddy.tui.app\n"
        "heavy = ('fsrs', 'yaml', 'studybuddy.srs.collection', 'studybuddy.stats.figures', 'studybuddy.tui.screens.review')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _private_names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(private names this code defines, private names it reads or imports)."""
    defined, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            defined.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and node.module:
            used.update(part for part in node.module.split(".") if node.module.startswith(("textual", "rich")))
            used.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            used.update(part for alias in node.names for part in alias.name.split("."))
    private = lambda names: {n for n in names if n.startswith("_") and not n.startswith("__")}  # noqa: E731
    return private(defined), private(used)


def _private_members(tree: ast.AST) -> set[str]:
    """Private methods and `self.` attributes the classes in `tree` define."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names |= {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _textual_private_members() -> set[str]:
    import textual

    root = Path(textual.__file__).parent
    return set().union(*(_private_members(ast.parse(p.read_text(encoding="utf-8"))) for p in root.rglob("*.py")))


def test_no_private_textual_or_rich_name_is_used():
    """Only Textual's public API: no `_name` of textual or rich is read, imported or overridden.

    A private name we use must be one our own code defines; in the TUI, where our classes
    inherit Textual's, it must also not be one of Textual's (that would override it)."""
    files = sorted(PACKAGE.rglob("*.py")) + sorted(Path(__file__).parent.rglob("*.py"))
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    ours: set[str] = set()
    for tree in trees.values():
        ours |= _private_names(tree)[0]
    theirs = _textual_private_members()
    problems = []
    for path, tree in trees.items():
        defined, used = _private_names(tree)
        problems += [f"{path.name}: uses {name}" for name in sorted(used - ours)]
        if "tui" in path.parts:
            problems += [f"{path.name}: overrides Textual's {name}" for name in sorted(_private_members(tree) & theirs)]
    assert problems == [], problems


def test_the_import_contracts_in_pyproject_hold():
    """The layers, "nothing below the screens imports Textual", and no import cycles: checked
    by import-linter against the contracts in pyproject.toml."""
    lint = Path(sys.executable).with_name("lint-imports")
    command = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    result = subprocess.run(
        command, cwd=PACKAGE.parent, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") >= 3

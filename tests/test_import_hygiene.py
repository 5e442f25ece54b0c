"""The data layer and the printing commands must work without textual ever being imported."""

from __future__ import annotations

import ast
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

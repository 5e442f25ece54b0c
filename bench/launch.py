"""Runs a Textual program headless, as its user would start it, and stops it at its first frame.

The startup bench needs whole processes that end right after the first frame, for
StudyBuddy and for the minimal app alike, without touching either program. So this patches
Textual from the outside, the same way for both: `App.run` is forced headless, and the
first time a screen is painted the frame's text is checked for the expected strings, the
moment is noted and the app is told to exit (or, with --reviews, a review session is driven
first: the memory bench). The program itself runs unchanged: `--module studybuddy ARGS` is
`python -m studybuddy ARGS` (through runpy, as `-m` does), `--script FILE` is `python FILE`.

On the way out it prints one line, `BENCH-RESULT {...}` (a Python literal): when the first
frame was painted (time.monotonic(), comparable with the parent's clock), whether it showed
the expected text (`--expect`: in the frame; `--expect-tree`: in a top-level node of the
screen's tree, which may hold more than fits on the screen), and how long YAML took
(importing PyYAML and parsing), found by wrapping PyYAML when (and only if) the program
imports it. BENCH_DUMP_FRAME=1 writes the first frame's text to stderr.

Whatever this file imports is imported into both programs' measured time and memory, so it
imports only what Textual imports anyway (and argv is parsed by hand, not with argparse).

    python bench/launch.py [--expect TEXT]... [--expect-tree TEXT]... [--reviews N]
                           (--module NAME | --script FILE) [-- ARGS...]
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

from textual.app import App
from textual.widgets import Tree

YAML_FUNCTIONS = ("load", "load_all", "safe_load", "safe_load_all", "full_load", "compose", "compose_all", "parse", "scan")
# Answers given by the memory bench, in turn: mostly Good, some Again, Hard and Easy.
RATINGS = "3343132343"
BENCH = os.path.dirname(os.path.abspath(__file__))
REPORT: dict = {
    "first_frame": None,
    "frame_ok": False,
    "missing": [],
    "tree": [],
    "yaml_seconds": 0.0,
    "yaml_calls": 0,
    "reviews": 0,
    "error": None,
}


class YamlTimer:
    """A meta path finder that times the import of PyYAML, then every parse through its
    module-level functions."""

    def find_spec(self, name, path=None, target=None):
        if name != "yaml":
            return None
        sys.meta_path.remove(self)
        spec = next(
            (found for finder in sys.meta_path if (found := getattr(finder, "find_spec", lambda *_: None)(name, path, target))),
            None,
        )
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def timed_exec(module) -> None:
            t0 = time.perf_counter()
            exec_module(module)
            REPORT["yaml_seconds"] += time.perf_counter() - t0
            _wrap_parsers(module)

        spec.loader.exec_module = timed_exec
        return spec


def _wrap_parsers(module) -> None:
    depth = 0  # safe_load calls load: only the outermost call is timed

    def timed(function):
        def wrapper(*args, **kwargs):
            nonlocal depth
            depth += 1
            t0 = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                depth -= 1
                if depth == 0:
                    REPORT["yaml_seconds"] += time.perf_counter() - t0
                    REPORT["yaml_calls"] += 1

        return wrapper

    for name in YAML_FUNCTIONS:
        if hasattr(module, name):
            setattr(module, name, timed(getattr(module, name)))


def frame_text(screen, renderable) -> str:
    """The painted frame as plain text (the first frame is a full update: its own strips)."""
    lines = getattr(renderable, "strips", None)
    if lines is None:
        return "\n".join(strip.text for strip in screen._compositor.render_strips())
    return "\n".join("".join(strip.text for strip in line) for line in lines)


async def drive_reviews(app: App, count: int) -> None:
    """Open today's review with `r` and answer `count` cards (reveal with space, then grade)."""
    sys.path.append(BENCH)  # last: the program's own imports resolve as they would without us
    from keys import keypress

    from studybuddy.tui.screens.review import ReviewScreen

    try:
        await keypress(app, "r", "r", lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        for index in range(count):
            if screen.current is None:
                raise RuntimeError(f"the review ran out of cards after {index}")
            await keypress(app, "space", " ", lambda: screen.revealed)
            answered = len(screen.session.tally.history)
            rating = RATINGS[index % len(RATINGS)]
            await keypress(app, rating, rating, lambda n=answered: len(screen.session.tally.history) > n)
            REPORT["reviews"] += 1
        await keypress(app, "escape", None, lambda: not isinstance(app.screen, ReviewScreen))
        # Leaving the review saves the schedule in the background; a user quits later than
        # that, not while it is being written (which would hold two copies at once).
        await app.workers.wait_for_complete()
    except Exception as error:  # reported to the parent, which fails the bench with it
        REPORT["error"] = f"{type(error).__name__}: {error}"
    app.exit()


def install(expect: list[str], expect_tree: list[str], reviews: int) -> None:
    run, display = App.run, App._display
    tasks: list[asyncio.Task] = []

    def headless_run(self, *args, **kwargs):
        kwargs["headless"] = True
        return run(self, *args, **kwargs)

    def first_frame_display(self, screen, renderable) -> None:
        display(self, screen, renderable)
        if REPORT["first_frame"] is not None or renderable is None or self._batch_count:
            return
        REPORT["first_frame"] = time.monotonic()
        text = frame_text(screen, renderable)
        trees = screen.query(Tree)
        REPORT["tree"] = labels = [node.label.plain for node in trees.first().root.children] if trees else []
        missing = [wanted for wanted in expect if wanted not in text]
        missing += [wanted for wanted in expect_tree if not any(wanted in label for label in labels)]
        REPORT["missing"], REPORT["frame_ok"] = missing, not missing
        if os.environ.get("BENCH_DUMP_FRAME"):
            sys.__stderr__.write(text + "\n")
        if reviews and not missing:
            tasks.append(asyncio.get_running_loop().create_task(drive_reviews(self, reviews)))
        else:
            self.exit()

    App.run = headless_run
    App._display = first_frame_display


def parse_args(argv: list[str]) -> tuple[dict, list[str]]:
    options: dict = {"--expect": [], "--expect-tree": [], "--reviews": 0, "--module": None, "--script": None}
    while argv and argv[0] != "--":
        flag, value, argv = argv[0], argv[1] if len(argv) > 1 else None, argv[2:]
        if flag not in options or value is None:
            sys.exit(f"launch.py: bad option {flag!r}\n{__doc__}")
        if isinstance(options[flag], list):
            options[flag].append(value)
        else:
            options[flag] = int(value) if flag == "--reviews" else value
    if (options["--module"] is None) == (options["--script"] is None):
        sys.exit(f"launch.py: give one of --module or --script\n{__doc__}")
    return options, argv[1:]


def main() -> None:
    options, args = parse_args(sys.argv[1:])
    sys.meta_path.insert(0, YamlTimer())
    install(options["--expect"], options["--expect-tree"], options["--reviews"])
    code: int | str | None = 0
    try:
        if options["--module"]:
            import runpy  # as `python -m` itself does

            sys.argv = [options["--module"], *args]
            sys.path[0] = os.getcwd()
            runpy.run_module(options["--module"], run_name="__main__", alter_sys=True)
        else:
            path = options["--script"]
            sys.argv = [path, *args]
            sys.path[0] = os.path.dirname(os.path.abspath(path))
            with open(path, encoding="utf-8") as source:
                code_object = compile(source.read(), path, "exec")
            exec(code_object, {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__})
    except SystemExit as exit_:
        code = exit_.code
    print(f"BENCH-RESULT {REPORT!r}", flush=True)
    sys.exit(code)


if __name__ == "__main__":
    main()

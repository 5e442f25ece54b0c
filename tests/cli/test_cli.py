"""The command line: check, stats, argument errors and data-directory errors."""

from __future__ import annotations

import json
import subprocess
import sys

from studybuddy.cli import main
from studybuddy.store import Store


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studybuddy", *args], capture_output=True, text=True, timeout=60
    )


def test_check_prints_counts_for_the_real_content(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: 2 guides, ")
    assert "dive-into-ml:" in out and "start-ml-free:" in out


def test_check_reports_each_problem_as_file_line_message(tmp_path, capsys):
    bad = tmp_path / "bad"
    (bad / "guides").mkdir(parents=True)
    (bad / "guides" / "x.yaml").write_text("id: x\ntitle: X\nsource: nope\nsummary: s\nsections: []\n")
    assert main(["check", "--content", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad / 'guides' / 'x.yaml'}:3: malformed URL 'nope'" in err
    assert f"{bad / 'guides' / 'x.yaml'}:5: 'sections' must be a non-empty list" in err


def test_stats_json_counts_the_checklist(data_dir, capsys):
    with Store.open(data_dir) as store:
        from studybuddy.content import load_content

        content = load_content()
        first, second, third = list(content.items)[:3]
        store.set_item_state(first, "done")
        store.set_item_state(second, "skipped")
        store.set_item_state(third, "in_progress")
        store.set_item_state("not-in-content", "done")
    assert main(["stats", "--json", "--data-dir", str(data_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    total = len(content.items)
    assert report["checklist"] == {"todo": total - 3, "in_progress": 1, "done": 1, "skipped": 1, "total": total}
    assert {r["guide"] for r in report["roadmap"]} == {"dive-into-ml", "start-ml-free"}


def test_data_dir_from_environment_and_option_order(data_dir, monkeypatch, capsys):
    from studybuddy.content import load_content

    item = next(iter(load_content().items))
    with Store.open(data_dir) as store:
        store.set_item_state(item, "done")
    monkeypatch.setenv("STUDYBUDDY_HOME", str(data_dir))
    assert main(["stats"]) == 0
    assert "Roadmap: 1/" in capsys.readouterr().out
    # --data-dir before the subcommand works as well as after it.
    assert main(["--data-dir", str(data_dir), "stats", "--json"]) == 0
    json.loads(capsys.readouterr().out)


def test_bad_arguments_exit_2_with_usage():
    proc = run("--no-such-flag")
    assert proc.returncode == 2
    assert "usage: studybuddy" in proc.stderr
    proc = run("frobnicate")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("studybuddy ")


def test_locked_data_dir_is_a_clear_error(data_dir):
    with Store.open(data_dir):
        proc = run("--data-dir", str(data_dir))
    assert proc.returncode == 1
    assert str(data_dir) in proc.stderr and "already using" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_content_fails_check(tmp_path, data_dir):
    bad = tmp_path / "bad"
    (bad / "decks").mkdir(parents=True)
    (bad / "decks" / "d.yaml").write_text("id: d\ntitle: D\ncards:\n  - id: c\n    term: T\n")
    proc = run("--data-dir", str(data_dir), "check", "--content", str(bad))
    assert proc.returncode == 1
    assert f"{bad / 'decks' / 'd.yaml'}:4: card is missing required field 'definition'" in proc.stderr


def _review_some(data_dir):
    """Really answer a few cards through the data layer, as the app does."""

    from studybuddy.content import load_content
    from studybuddy.srs.study import Study

    content = load_content()
    with Store.open(data_dir) as store:
        study = Study.open(content, data_dir, store.settings())
        queue = study.queue()
        for rating in (4, 4, 1):
            nxt = queue.next()
            queue.answered(nxt.slug, study.collection.answer(nxt.slug, rating))
        study.collection.save()
        study.collection.close()
    return content


def test_due_prints_one_line_for_a_shell_prompt(data_dir, capsys):
    assert main(["due", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == "0 due · 10 new\n"
    _review_some(data_dir)
    assert main(["due", "--data-dir", str(data_dir)]) == 0
    # Two graduated (not due), one in learning due in a minute (not yet due), seven new left.
    assert capsys.readouterr().out == "0 due · 7 new\n"


def test_stats_json_has_review_and_card_counts(data_dir, capsys):
    content = _review_some(data_dir)
    assert main(["stats", "--json", "--data-dir", str(data_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    total = len(content.cards)
    assert report["reviews"] == {"today": 3, "total": 3}
    assert report["cards"] == {"new": total - 3, "learning": 1, "review": 2, "relearning": 0, "total": total}
    assert report["due_now"] == 0


def test_due_works_while_the_app_holds_the_lock(data_dir):
    with Store.open(data_dir):
        proc = run("due", "--data-dir", str(data_dir))
    assert proc.returncode == 0 and proc.stdout.endswith("new\n")


def test_stats_text_and_json_after_real_answers(data_dir, capsys):
    _review_some(data_dir)
    assert main(["stats", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "Reviews: 3 today, 3 in all" in out
    assert "Streak: 1 day (longest 1)" in out
    assert "Last 12 weeks:" in out and out.count("\n  Mon ") == 1 and "◆" in out
    assert main(["stats", "--json", "--data-dir", str(data_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["streak"] == {"current": 1, "longest": 1}
    assert report["retention"] == {"young": None, "mature": None, "days": 30}
    assert len(report["forecast"]) == 30 and sum(report["forecast"]) == 3
    assert report["time_ms"]["today"] == report["time_ms"]["total"] >= 0
    assert [r["guide"] for r in report["roadmap"]] == ["dive-into-ml", "start-ml-free"]
    assert set(report["roadmap"][0]) >= {"guide", "done", "in_progress", "skipped", "total"}

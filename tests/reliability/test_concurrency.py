"""Two StudyBuddy processes started at once on one data directory: exactly one wins."""

from __future__ import annotations

import subprocess
import sys
import time


def test_two_processes_at_once_exactly_one_wins(tmp_path):
    data = tmp_path / "data"
    # Both wait for the same moment once imported, so they really race for the lock, and the
    # winner holds it until the test has heard from both, however slowly the other started.
    start = time.time() + 2
    code = (
        "import sys, time\n"
        "from studybuddy.store import Store, StoreLocked\n"
        f"time.sleep(max(0, {start} - time.time()))\n"
        "try:\n"
        f"    s = Store.open(__import__('pathlib').Path({str(data)!r}))\n"
        "except StoreLocked as err:\n"
        "    print('refused:', err, flush=True); sys.exit(3)\n"
        "print('won', flush=True); sys.stdin.read(); s.close()\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        outputs = [p.stdout.readline() for p in procs]
    finally:
        for p in procs:
            p.stdin.close()
    codes = sorted(p.wait(timeout=60) for p in procs)
    assert codes == [0, 3], outputs
    refusal = next(o for o in outputs if o.startswith("refused"))
    assert str(data) in refusal and "already using" in refusal


def test_the_cli_refuses_the_second_app_with_a_clear_message(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen(  # holds the lock until the test closes its stdin
        [sys.executable, "-c", f"import sys; from studybuddy.store import Store; s = Store.open(__import__('pathlib').Path({str(data)!r})); print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = subprocess.run([sys.executable, "-m", "studybuddy", "--data-dir", str(data)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1
        assert f"process {holder.pid}" in proc.stderr and str(data) in proc.stderr
        assert "Traceback" not in proc.stderr
    finally:
        holder.kill()
        holder.wait()

"""Two StudyBuddy processes started at once on one data directory: exactly one wins."""

from __future__ import annotations

import subprocess
import sys
import time


def test_two_processes_at_once_exactly_one_wins(tmp_path):
    data = tmp_path / "data"
    code = (
        "import sys, time\n"
        "from studybuddy.store import Store, StoreLocked\n"
        "try:\n"
        f"    s = Store.open(__import__('pathlib').Path({str(data)!r}))\n"
        "except StoreLocked as err:\n"
        "    print('refused:', err); sys.exit(3)\n"
        "print('won', flush=True); time.sleep(2); s.close()\n"
    )
    start = time.monotonic() + 0.5
    barrier = f"import time; time.sleep(max(0, {start} - time.monotonic()))\n"
    procs = [subprocess.Popen([sys.executable, "-c", barrier + code], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=30)[0] for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 3], outputs
    refusal = next(o for o in outputs if o.startswith("refused"))
    assert str(data) in refusal and "already using" in refusal


def test_the_cli_refuses_the_second_app_with_a_clear_message(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from studybuddy.store import Store; s = Store.open(__import__('pathlib').Path({str(data)!r})); print('ready', flush=True); import time; time.sleep(30)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = subprocess.run([sys.executable, "-m", "studybuddy", "--data-dir", str(data)], capture_output=True, text=True, timeout=30)
        assert proc.returncode == 1
        assert f"process {holder.pid}" in proc.stderr and str(data) in proc.stderr
        assert "Traceback" not in proc.stderr
    finally:
        holder.kill()
        holder.wait()

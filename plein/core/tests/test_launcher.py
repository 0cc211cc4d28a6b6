"""`plein start` (make run): web server, worker and scheduler run together and stop together."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import CommandError

from plein.core.launcher import run_together
from plein.core.management.commands import start

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by its parent) counts as gone.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


def _wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_the_first_child_to_end_stops_the_others_and_gives_its_code():
    pids: list[int] = []
    started = time.monotonic()
    code = run_together(
        [SLEEPER, [sys.executable, "-c", "import sys, time; time.sleep(0.3); sys.exit(3)"]],
        started=lambda children: pids.extend(c.pid for c in children),
    )
    assert code == 3
    assert time.monotonic() - started < 10
    assert _wait_gone(pids[0])


def test_sigterm_stops_every_child_and_what_they_started(tmp_path):
    # The script runs two children; one starts a grandchild (as runserver's reloader does).
    script = tmp_path / "launch.py"
    grandchild = tmp_path / "grandchild.pid"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from pathlib import Path
            from plein.core.launcher import run_together
            parent = (
                "import subprocess, sys, time; "
                "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
                "open({str(grandchild)!r}, 'w').write(str(p.pid)); time.sleep(60)"
            )
            commands = [{SLEEPER!r}, [sys.executable, "-c", parent]]
            sys.exit(run_together(commands, started=lambda c: Path({str(tmp_path / "pids")!r})
                .write_text(" ".join(str(x.pid) for x in c))))
            """
        )
    )
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    launcher = subprocess.Popen([sys.executable, str(script)], env=env)
    deadline = time.monotonic() + 20
    while not grandchild.exists() or not grandchild.read_text():
        assert time.monotonic() < deadline, "the children did not start"
        time.sleep(0.05)
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()] + [int(grandchild.read_text())]
    launcher.send_signal(signal.SIGTERM)
    assert launcher.wait(timeout=15) == 0
    for pid in pids:
        assert _wait_gone(pid), pid


def test_start_runs_server_worker_and_scheduler_with_links_to_its_address(monkeypatch):
    seen = {}

    def fake_run(commands, *, env):
        seen.update(commands=commands, env=env)
        return 0

    monkeypatch.setattr(start, "run_together", fake_run)
    monkeypatch.delenv("PLEIN_SITE_URL", raising=False)
    start.Command().handle(address="0.0.0.0:8123")
    names = [command[3] for command in seen["commands"]]
    assert names == ["runserver", "db_worker", "scheduler"]
    assert seen["commands"][0][4] == "0.0.0.0:8123"
    assert seen["env"]["PLEIN_SITE_URL"] == "http://127.0.0.1:8123"
    monkeypatch.setenv("PLEIN_SITE_URL", "https://plein.bieb.example")
    start.Command().handle(address="127.0.0.1:8000")
    assert seen["env"]["PLEIN_SITE_URL"] == "https://plein.bieb.example"


def test_a_failing_part_is_reported_and_a_bad_address_refused(monkeypatch):
    monkeypatch.setattr(start, "run_together", lambda commands, *, env: 2)
    with pytest.raises(CommandError, match="code 2"):
        start.Command().handle(address="127.0.0.1:8000")
    with pytest.raises(CommandError, match="host:poort"):
        start.Command().handle(address="achtduizend")

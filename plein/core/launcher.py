"""Run several commands side by side and stop them together (`plein start`, for development).

Each child runs in a session of its own, so that stopping it also stops what it started itself
(runserver's auto-reloader runs the real server as its child). The first child to end, Ctrl+C
or SIGTERM stops all the others: first politely (SIGTERM), after a few seconds for good.
"""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence

STOP_SECONDS = 5.0


class _Stop(Exception):
    pass


def _raise_stop(signum, frame) -> None:
    raise _Stop


def _stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            _signal_group(child, signal.SIGKILL)
            child.wait()


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(child.pid, signum)


def run_together(
    commands: Sequence[Sequence[str]],
    *,
    env: Mapping[str, str] | None = None,
    started: Callable[[list[subprocess.Popen]], None] | None = None,
    poll_seconds: float = 0.2,
) -> int:
    """Start every command; when one ends or a stop signal comes, stop them all.

    Returns the exit code of the child that ended first (0 after Ctrl+C or SIGTERM).
    """
    previous = {s: signal.signal(s, _raise_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    children: list[subprocess.Popen] = []
    try:
        for command in commands:
            children.append(subprocess.Popen(list(command), env=env, start_new_session=True))
        if started is not None:
            started(children)
        while True:
            for child in children:
                if child.poll() is not None:
                    return child.returncode
            time.sleep(poll_seconds)
    except (_Stop, KeyboardInterrupt):
        return 0
    finally:
        # A second Ctrl+C must not leave children behind while they are being stopped.
        for signum in previous:
            signal.signal(signum, signal.SIG_IGN)
        _stop_all(children)
        for signum, handler in previous.items():
            signal.signal(signum, handler)

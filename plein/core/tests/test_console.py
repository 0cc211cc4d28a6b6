"""The `plein` console command, run the way an administrator runs it."""

import os
import subprocess
import sys
from pathlib import Path

PLEIN = Path(sys.executable).parent / "plein"


def run_plein(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLEIN_DEV": "1", "PLEIN_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([str(PLEIN), *args], env=env, capture_output=True, text=True, timeout=120)


def test_plein_console_command_is_installed():
    assert PLEIN.is_file()


def test_plein_check_passes(tmp_path):
    result = run_plein("check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_hyphenated_command_runs_the_django_command(tmp_path):
    result = run_plein("import-hsds", "--help", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "import_hsds" in result.stdout


def test_unknown_command_fails_with_a_message(tmp_path):
    result = run_plein("bestaat-niet", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "Unknown command: 'bestaat_niet'" in result.stderr


def test_python_dash_m_plein_works_too(tmp_path):
    env = {**os.environ, "PLEIN_DEV": "1", "PLEIN_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "plein", "help"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "[core]" in result.stdout

"""Behaviour as data: every ``cases/NNN_topic.py`` script must print exactly ``cases/NNN_topic.out``.

The ``.out`` files are the stdout of the reference csp (PyPI) for the same script;
see README.md. Each script runs in a subprocess of the interpreter running pytest
(``sys.executable``, which must import our ``csp``).
"""

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).resolve().parent / "cases"
CASES = sorted(p.stem for p in CASES_DIR.glob("*.py"))
TIMEOUT = 300


def _run(case):
    env = dict(os.environ)
    # The scripts import the same csp as this test run (a relative PYTHONPATH would not survive the cwd change).
    import csp

    package_root = str(Path(csp.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-W", "ignore", str(CASES_DIR / f"{case}.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=TIMEOUT,
        cwd=str(CASES_DIR),
        env=env,
    )


def test_every_case_has_expected_output():
    missing = [c for c in CASES if not (CASES_DIR / f"{c}.out").exists()]
    assert not missing, f"cases without a .out file: {missing}"
    orphans = sorted(p.stem for p in CASES_DIR.glob("*.out") if p.stem not in CASES)
    assert not orphans, f".out files without a case: {orphans}"


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    expected = (CASES_DIR / f"{case}.out").read_text(encoding="utf-8")
    proc = _run(case)
    if proc.stdout != expected or proc.returncode != 0:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True),
                proc.stdout.splitlines(True),
                fromfile=f"{case}.out (reference)",
                tofile=f"{case} (ours)",
            )
        )
        stderr = "\n".join(proc.stderr.rstrip().splitlines()[-25:])
        pytest.fail(
            f"{case}: exit status {proc.returncode}\n"
            f"--- stdout diff ---\n{diff or '(stdout identical)'}\n"
            f"--- stderr (last lines) ---\n{stderr}",
            pytrace=False,
        )

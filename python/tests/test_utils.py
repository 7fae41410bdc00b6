"""csp.utils.datetime and the csp.curve module."""

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import csp
from csp.utils.datetime import utc_now


def test_utc_now_is_naive_utc():
    before = datetime.now(timezone.utc).replace(tzinfo=None)
    now = utc_now()
    after = datetime.now(timezone.utc).replace(tzinfo=None)
    assert now.tzinfo is None
    assert before <= now <= after


def test_utc_now_starts_a_realtime_run():
    start = utc_now()
    result = csp.run(lambda: csp.timer(timedelta(milliseconds=10)), starttime=start,
                     endtime=timedelta(milliseconds=35), realtime=True)
    assert len(result[0]) == 3
    assert result[0][0][0] == start + timedelta(milliseconds=10)


def run_fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def test_curve_module_and_function():
    out = run_fresh("import csp.curve, sys, csp\n"
                    "from csp.curve import curve\n"
                    "import csp.curve as c\n"
                    "print(callable(csp.curve), curve is csp.curve, c is csp.curve,"
                    " type(sys.modules['csp.curve']).__name__)")
    assert out == "True True True module"


def test_library_modules_need_their_own_import():
    out = run_fresh("import csp\n"
                    "print(hasattr(csp, 'basketlib'), hasattr(csp, 'random'), hasattr(csp, 'utils'))\n"
                    "import csp.basketlib, csp.random, csp.utils.datetime\n"
                    "print(hasattr(csp, 'basketlib'), hasattr(csp, 'random'), hasattr(csp, 'utils'))")
    assert out == "False False False\nTrue True True"

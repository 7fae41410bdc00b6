"""The live page tests drive a real browser (tests/servers/browser.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "servers"))

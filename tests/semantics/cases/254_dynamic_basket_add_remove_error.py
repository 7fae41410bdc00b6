# Adding (or ticking) a key and removing it in the same cycle is an error at run time.
import re
from datetime import datetime, timedelta

import csp
from csp import ts


def stable(e):
    return re.sub(r"^\S+\.(cpp|h):[^:]+:\d+:(\w+: )?", "", str(e).strip("'\""))


def run(tick_first):
    @csp.node
    def bad(x: ts[int]) -> {ts[str]: ts[int]}:
        if x == 1:
            csp.output({"a": 1})
        else:
            csp.output({"a" if tick_first else "new": x})
            csp.remove_dynamic_key("a" if tick_first else "new")

    try:
        csp.run(lambda: csp.print("x", csp.dynamic_collect(bad(csp.count(csp.timer(timedelta(seconds=1)))))),
                starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
    except RuntimeError as e:
        print(type(e).__name__, stable(e))


run(tick_first=False)
run(tick_first=True)

# Removing a key the dynamic basket does not hold (never added, or already removed) raises KeyError.
import re
from datetime import datetime, timedelta

import csp
from csp import ts


def stable(e):
    return re.sub(r"^\S+\.(cpp|h):[^:]+:\d+:(\w+: )?", "", str(e).strip("'\""))


def run(second_step):
    @csp.node
    def keys(x: ts[int]) -> {ts[str]: ts[int]}:
        if x == 1:
            csp.output({"a": 1})
        else:
            for key in second_step:
                csp.remove_dynamic_key(key)

    try:
        csp.run(lambda: csp.print("x", csp.dynamic_collect(keys(csp.count(csp.timer(timedelta(seconds=1)))))),
                starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
    except KeyError as e:
        print(type(e).__name__, stable(e))


run(["zz"])
run(["a", "a"])

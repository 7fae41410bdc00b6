# csp.basketlib.sync / sample_basket on something that is neither a list nor a dict basket.
from datetime import datetime, timedelta

import csp
import csp.basketlib as bl


def attempt(name, build):
    try:
        csp.run(build, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
        print(name, "ran")
    except ValueError as e:
        print(name, type(e).__name__, e)


attempt("sync edge", lambda: bl.sync(csp.const(1), timedelta(seconds=1)))
attempt("sync tuple", lambda: bl.sync((csp.const(1), csp.const(2)), timedelta(seconds=1)))
attempt("sample edge", lambda: bl.sample_basket(csp.const(True), csp.const(1)))
attempt("sample tuple", lambda: bl.sample_basket(csp.const(True), (csp.const(1),)))

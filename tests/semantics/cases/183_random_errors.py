# csp.random: a negative rate, a covariance that is not positive semidefinite, mismatched shapes.
from datetime import datetime, timedelta

import numpy as np

import csp
import csp.random as cr

s = timedelta(seconds=1)


def attempt(name, build, expected):
    try:
        csp.run(build, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
        print(name, "ran")
    except ValueError as e:
        print(name, type(e).__name__, expected in str(e), str(e).startswith("2022-01-01 00:00:00: "))


attempt("negative rate", lambda: cr.poisson_timer(csp.const(-1.0), seed=1), "rate must be non-negative")
attempt("negative variance", lambda: cr.brownian_motion_1d(csp.timer(s), csp.const(0.0), csp.const(-1.0), seed=1),
        "covariance not positive semidefinite")
attempt("not psd", lambda: cr.brownian_motion(csp.timer(s), csp.const(np.zeros(2)),
                                              csp.const(np.array([[1.0, 2.0], [2.0, 1.0]])), seed=1),
        "covariance not positive semidefinite")
attempt("shapes", lambda: cr.brownian_motion(csp.timer(s), csp.const(np.zeros(3)), csp.const(np.eye(2)), seed=1),
        "drift and covariance must have same length")

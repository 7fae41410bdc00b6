# csp.feedback: binding twice is an error; never binding is an error at build/run time.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def twice():
    fb = csp.feedback(int)
    fb.bind(csp.const(1))
    fb.bind(csp.const(2))
    csp.print("fb", fb.out())


@csp.graph
def never():
    fb = csp.feedback(int)
    csp.print("fb", fb.out())


for graph in (twice, never):
    try:
        csp.run(graph, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
        print(graph.__name__, "ran")
    except Exception as e:
        print(graph.__name__, type(e).__name__, e)

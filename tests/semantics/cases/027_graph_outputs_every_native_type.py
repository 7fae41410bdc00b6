# Graph outputs of bool, int, float, datetime and timedelta series: every tick, as lists of
# (datetime, value) tuples and with output_numpy (dtypes, values); outputs that never tick;
# tick_count alongside; enough ticks that recording grows its storage several times.
from datetime import datetime, timedelta

import csp

START = datetime(2022, 1, 1)


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    csp.add_graph_output("int", n)
    csp.add_graph_output("float", n / 4)
    csp.add_graph_output("bool", n % 2 == 0)
    csp.add_graph_output("datetime", csp.times(n))
    csp.add_graph_output("timedelta", csp.apply(n, lambda v: timedelta(milliseconds=1500 * v - 4000), timedelta))
    csp.add_graph_output("never", csp.null_ts(int))
    csp.add_graph_output("never_dt", csp.null_ts(datetime))
    csp.add_graph_output("last2", n, tick_count=2)


res = csp.run(g, starttime=START, endtime=timedelta(seconds=4))
for key in sorted(res):
    print(key, [(t.isoformat(), type(v).__name__, str(v)) for t, v in res[key]])

res = csp.run(g, starttime=START, endtime=timedelta(seconds=4), output_numpy=True)
for key in sorted(res):
    times, values = res[key]
    if len(times) == 0:
        print(key, "empty", times.shape, values.shape)
        continue
    print(key, type(times).__name__, times.dtype, times.shape, type(values).__name__, values.dtype, values.shape)
    print(" ", [str(t) for t in times.astype("datetime64[ms]").tolist()], [str(v) for v in values.tolist()])


@csp.graph
def many():
    csp.add_graph_output("n", csp.count(csp.timer(timedelta(milliseconds=1))))
    csp.add_graph_output("t", csp.times(csp.timer(timedelta(milliseconds=3))))


end = timedelta(seconds=10)
ticks = csp.run(many, starttime=START, endtime=end)
arrays = csp.run(many, starttime=START, endtime=end, output_numpy=True)
for key in ("n", "t"):
    times, values = arrays[key]
    print(key, len(ticks[key]), ticks[key][0], ticks[key][-1], len(times), times[0], times[-1], values[0], values[-1])
print(sum(v for _, v in ticks["n"]), int(arrays["n"][1].sum()))

# Run-time node type names of operators and math functions: arithmetic and comparisons run as
# "_binary_op", most math functions as "_unary_op", others under their own names.
from datetime import datetime, timedelta

import csp
from csp import profiler


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    f = csp.cast_int_to_float(n)
    csp.add_graph_output("arith", (n + 1) * 2 - n // 2 + n % 3)
    csp.add_graph_output("compare", csp.or_(n > 2, n <= 1))
    csp.add_graph_output("logic", csp.not_(n == 3))
    csp.add_graph_output("math", csp.math.sqrt(f) + csp.math.abs(-f) + csp.math.ln(f) + csp.math.exp(f / 10.0))
    csp.add_graph_output("minmax", csp.math.min(n, n * 2) + csp.math.max(n, n - 1))
    csp.add_graph_output("pow", f ** 2.0 / 3.0)
    csp.add_graph_output("pos", +n)
    csp.add_graph_output("dups", csp.drop_dups(n // 2))


with profiler.Profiler() as p:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
info = p.results()
print("cycles", info.cycle_count)
for name, stats in sorted(info.node_stats.items()):
    print(name, stats["executions"])
print(sorted(info.graph_info.nodetype_counts.items()))

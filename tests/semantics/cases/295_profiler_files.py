# Profiler(cycle_file=..., node_file=...): CSV files with one line per cycle and one per node execution.
import csv
import os
import tempfile
from collections import Counter
from datetime import datetime, timedelta

import csp
from csp import profiler


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    csp.add_graph_output("x", csp.filter(n > 2, n) * 3)


directory = tempfile.mkdtemp()
cycles, nodes = os.path.join(directory, "cycles.csv"), os.path.join(directory, "nodes.csv")
with profiler.Profiler(cycle_file=cycles, node_file=nodes) as p:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=6))
with open(cycles) as file:
    rows = list(csv.reader(file))
print(rows[0], len(rows) - 1, all(float(row[0]) >= 0 for row in rows[1:]))
with open(nodes) as file:
    rows = list(csv.reader(file))
print(rows[0], sorted(Counter(row[0] for row in rows[1:]).items()))
print(p.results().cycle_count)

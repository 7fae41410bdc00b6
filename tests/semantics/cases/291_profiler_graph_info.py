# csp.profiler.graph_info: node and edge counts, node types in graph order, the longest path (the first of
# equals), print_info sorted by count and by name, most_common_node.
from datetime import timedelta

import csp
from csp import profiler


@csp.graph
def g():
    a = csp.count(csp.timer(timedelta(seconds=1)))
    b = csp.count(csp.timer(timedelta(seconds=2)))
    csp.print("p", csp.merge(b + 1, a * 2))
    csp.add_graph_output("x", -(a * 2))
    csp.add_graph_output("y", -(b - 3))
    csp.add_graph_output("z", csp.and_(a > 1, b > 1))


info = profiler.graph_info(g)
print(info)
info.print_info()
info.print_info(sort_by="name", max_nodes=4)
print(info.most_common_node())
print(type(info).__name__, isinstance(info, csp.Struct))


@csp.graph
def single():
    csp.add_graph_output("c", csp.const(1))


print(profiler.graph_info(single))

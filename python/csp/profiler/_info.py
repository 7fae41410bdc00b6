"""ProfilerInfo: the timings of a profiled run, and how to print, save and load them."""

from __future__ import annotations

import math
import pickle
from typing import Dict, List, NamedTuple, Optional

from csp.impl.struct import Struct
from csp.profiler._graph import GraphInfo

_RULE = "-" * 90
STATS_SORT_KEYS = ("name", "executions", "total_time", "max_time")


class ProfilerInfo(Struct):
    """A profiled run: cycles (count, mean and max time in seconds), utilization (node executions per node per
    cycle), ``node_stats`` per node type (``executions``, ``total_time``, ``max_time`` in seconds), the graph's
    GraphInfo and its build time in seconds (set when csp.run built the graph)."""

    cycle_count: int
    average_cycle_time: float
    max_cycle_time: float
    utilization: float
    node_stats: dict
    graph_info: GraphInfo
    build_time: float

    def format_stats(self, sort_by: str = "total_time", max_nodes: int = 100) -> str:
        if sort_by not in STATS_SORT_KEYS:
            raise ValueError(f"The given key {sort_by} is not valid: please choose one of {list(STATS_SORT_KEYS)}")
        stats = self.node_stats if hasattr(self, "node_stats") else {}
        lines = [_RULE, "ProfilerInfo results:", ""]
        if hasattr(self, "build_time"):
            lines += [f"Build time: {round(self.build_time, 4)} s", ""]
        lines += [f"{'Number of cycles executed':<33}{getattr(self, 'cycle_count', 0)}",
                  f"{'Average cycle execution time (s)':<33}{getattr(self, 'average_cycle_time', 0.0):.6f}",
                  f"{'Maximum cycle execution time (s)':<33}{getattr(self, 'max_cycle_time', 0.0):.6f}",
                  f"{'Average graph utilization':<33}{getattr(self, 'utilization', math.nan):.6f}",
                  "Node execution data", "", _RULE]
        lines += _node_table(stats, sort_by, max_nodes)
        return "\n".join(lines)

    def print_stats(self, sort_by: str = "total_time", max_nodes: int = 100) -> None:
        """Prints the cycle statistics and a table per node type, sorted by ``sort_by`` ("name" ascending;
        "executions", "total_time" or "max_time" descending), at most ``max_nodes`` rows."""
        print(self.format_stats(sort_by, max_nodes))

    def dump_stats(self, filename: str) -> None:
        """Writes this ProfilerInfo to ``filename`` (pickle), to be read back with load_stats."""
        with open(filename, "wb") as file:
            pickle.dump(self, file)

    def load_stats(self, filename: str) -> "ProfilerInfo":
        """The ProfilerInfo written to ``filename`` by dump_stats."""
        with open(filename, "rb") as file:
            loaded = pickle.load(file)
        if not isinstance(loaded, ProfilerInfo):
            raise TypeError(f"{filename} holds a {type(loaded).__name__}, not a ProfilerInfo")
        return loaded

    def max_time_node(self):
        """(node type, its stats) of the type with the largest total execution time."""
        return _max_by(self.node_stats, "total_time")

    def max_exec_node(self):
        """(node type, its stats) of the type executed most often."""
        return _max_by(self.node_stats, "executions")


def _max_by(node_stats: Dict[str, dict], key: str):
    if not node_stats:
        return None
    return max(node_stats.items(), key=lambda item: item[1][key])


class NodeTypeRow(NamedTuple):
    name: str
    executions: int
    total_time: float
    average_time: float
    max_time: float
    percent: float  # of the node types' total time


def node_type_rows(stats: Dict[str, dict], sort_by: str = "total_time") -> List[NodeTypeRow]:
    """One row per node type, sorted by ``sort_by`` ("name" ascending, the others descending)."""
    if sort_by == "name":
        items = sorted(stats.items())
    else:
        items = sorted(stats.items(), key=lambda item: -item[1][sort_by])
    total = sum(entry["total_time"] for entry in stats.values()) or math.nan
    return [NodeTypeRow(name, entry["executions"], entry["total_time"],
                        entry["total_time"] / entry["executions"] if entry["executions"] else 0.0,
                        entry["max_time"], 100 * entry["total_time"] / total) for name, entry in items]


def _node_table(stats: Dict[str, dict], sort_by: str, max_nodes: int) -> list:
    width = max([len("Node Type")] + [len(name) for name in stats]) + 2
    lines = [f"{'Node Type':<{width}}{'Executions':>10}  {'Total Time (s)':>14}  {'Average Time (s)':>16}  "
             f"{'Max. Time (s)':>13}  {'% Total Time':>12}"]
    for row in node_type_rows(stats, sort_by)[:max_nodes]:
        lines.append(f"{row.name:<{width}}{row.executions:>10}  {row.total_time:>14.6f}  {row.average_time:>16.6e}  "
                     f"{row.max_time:>13.6e}  {row.percent:>12.2f}")
    return lines


def from_snapshot(snapshot: dict, graph: Optional[GraphInfo], build_time: Optional[float]) -> ProfilerInfo:
    """A ProfilerInfo from the statistics the engine hands out (``Profiler.published`` / engine_stats)."""
    info = ProfilerInfo(cycle_count=snapshot["cycle_count"], node_stats=snapshot["node_stats"],
                        graph_info=graph if graph is not None else GraphInfo())
    info.max_cycle_time = snapshot["max_cycle_time"]
    info.average_cycle_time = _ratio(snapshot["total_cycle_time"], snapshot["cycle_count"])
    # the root graph's executions only: a dynamic sub-graph's nodes are not in node_count
    info.utilization = _ratio(snapshot["node_executions"], snapshot["node_count"] * snapshot["cycle_count"])
    if build_time is not None:
        info.build_time = build_time
    return info


def _ratio(numerator, denominator) -> float:
    return numerator / denominator if denominator else math.nan

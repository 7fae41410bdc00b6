"""Graphs, nodes, structs and enums the distributed tests ship to Dask workers (by reference: this module
is importable there)."""

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import csp
from csp import ts

EPOCH = datetime(2024, 1, 2)


class Side(csp.Enum):
    BUY = 1
    SELL = 2


class Fill(csp.Struct):
    price: float
    qty: int
    side: Side
    marks: np.ndarray


@csp.node
def price(trigger: ts[bool]) -> ts[float]:
    """A deterministic price: a function of the engine time only, in eighths (exact in binary)."""
    seconds = int((csp.now() - EPOCH).total_seconds())
    return float((seconds * 7919) % 101) + ((seconds * 31) % 7) / 8.0


@csp.node
def fills(x: ts[float], scale: float) -> ts[Fill]:
    return Fill(price=x * scale, qty=int(x) + 1, side=Side.BUY if x > 50 else Side.SELL,
                marks=np.array([x, x * scale]))


@csp.graph
def stats_graph(scale: float = 1.0, window: int = 20):
    """Python nodes, C++ built-ins (csp.stats), structs, enums and numpy values as graph outputs."""
    p = price(csp.timer(timedelta(seconds=1))) * scale
    csp.add_graph_output("price", p)
    csp.add_graph_output("mean", csp.stats.mean(p, interval=timedelta(seconds=window)))
    csp.add_graph_output("sum", csp.stats.sum(p, interval=window))
    csp.add_graph_output("max", csp.stats.max(p, interval=window))
    csp.add_graph_output("median", csp.stats.median(p, interval=window))
    csp.add_graph_output("ema", csp.stats.ema(p, alpha=0.1, horizon=window))
    csp.add_graph_output("stddev", csp.stats.stddev(p, interval=window))
    csp.add_graph_output("fill", fills(p, scale))
    csp.add_graph_output("array", csp.apply(p, lambda v: np.arange(3.0) * v, np.ndarray))


@csp.node
def fail_at(x: ts[float], at: float, marker: str) -> ts[float]:
    """Raises when x == at while the file ``marker`` exists (or, with marker "", always)."""
    if x == at and (not marker or Path(marker).exists()):
        raise ValueError(f"cannot price {x}")
    return x


@csp.node
def fail_once(x: ts[float], marker: str) -> ts[float]:
    """Raises on its first tick the first time it runs anywhere (it creates the file ``marker``)."""
    if csp.num_ticks(x) == 1 and not Path(marker).exists():
        Path(marker).touch()
        raise RuntimeError("first attempt fails")
    return x


@csp.graph
def failing_graph(at: float = -1.0, marker: str = "", once: str = ""):
    p = fail_at(price(csp.timer(timedelta(seconds=1))), at, marker)
    if once:
        p = fail_once(p, once)
    csp.add_graph_output("price", p)

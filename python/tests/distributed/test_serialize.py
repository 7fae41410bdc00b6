"""Graphs, nodes, structs and enums reach Dask workers: by reference from importable modules, by value otherwise."""

import importlib.util
import pickle
import sys
import textwrap
import uuid
from datetime import timedelta

import cloudpickle
import numpy as np
import pytest

import csp
import csp.distributed as cd
import shard_graphs
from shard_graphs import EPOCH

# A module the workers cannot import (it lives in a temporary folder, not on their path): shipped by value.
BY_VALUE_SOURCE = textwrap.dedent('''
    from datetime import timedelta
    from typing import List
    import numpy as np
    import csp
    from csp import ts

    class Venue(csp.Enum):
        LIT = 1
        DARK = 2

    class Quote(csp.Struct):
        bid: float
        ask: float
        venue: Venue = Venue.DARK
        sizes: List[int]
        book: np.ndarray

        def mid(self):
            return (self.bid + self.ask) / 2

    class Level(Quote, strict=False):
        depth: int = 3

    class Strict(csp.Struct, strict=True):
        x: float

    @csp.node
    def quotes(x: ts[float], spread: float) -> ts[Level]:
        q = Level(bid=x - spread, ask=x + spread, sizes=[1, int(x)], book=np.array([x, spread]))
        if x > 50:
            q.venue = Venue.LIT
        return q

    @csp.graph
    def quote_graph(spread: float, levels: int):
        p = csp.stats.mean(csp.cast_int_to_float(csp.count(csp.timer(timedelta(seconds=1)))), interval=levels)
        q = quotes(p, spread)
        csp.add_graph_output("quote", q)
        csp.add_graph_output("mid", csp.apply(q, lambda v: v.mid(), float))
        csp.add_graph_output("strict", csp.apply(p, lambda v: Strict(x=v), Strict))
''')


@pytest.fixture(scope="module")
def by_value_module(tmp_path_factory):
    name = f"csp_shipped_{uuid.uuid4().hex[:8]}"
    path = tmp_path_factory.mktemp("by_value") / f"{name}.py"
    path.write_text(BY_VALUE_SOURCE)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    cloudpickle.register_pickle_by_value(module)
    yield module
    cloudpickle.unregister_pickle_by_value(module)
    del sys.modules[name]


def test_nodes_and_graphs_of_an_importable_module_pickle_by_reference():
    for definition in (shard_graphs.stats_graph, shard_graphs.price, csp.stats.mean, csp.count):
        assert pickle.loads(pickle.dumps(definition)) is definition
        assert pickle.loads(cloudpickle.dumps(definition)) is definition
    assert len(pickle.dumps(shard_graphs.price)) < 200  # a name, not the compiled node


def test_a_node_defined_in_a_function_pickles_by_value():
    @csp.node
    def plus(x: csp.ts[int], k: int) -> csp.ts[int]:
        return x + k

    @csp.graph
    def local_graph():
        csp.add_graph_output("o", plus(csp.const(1), 2))

    copy = pickle.loads(cloudpickle.dumps(local_graph))
    assert copy is not local_graph
    assert csp.run(copy, starttime=EPOCH)["o"] == [(EPOCH, 3)]


def test_structs_and_enums_of_an_importable_module_pickle_by_reference():
    fill = shard_graphs.Fill(price=1.5, qty=2, side=shard_graphs.Side.SELL, marks=np.arange(2.0))
    copy = cd.loads(cd.dumps(fill))
    assert type(copy) is shard_graphs.Fill and copy.side is shard_graphs.Side.SELL
    assert np.array_equal(copy.marks, fill.marks)


def test_a_struct_class_by_value_is_remade_and_comes_back_as_itself(by_value_module):
    Level = by_value_module.Level
    level = Level(bid=1.0, ask=2.0, sizes=[4], book=np.array([1.5]))
    data = cd.dumps((Level, level))
    assert by_value_module.__name__.encode() in data and b"quote_graph" not in data
    cls, copy = cd.loads(data)
    assert cls is Level and type(copy) is Level  # the same process: the class itself


def test_a_module_the_workers_cannot_import_runs_there_by_value(client, by_value_module):
    def importable_on_worker(name):
        return importlib.util.find_spec(name) is not None

    assert not client.submit(importable_on_worker, by_value_module.__name__, pure=False).result(timeout=60)
    sweep = {spread: {"spread": np.float64(spread), "levels": levels}
             for spread, levels in ((0.5, 3), (0.25, 5))}
    results = cd.run_many(by_value_module.quote_graph, sweep, client=client, starttime=EPOCH,
                          endtime=timedelta(seconds=60), timeout=120)
    for spread, kwargs in sweep.items():
        serial = csp.run(by_value_module.quote_graph, starttime=EPOCH, endtime=timedelta(seconds=60), **kwargs)
        got = results[spread]
        assert got["mid"] == serial["mid"] and got["strict"] == serial["strict"]
        for (t, q), (u, r) in zip(got["quote"], serial["quote"], strict=True):
            assert t == u and type(q) is by_value_module.Level and isinstance(q.venue, by_value_module.Venue)
            assert (q.bid, q.ask, q.venue, q.sizes, q.depth) == (r.bid, r.ask, r.venue, r.sizes, r.depth)
            assert np.array_equal(q.book, r.book) and q.mid() == r.mid()
        assert type(got["strict"][0][1]) is by_value_module.Strict
    assert {q.venue for _, q in results[0.5]["quote"]} == set(by_value_module.Venue)

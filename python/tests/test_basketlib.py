"""csp.basketlib: sync / sample of list and dict baskets."""

from datetime import datetime, timedelta

import pytest

import csp
import csp.basketlib as bl

START = datetime(2022, 1, 1)
SECOND = timedelta(seconds=1)


def curve(points, typ=int):
    return csp.curve(typ, [(t * SECOND, v) for t, v in points])


def run_basket(build, seconds=30):
    """Runs ``build()`` (a list or dict of edges); returns {key: [(seconds, value), ...]}."""
    def graph():
        out = build()
        items = out.items() if isinstance(out, dict) else enumerate(out)
        for key, edge in items:
            csp.add_graph_output(str(key), edge)

    result = csp.run(graph, starttime=START, endtime=timedelta(seconds=seconds))
    return {key: [((t - START).total_seconds(), v) for t, v in ticks] for key, ticks in result.items()}


A = [(1, 1), (2, 2), (5, 5), (6, 6), (6, 66), (20, 20)]
B = [(1, 10), (3, 30), (9, 90), (12, 120), (12, 121)]
C = [(2, 100), (4, 400), (13, 1300)]


def test_sync_list_complete_and_incomplete_intervals():
    out = run_basket(lambda: bl.sync_list([curve(A), curve(B), curve(C)], 2 * SECOND))
    assert out["0"] == [(2, 2), (5, 5), (8, 66), (22, 20)]
    assert out["1"] == [(2, 10), (5, 30), (11, 90), (14, 121)]
    assert out["2"] == [(2, 100), (5, 400), (14, 1300)]


def test_sync_list_without_incomplete_only_full_intervals():
    out = run_basket(lambda: bl.sync_list([curve(A), curve(B), curve(C)], 2 * SECOND, False))
    assert out == {"0": [(2, 2), (5, 5)], "1": [(2, 10), (5, 30)], "2": [(2, 100), (5, 400)]}


def test_sync_dict_has_the_keys_of_its_input():
    out = run_basket(lambda: bl.sync_dict({"a": curve(A), "b": curve(B), "c": curve(C)}, 2 * SECOND))
    assert out["a"] == [(2, 2), (5, 5), (8, 66), (22, 20)]
    assert out["c"] == [(2, 100), (5, 400), (14, 1300)]


def test_sync_completion_cancels_the_threshold():
    # complete at 2; a new interval opens at 2.5 and completes at 4: nothing at 3
    out = run_basket(lambda: bl.sync([curve([(1, 1), (2.5, 2)]), curve([(2, 10), (4, 40)])], 2 * SECOND))
    assert out == {"0": [(2, 1), (4, 2)], "1": [(2, 10), (4, 40)]}


def test_sync_ticks_at_the_threshold_belong_to_the_interval():
    out = run_basket(lambda: bl.sync([curve([(1, 1)]), curve([(3, 30)])], 2 * SECOND, False))
    assert out == {"0": [(3, 1)], "1": [(3, 30)]}


def test_sync_zero_threshold_emits_at_the_same_time():
    out = run_basket(lambda: bl.sync([curve([(1, 1), (2, 2)]), curve([(1, 10), (3, 30)])], timedelta(0)))
    assert out == {"0": [(1, 1), (2, 2)], "1": [(1, 10), (3, 30)]}


def test_sync_with_trigger_opens_intervals_only_on_trigger():
    x = [curve([(1, 1), (2, 2), (7, 7)]), curve([(1.5, 10), (8, 80)])]
    trigger = lambda: curve([(0.5, 0), (2, 0), (5, 0), (7.5, 0)])
    out = run_basket(lambda: bl.sync(x, 3 * SECOND, trigger=trigger()))
    assert out == {"0": [(1.5, 1), (5, 2)], "1": [(1.5, 10), (10.5, 80)]}


def test_sync_trigger_inside_an_interval_does_not_extend_it():
    out = run_basket(lambda: bl.sync([curve([(1, 1), (3, 3)]), curve([(6, 6)])], 3 * SECOND,
                                     trigger=curve([(0, 0), (2, 0)])))
    assert out == {"0": [(3, 3)], "1": []}


def test_sync_dict_trigger_of_any_type():
    out = run_basket(lambda: bl.sync({"x": curve([(1, 1)]), "y": curve([(2, 2)])}, 3 * SECOND,
                                     trigger=csp.const(1.5)))
    assert out == {"x": [(2, 1)], "y": [(2, 2)]}


def test_sync_upcasts_int_and_float_elements():
    out = run_basket(lambda: bl.sync_list([curve([(1, 1)]), curve([(1, 1.5)], float)], SECOND))
    assert out == {"0": [(1, 1.0)], "1": [(1, 1.5)]}
    assert isinstance(out["0"][0][1], float)


def test_sample_list_and_dict():
    x = lambda: [curve([(1, 1), (3, 3)]), curve([(2, 2)])]
    out = run_basket(lambda: bl.sample_basket(curve([(0.5, 0), (1, 0), (2, 0), (4, 0)]), x()))
    assert out == {"0": [(1, 1), (2, 1), (4, 3)], "1": [(2, 2), (4, 2)]}
    out = run_basket(lambda: bl.sample_dict(csp.timer(2 * SECOND, True), dict(zip("ab", x()))), 4)
    assert out == {"a": [(2, 1), (4, 3)], "b": [(2, 2), (4, 2)]}


@pytest.mark.parametrize("function", [lambda x: bl.sync(x, SECOND), lambda x: bl.sample_basket(csp.const(1), x)])
def test_not_a_basket(function):
    with pytest.raises(ValueError, match="list or dict basket, got: <class 'tuple'>"):
        csp.build_graph(lambda: function((csp.const(1), csp.const(2))))


def test_empty_basket():
    with pytest.raises(TypeError, match="sync_list: x is an empty basket"):
        csp.build_graph(lambda: bl.sync([], SECOND))


def test_sync_with_trigger_new_elements_at_the_threshold_tick_need_the_trigger():
    # trigger opens at 1 (threshold 1): at 2, b's first tick is left out unless trigger ticks at 2 too
    x = lambda: [curve([(1.5, 5)]), curve([(2, 2)])]
    out = run_basket(lambda: bl.sync(x(), SECOND, trigger=curve([(1, 0)])))
    assert out == {"0": [(2, 5)], "1": []}
    out = run_basket(lambda: bl.sync(x(), SECOND, trigger=curve([(1, 0), (2, 0)])))
    assert out == {"0": [(2, 5)], "1": [(2, 2)]}
    # an element already in the interval reports its tick at the threshold time
    out = run_basket(lambda: bl.sync([curve([(1.5, 1), (2, 2)]), curve([(5, 5)])], SECOND, trigger=curve([(1, 0)])))
    assert out == {"0": [(2, 2)], "1": []}

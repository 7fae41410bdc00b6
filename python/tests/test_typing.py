"""csp.typing: numpy array value types on edges, in struct fields, math and stats."""

import pickle
from datetime import datetime, timedelta

import numpy as np
import pytest

import csp
from csp import ts
from csp.typing import Numpy1DArray, NumpyNDArray

START = datetime(2022, 1, 1)


def run(graph, days=1):
    return csp.run(graph, starttime=START, endtime=timedelta(days))


def values(result, key=0):
    return [value for _, value in result[key]]


# ------------------------------------------------------------------ types


def test_array_types_are_generic_ndarray_subclasses():
    assert issubclass(Numpy1DArray, NumpyNDArray) and issubclass(NumpyNDArray, np.ndarray)
    assert repr(Numpy1DArray[float]) == "csp.typing.Numpy1DArray[float]"
    assert pickle.loads(pickle.dumps(NumpyNDArray[int])) == NumpyNDArray[int]
    with pytest.raises(TypeError):
        Numpy1DArray[float, int]


def test_ts_of_ndarray_means_ndarray_of_float():
    assert ts[np.ndarray] is ts[NumpyNDArray[float]]
    assert ts[Numpy1DArray[float]] is ts[Numpy1DArray[float]]
    assert ts[Numpy1DArray[float]] != ts[NumpyNDArray[float]]


@pytest.mark.parametrize("value, typ", [
    (np.array([1.0, 2.0]), Numpy1DArray[float]),
    (np.array([1, 2]), Numpy1DArray[int]),
    (np.array([True]), Numpy1DArray[bool]),
    (np.array(["a"]), Numpy1DArray[str]),
    (np.array([1], dtype=np.int32), Numpy1DArray[object]),
    (np.ones((2, 2)), NumpyNDArray[float]),
    (np.ones((2, 2), dtype=np.int64), NumpyNDArray[int]),
    (np.array([], dtype=np.int64), NumpyNDArray[float]),
])
def test_a_constant_array_gets_its_array_type(value, typ):
    assert csp.const(value).tstype == ts[typ]


def test_a_list_constant_of_arrays_is_a_list_of_array_type():
    from typing import List

    assert csp.const([np.array([1.0])]).tstype == ts[List[Numpy1DArray[float]]]


def test_a_zero_dimensional_array_constant_is_refused():
    with pytest.raises(TypeError):
        csp.const(np.array(1.0))


# ----------------------------------------------------------------- wiring


@csp.node
def total_1d(x: ts[Numpy1DArray[float]]) -> ts[float]:
    return float(x.sum())


@csp.node
def total_nd(x: ts[NumpyNDArray[float]]) -> ts[float]:
    return float(x.sum())


@pytest.mark.parametrize("typ", [Numpy1DArray[float], Numpy1DArray[int]])
def test_a_1d_input_takes_1d_arrays_of_float_or_int(typ):
    run(lambda: total_1d(csp.null_ts(typ)))


@pytest.mark.parametrize("typ", [NumpyNDArray[float], np.ndarray, float, Numpy1DArray[str], Numpy1DArray])
def test_a_1d_input_refuses_other_dimensions_and_element_types(typ):
    with pytest.raises(TypeError, match="total_1d"):
        run(lambda: total_1d(csp.null_ts(typ)))


def test_an_nd_input_takes_1d_and_nd_arrays():
    result = run(lambda: csp.merge(total_nd(csp.const(np.array([1.0, 2.0]))),
                                   total_nd(csp.const(np.ones((2, 3)), delay=timedelta(1)))), days=2)
    assert values(result) == [3.0, 6.0]


def test_a_2d_constant_is_refused_by_a_1d_input():
    with pytest.raises(TypeError, match="Numpy1DArray"):
        total_1d(csp.const(np.ones((2, 2))))


@csp.node
def first_element(x: ts[Numpy1DArray["T"]]) -> ts["T"]:
    return x[0]


@csp.node
def same(x: ts["T"], y: ts["T"]) -> ts["T"]:
    return x


def test_an_element_type_variable_binds_to_the_arrays_element_type():
    edge = first_element(csp.const(np.array([1.5, 2.0])))
    assert edge.tstype == ts[float]
    assert values(run(lambda: first_element(csp.const(np.array([1.5, 2.0]))))) == [1.5]


def test_a_type_variable_widens_1d_to_nd_but_not_int_to_float():
    assert same(csp.const(np.array([1.0])), csp.const(np.ones((2, 2)))).tstype == ts[NumpyNDArray[float]]
    with pytest.raises(TypeError, match="Conflicting type resolution"):
        same(csp.const(np.array([1])), csp.const(np.array([1.0])))


@csp.node
def emit(value: object) -> ts[Numpy1DArray[float]]:
    with csp.alarms():
        go = csp.alarm(bool)
    with csp.start():
        csp.schedule_alarm(go, timedelta(), True)
    if csp.ticked(go):
        return value


def test_an_array_output_takes_any_ndarray_at_run_time():
    assert values(run(lambda: emit(np.ones((2, 2), dtype=int))))[0].shape == (2, 2)


@pytest.mark.parametrize("value", [[1.0, 2.0], 3.0])
def test_an_array_output_refuses_other_values(value):
    with pytest.raises(TypeError, match='expected output type on output #0 to be of type "numpy.ndarray" got type'):
        run(lambda: emit(value))


def test_graph_outputs_hold_the_arrays():
    array = np.array([1.0, 2.0])
    result = run(lambda: csp.const(array))
    assert result[0][0][1] is array


# ---------------------------------------------------------------- structs


class Arrays(csp.Struct):
    line: Numpy1DArray[float]
    grid: NumpyNDArray[float]
    raw: np.ndarray


def test_array_struct_fields_take_any_ndarray_and_keep_it():
    array = np.array([[1, 2]])
    s = Arrays(line=array)
    assert s.line is array
    assert Arrays.metadata() == {"line": np.ndarray, "grid": np.ndarray, "raw": np.ndarray}
    assert repr(Arrays(line=np.array([1.0, 2.0]))) == "Arrays( line=array([1., 2.]) )"


@pytest.mark.parametrize("value", [[1.0, 2.0], 1.0])
def test_array_struct_fields_refuse_other_values(value):
    with pytest.raises(TypeError, match="Invalid numpy.ndarray type, expected numpy.ndarray got"):
        Arrays(line=value)


def test_array_struct_fields_copy_shallowly_and_deepcopy_deeply():
    s = Arrays(line=np.array([1.0]))
    assert s.copy().line is s.line
    deep = s.deepcopy()
    assert deep.line is not s.line and deep.line.tolist() == [1.0]


# ------------------------------------------------------------------- math


def arrays():
    return csp.const(np.array([1.0, 4.0]))


@pytest.mark.parametrize("build, expected", [
    (lambda: arrays() + arrays(), [2.0, 8.0]),
    (lambda: arrays() - 1, [0.0, 3.0]),
    (lambda: 2.0 * arrays(), [2.0, 8.0]),
    (lambda: arrays() / arrays(), [1.0, 1.0]),
    (lambda: 8 / arrays(), [8.0, 2.0]),
    (lambda: arrays() ** 2, [1.0, 16.0]),
    (lambda: arrays() + csp.const(0.5), [1.5, 4.5]),
    (lambda: -arrays(), [-1.0, -4.0]),
    (lambda: csp.sqrt(arrays()), [1.0, 2.0]),
    (lambda: csp.max(arrays(), csp.const(np.array([2.0, 2.0]))), [2.0, 4.0]),
    (lambda: arrays() > 2.0, [False, True]),
    (lambda: arrays() == arrays(), [True, True]),
])
def test_math_on_arrays_is_element_wise(build, expected):
    assert build().tstype == ts[NumpyNDArray[float]]
    assert values(run(build))[0].tolist() == expected


def test_math_broadcasts_as_numpy():
    result = run(lambda: csp.const(np.ones((2, 2))) + arrays())
    assert values(result)[0].tolist() == [[2.0, 5.0], [2.0, 5.0]]


def test_not_of_an_array_series_is_refused_at_wiring():
    with pytest.raises(TypeError, match="not_"):
        csp.not_(arrays())


# ------------------------------------------------------------------ stats


def test_stats_take_float_array_series_element_wise():
    data = [(START + timedelta(i), np.array([float(i), 2.0 * i])) for i in range(3)]
    mean = csp.stats.mean(csp.curve(Numpy1DArray[float], data), interval=2)
    assert mean.tstype == ts[NumpyNDArray[float]]
    result = run(lambda: csp.stats.mean(csp.curve(Numpy1DArray[float], data), interval=2), days=3)
    assert [v.tolist() for v in values(result)] == [[0.5, 1.0], [1.5, 3.0]]


@pytest.mark.parametrize("typ", [Numpy1DArray[int], NumpyNDArray[bool]])
def test_stats_refuse_arrays_of_other_element_types(typ):
    with pytest.raises(TypeError, match="only valid for time-series of type float or np.ndarray"):
        csp.stats.mean(csp.null_ts(typ), interval=2)


def test_cross_sectional_and_list_to_numpy_types():
    from typing import List

    assert csp.stats.cross_sectional(arrays(), interval=2).tstype == ts[List[np.ndarray]]
    assert csp.stats.cross_sectional(arrays(), interval=2, as_numpy=True).tstype == ts[NumpyNDArray[float]]
    assert csp.stats.cross_sectional(csp.const(1.0), interval=2).tstype == ts[List[float]]
    assert csp.stats.list_to_numpy([csp.const(1.0)]).tstype == ts[Numpy1DArray[float]]


# ------------------------------------------------------ scalar arguments


@csp.node
def weighted(x: ts[float], weights: Numpy1DArray[float]) -> ts[float]:
    return x * float(weights.sum())


@pytest.mark.parametrize("weights", [np.array([1.0, 2.0]), np.array([1, 2]), [1.0, 2.0]])
def test_an_array_scalar_argument_takes_1d_arrays_and_lists(weights):
    assert values(run(lambda: weighted(csp.const(2.0), weights))) == [6.0]


@pytest.mark.parametrize("weights", [np.ones((2, 2)), 2.0])
def test_an_array_scalar_argument_refuses_other_shapes_and_values(weights):
    with pytest.raises(TypeError, match="weights"):
        weighted(csp.const(2.0), weights)


@csp.graph
def weighted_graph(weights: NumpyNDArray[float]) -> ts[float]:
    return weighted(csp.const(1.0), weights)


def test_a_graph_array_argument_turns_a_list_into_an_array():
    assert values(run(lambda: weighted_graph([3.0]))) == [3.0]


def test_csp_typing_is_an_attribute_of_csp():
    assert csp.typing.Numpy1DArray is Numpy1DArray


def test_a_struct_holding_an_array_is_unhashable():
    with pytest.raises(TypeError, match="unhashable"):
        hash(Arrays(line=np.array([1.0])))
    assert hash(Arrays()) == hash(Arrays())

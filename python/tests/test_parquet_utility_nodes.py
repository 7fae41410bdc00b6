"""flatten_numpy_array / reshape_numpy_array: N-d arrays through flat list columns and back."""

from datetime import datetime, timedelta

import numpy as np
import pyarrow.parquet as pq
import pytest

import csp
from csp.adapters.output_adapters.parquet_utility_nodes import flatten_numpy_array, reshape_numpy_array
from csp.adapters.parquet import ParquetReader, ParquetWriter
from csp.typing import Numpy1DArray, NumpyNDArray

START = datetime(2022, 1, 1)


def arrays(typ, values):
    return csp.curve(typ, [(START + timedelta(seconds=i), v) for i, v in enumerate(values)])


def run_values(edge):
    return [value for _, value in csp.run(edge, starttime=START, endtime=timedelta(seconds=10))[0]]


def test_flatten_gives_row_major_values_and_the_shape():
    source = np.arange(12.0).reshape(3, 4)
    flat = csp.run(lambda: flatten_numpy_array(arrays(NumpyNDArray[float], [source, source.T])),
                   starttime=START, endtime=timedelta(seconds=10))
    values = [v for _, v in flat["value"]]
    shapes = [v for _, v in flat["shape"]]
    np.testing.assert_array_equal(values[0], source.ravel())
    np.testing.assert_array_equal(values[1], source.T.ravel())  # the transposed array's own row order
    assert [s.tolist() for s in shapes] == [[3, 4], [4, 3]]
    assert shapes[0].dtype == np.int64


def test_flatten_and_reshape_round_trip_any_dimensions():
    originals = [np.arange(24.0).reshape(2, 3, 4), np.array(7.0), np.arange(5.0), np.ones((0, 3))]

    def graph():
        flat = flatten_numpy_array(arrays(NumpyNDArray[float], originals))
        return reshape_numpy_array(flat.value, flat.shape)

    for got, expected in zip(run_values(graph()), originals):
        assert got.shape == expected.shape
        np.testing.assert_array_equal(got, expected)


def test_the_element_type_follows_the_input():
    flat = flatten_numpy_array(arrays(NumpyNDArray[int], [np.arange(4).reshape(2, 2)]))
    assert flat.value.tstype.typ is Numpy1DArray[int]
    assert reshape_numpy_array(flat.value, flat.shape).tstype.typ is NumpyNDArray[int]


def test_an_n_dimensional_array_travels_through_a_parquet_file_as_values_and_shape(tmp_path):
    path = tmp_path / "grid.parquet"
    grids = [np.arange(6.0).reshape(2, 3), np.arange(8.0).reshape(2, 2, 2)]

    def write():
        flat = flatten_numpy_array(arrays(NumpyNDArray[float], grids))
        writer = ParquetWriter(str(path), "time")
        writer.publish("grid_values", flat.value)
        writer.publish("grid_shape", flat.shape)

    csp.run(write, starttime=START, endtime=timedelta(seconds=10))
    assert pq.read_table(path).column("grid_shape").to_pylist() == [[2, 3], [2, 2, 2]]

    def read():
        reader = ParquetReader(str(path), time_column="time")
        return reshape_numpy_array(reader.subscribe_all(Numpy1DArray[float], field_map="grid_values"),
                                   reader.subscribe_all(Numpy1DArray[int], field_map="grid_shape"))

    for got, expected in zip(run_values(read()), grids):
        np.testing.assert_array_equal(got, expected)


def test_values_without_a_shape_in_the_same_cycle_are_an_error():
    values = arrays(Numpy1DArray[float], [np.arange(4.0), np.arange(4.0)])
    shape = csp.curve(Numpy1DArray[int], [(START, np.array([2, 2]))])
    with pytest.raises(ValueError, match="'value' ticked without 'shape'"):
        run_values(reshape_numpy_array(values, shape))


def test_a_shape_that_does_not_hold_the_values_is_an_error():
    values = arrays(Numpy1DArray[float], [np.arange(4.0)])
    shape = arrays(Numpy1DArray[int], [np.array([3, 3])])
    with pytest.raises(ValueError, match=r"cannot reshape 4 values to shape \(3, 3\)"):
        run_values(reshape_numpy_array(values, shape))

"""Numpy array columns: Parquet reading and writing, Arrow record batch conversions."""

from datetime import datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import csp
from csp.adapters.arrow import record_batches_to_struct, struct_to_record_batches
from csp.adapters.parquet import ParquetReader, ParquetWriter
from csp.typing import Numpy1DArray, NumpyNDArray

START = datetime(2022, 1, 1)


class Sample(csp.Struct):
    label: str
    line: Numpy1DArray[float]
    counts: Numpy1DArray[int]
    flags: Numpy1DArray[bool]
    names: Numpy1DArray[str]
    grid: NumpyNDArray[float]


def samples():
    return [Sample(label=f"s{i}", line=np.arange(i, dtype=float), counts=np.arange(i), flags=np.array([True] * i, dtype=bool),
                   names=np.array(["n"] * i, dtype="U1"), grid=np.full((2, i + 1), float(i))) for i in range(3)]


def ticks(values):
    return [(START + timedelta(seconds=i), v) for i, v in enumerate(values)]


def write_samples(path):
    def graph():
        writer = ParquetWriter(str(path), "time")
        writer.publish_struct(csp.curve(Sample, ticks(samples())))
        writer.publish("plain", csp.curve(Numpy1DArray[float], ticks([np.array([1.0]), np.array([2.0, 3.0])])))
        writer.publish("shaped", csp.curve(NumpyNDArray[int], ticks([np.ones((1, 2), dtype=int)])),
                       array_dimensions_column_name="shaped_dims")

    csp.run(graph, starttime=START, endtime=timedelta(seconds=10))


def read(path, subscribe):
    def graph():
        csp.add_graph_output("out", subscribe(ParquetReader(str(path), time_column="time")))

    return [value for _, value in csp.run(graph, starttime=START, endtime=timedelta(seconds=10))["out"]]


def test_writing_arrays_gives_list_columns_and_a_dimensions_column(tmp_path):
    path = tmp_path / "arrays.parquet"
    write_samples(path)
    table = pq.read_table(path)
    assert table.schema.names == ["time", "line", "counts", "flags", "names", "grid_csp_dimensions", "grid", "label",
                                  "plain", "shaped_dims", "shaped"]
    assert table.schema.field("line").type == pa.list_(pa.float64())
    assert table.schema.field("counts").type == pa.list_(pa.int64())
    assert table.schema.field("names").type == pa.list_(pa.string())
    assert table.schema.field("grid_csp_dimensions").type == pa.list_(pa.int64())
    data = table.to_pydict()
    assert data["line"] == [[], [0.0], [0.0, 1.0]]
    assert data["grid_csp_dimensions"] == [[2, 1], [2, 2], [2, 3]]
    assert data["grid"][1] == [1.0] * 4
    assert data["plain"] == [[1.0], [2.0, 3.0], None]
    assert data["shaped_dims"] == [[1, 2], None, None]


def test_reading_arrays_back_into_struct_fields_and_series(tmp_path):
    path = tmp_path / "arrays.parquet"
    write_samples(path)
    back = read(path, lambda r: r.subscribe_all(Sample))
    assert len(back) == 3
    for original, read_back in zip(samples(), back):
        for field in ("line", "counts", "flags", "names", "grid"):
            expected, actual = getattr(original, field), getattr(read_back, field)
            assert actual.dtype == expected.dtype and actual.shape == expected.shape
            assert np.array_equal(actual, expected)
    plain = read(path, lambda r: r.subscribe_all(Numpy1DArray[float], field_map="plain"))
    assert [v.tolist() for v in plain] == [[1.0], [2.0, 3.0]]
    shaped = read(path, lambda r: r.subscribe_all(NumpyNDArray[int], field_map="shaped",
                                                  array_dimensions_column_name="shaped_dims"))
    assert [v.tolist() for v in shaped] == [[[1, 1]]]


def test_list_columns_written_by_pyarrow_read_as_arrays(tmp_path):
    path = tmp_path / "lists.parquet"
    times = pa.array([START, START + timedelta(seconds=1)], pa.timestamp("ns", "UTC"))
    pq.write_table(pa.table({"time": times, "v": pa.array([[1.5, None], [2.5]], pa.large_list(pa.float64()))}), path)
    values = read(path, lambda r: r.subscribe_all(Numpy1DArray[float], field_map="v"))
    assert np.isnan(values[0][1]) and values[0][0] == 1.5 and values[1].tolist() == [2.5]


def test_a_scalar_column_cannot_be_read_as_an_array(tmp_path):
    path = tmp_path / "scalar.parquet"
    pq.write_table(pa.table({"time": pa.array([START], pa.timestamp("ns", "UTC")), "v": [1.0]}), path)
    with pytest.raises(TypeError, match="column 'v'"):
        read(path, lambda r: r.subscribe_all(Numpy1DArray[float], field_map="v"))


class Objects(csp.Struct):
    items: Numpy1DArray[object]


def test_arrays_of_other_element_types_are_refused(tmp_path):
    def graph():
        ParquetWriter(str(tmp_path / "unused.parquet"), "time").publish_struct(csp.null_ts(Objects))

    with pytest.raises(TypeError, match="elements must be float, int, bool or str"):
        csp.run(graph, starttime=START, endtime=timedelta(seconds=1))


class Shaped(csp.Struct):
    n: int
    line: Numpy1DArray[float]
    grid: NumpyNDArray[float]


@pytest.mark.parametrize("dimensions, dims_column", [(None, "grid_csp_dimensions"), ({"grid": "shape"}, "shape")])
def test_record_batches_round_trip_arrays(dimensions, dims_column):
    data = [Shaped(n=1, line=np.array([1.0, 2.0]), grid=np.ones((2, 2))), Shaped(n=2, line=np.array([]),
                                                                              grid=np.zeros((1, 3)))]

    def graph():
        batches = struct_to_record_batches(csp.const(data), Shaped, numpy_dimensions_column_map=dimensions)
        csp.add_graph_output("batches", batches)

    batch = csp.run(graph, starttime=START, endtime=timedelta(seconds=1))["batches"][0][1][0]
    assert batch.schema.names == ["n", "line", "grid", dims_column]
    assert batch.to_pydict()[dims_column] == [[2, 2], [1, 3]]

    def back_graph():
        structs = record_batches_to_struct(csp.const([batch]), Shaped, batch.schema,
                                           numpy_dimensions_column_map=dimensions)
        csp.add_graph_output("structs", structs)

    back = csp.run(back_graph, starttime=START, endtime=timedelta(seconds=1))["structs"][0][1]
    assert [s.grid.shape for s in back] == [(2, 2), (1, 3)]
    assert back[0].line.tolist() == [1.0, 2.0] and back[1].line.size == 0


def test_a_null_element_is_nan_in_a_float_array_and_an_error_in_an_int_array(tmp_path):
    path = tmp_path / "nulls.parquet"
    times = pa.array([START], pa.timestamp("ns", "UTC"))
    pq.write_table(pa.table({"time": times, "f": pa.array([[1.0, None]]), "i": pa.array([[1, None]])}), path)
    floats = read(path, lambda r: r.subscribe_all(Numpy1DArray[float], field_map="f"))
    assert floats[0][0] == 1.0 and np.isnan(floats[0][1])
    with pytest.raises(ValueError, match="column 'i': null element at index 1"):
        read(path, lambda r: r.subscribe_all(Numpy1DArray[int], field_map="i"))

# ParquetWriter / ParquetReader with numpy array fields and series: list columns and N-D shape columns.
import os
import tempfile
from datetime import datetime, timedelta

import numpy as np
import pyarrow.parquet as pq

import csp
from csp.adapters.parquet import ParquetReader, ParquetWriter
from csp.typing import Numpy1DArray, NumpyNDArray

ST = datetime(2022, 1, 1)


class Sample(csp.Struct):
    n: int
    line: Numpy1DArray[float]
    counts: Numpy1DArray[int]
    names: Numpy1DArray[str]
    grid: NumpyNDArray[float]


def sample(i):
    return Sample(n=i, line=np.arange(i, dtype=float) / 2, counts=np.arange(i + 1), names=np.array(["ab"] * (i + 1)),
                  grid=np.arange(2.0 * (i + 1)).reshape(2, i + 1))


def write(path):
    writer = ParquetWriter(path, "time")
    writer.publish_struct(csp.curve(Sample, [(ST + timedelta(seconds=i), sample(i)) for i in range(3)]))
    writer.publish("series", csp.curve(Numpy1DArray[float], [(ST, np.array([1.5])), (ST + timedelta(seconds=2),
                                                                                   np.array([2.5, 3.5]))]))
    writer.publish("cube", csp.curve(NumpyNDArray[int], [(ST + timedelta(seconds=1), np.ones((1, 2, 2), dtype=int))]),
                   array_dimensions_column_name="cube_shape")


def read(path):
    reader = ParquetReader(path, time_column="time")
    csp.add_graph_output("structs", reader.subscribe_all(Sample))
    csp.add_graph_output("series", reader.subscribe_all(Numpy1DArray[float], field_map="series"))
    csp.add_graph_output("cube", reader.subscribe_all(NumpyNDArray[int], field_map="cube",
                                                      array_dimensions_column_name="cube_shape"))


with tempfile.TemporaryDirectory() as directory:
    path = os.path.join(directory, "arrays.parquet")
    csp.run(write, path, starttime=ST, endtime=timedelta(seconds=5))
    table = pq.read_table(path)
    for field in table.schema:
        print(field.name, field.type)
    for name, values in table.to_pydict().items():
        if name != "time":
            print(name, values)
    results = csp.run(read, path, starttime=ST, endtime=timedelta(seconds=5))
    for key, ticks in results.items():
        for time, value in ticks:
            print(key, time, repr(value))

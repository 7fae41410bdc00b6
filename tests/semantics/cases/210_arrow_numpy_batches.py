# struct_to_record_batches / record_batches_to_struct with numpy array fields and a dimensions column map.
from datetime import datetime, timedelta

import numpy as np

import csp
from csp.adapters.arrow import record_batches_to_struct, struct_to_record_batches
from csp.typing import Numpy1DArray, NumpyNDArray

ST = datetime(2022, 1, 1)


class Shaped(csp.Struct):
    n: int
    line: Numpy1DArray[float]
    flags: Numpy1DArray[bool]
    grid: NumpyNDArray[float]


DATA = [Shaped(n=1, line=np.array([1.0, 2.0]), flags=np.array([True, False]), grid=np.ones((2, 2))),
        Shaped(n=2, line=np.array([0.5]), flags=np.array([False]), grid=np.arange(3.0).reshape(1, 3))]


def to_batches(dimensions):
    csp.add_graph_output("b", struct_to_record_batches(csp.const(DATA), Shaped, numpy_dimensions_column_map=dimensions))


def to_structs(batch, dimensions):
    csp.add_graph_output("s", record_batches_to_struct(csp.const([batch]), Shaped, batch.schema,
                                                       numpy_dimensions_column_map=dimensions))


for dimensions in (None, {"grid": "grid_shape"}):
    batch = csp.run(to_batches, dimensions, starttime=ST, endtime=timedelta(seconds=1))["b"][0][1][0]
    print(batch.schema.names)
    print(batch.to_pydict())
    structs = csp.run(to_structs, batch, dimensions, starttime=ST, endtime=timedelta(seconds=1))["s"][0][1]
    for s in structs:
        print(s)

"""flatten_numpy_array / reshape_numpy_array: N-d arrays as row-major values plus shapes, and back."""
from datetime import datetime, timedelta

import numpy as np

import csp
from csp.adapters.output_adapters.parquet_utility_nodes import flatten_numpy_array, reshape_numpy_array
from csp.typing import NumpyNDArray


@csp.graph
def g():
    a = csp.curve(NumpyNDArray[float], [(timedelta(0), np.arange(6.0).reshape(2, 3)),
                                        (timedelta(1), np.arange(4.0).reshape(2, 2).T),
                                        (timedelta(2), np.array(5.0))])
    flat = flatten_numpy_array(a)
    csp.add_graph_output("value", flat.value)
    csp.add_graph_output("shape", flat.shape)
    csp.add_graph_output("back", reshape_numpy_array(flat.value, flat.shape))
    ints = flatten_numpy_array(csp.curve(NumpyNDArray[int], [(timedelta(0), np.arange(4).reshape(2, 2))]))
    csp.add_graph_output("int_value", ints.value)


results = csp.run(g, starttime=datetime(2022, 1, 1))
for name, ticks in results.items():
    for t, x in ticks:
        print(name, t, x.tolist(), x.dtype, x.shape)

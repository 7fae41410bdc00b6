# Split column directories of Arrow IPC streams (.arrow files), a directory per filename_provider tick,
# and a writer without a timestamp column.
import os
import tempfile
from datetime import datetime, timedelta

import pyarrow as pa
import pyarrow.ipc

import csp
from csp.adapters.output_adapters.parquet import ParquetOutputConfig, ParquetWriter
from csp.adapters.parquet import ParquetReader

ST = datetime(2022, 1, 1)


def at(seconds):
    return ST + timedelta(seconds=seconds)


def write(tmp):
    names = csp.curve(str, [(at(0), os.path.join(tmp, "d0")), (at(2), os.path.join(tmp, "d1"))])
    writer = ParquetWriter(None, "time", config=ParquetOutputConfig(write_arrow_binary=True),
                           filename_provider=names, split_columns_to_files=True,
                           file_visitor=lambda path: print("complete", os.path.basename(path)))
    writer.publish("x", csp.curve(int, [(at(i), i) for i in range(4)]))
    writer.publish_dict_basket("px", {"a": csp.curve(float, [(at(1), 1.5), (at(2), 2.5)])}, str, float)
    untimed = ParquetWriter(os.path.join(tmp, "untimed"), None, config=ParquetOutputConfig(write_arrow_binary=True),
                            split_columns_to_files=True)
    untimed.publish("y", csp.curve(str, [(at(0), "a"), (at(3), "b")]))


def read(tmp):
    reader = ParquetReader([os.path.join(tmp, "d0"), os.path.join(tmp, "d1")], time_column="time",
                           binary_arrow=True, split_columns_to_files=True)
    return {"x": reader.subscribe_all(int, "x"), "a": reader.subscribe_dict_basket(float, "px", ["a"])["a"]}


with tempfile.TemporaryDirectory() as tmp:
    csp.run(write, tmp, starttime=ST, endtime=timedelta(seconds=10))
    for directory in ("d0", "d1", "untimed"):
        for name in sorted(os.listdir(os.path.join(tmp, directory))):
            with pyarrow.ipc.open_stream(os.path.join(tmp, directory, name)) as stream:
                column = stream.read_all().column(0)
            if pa.types.is_timestamp(column.type):
                column = column.cast(pa.int64())
            print(directory, name, column.type, column.to_pylist())
    results = csp.run(read, tmp, starttime=ST, endtime=timedelta(seconds=10))
    for name in ("x", "a"):
        for time, value in results[name]:
            print(name, time, value)

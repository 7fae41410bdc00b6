# ParquetWriter / ParquetReader with split_columns_to_files: a file per column in a directory.
import os
import tempfile
from datetime import datetime, timedelta

import pyarrow as pa
import pyarrow.parquet as pq

import csp
from csp.adapters.output_adapters.parquet import ParquetOutputConfig, ParquetWriter
from csp.adapters.parquet import ParquetReader

ST = datetime(2022, 1, 1)


class Quote(csp.Struct):
    bid: float
    size: int
    venue: str


def write(out):
    x = csp.curve(int, [(ST + timedelta(seconds=i), i * 10) for i in range(3)])
    quotes = csp.curve(Quote, [(ST + timedelta(seconds=1), Quote(bid=1.5, size=3)),
                               (ST + timedelta(seconds=3), Quote(bid=2.5, venue="N"))])
    writer = ParquetWriter(out, "time", config=ParquetOutputConfig(allow_overwrite=True),
                           split_columns_to_files=True, file_metadata={"source": "case240"})
    writer.publish("x", x)
    writer.publish_struct(quotes)


def read(out):
    reader = ParquetReader(out, time_column="time", split_columns_to_files=True)
    return {"x": reader.subscribe_all(int, "x"), "quote": reader.subscribe_all(Quote),
            "bid": reader.subscribe_all(float, "bid")}


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "day", "split")
    csp.run(write, out, starttime=ST, endtime=timedelta(seconds=10))
    def values(column):  # timestamps as nanoseconds since the epoch: printed alike with or without pandas
        return (column.cast(pa.int64()) if pa.types.is_timestamp(column.type) else column).to_pylist()

    for name in sorted(os.listdir(out)):
        table = pq.read_table(os.path.join(out, name))
        field = table.schema.field(0)
        print(name, table.column_names, field.type, table.schema.metadata, values(table.column(0)))
    results = csp.run(read, out, starttime=ST, endtime=timedelta(seconds=10))
    for name in ("x", "quote", "bid"):
        for time, value in results[name]:
            print(name, time, value)

# ParquetWriter column_metadata: Arrow field metadata per column; its errors.
import os
import tempfile
from datetime import datetime, timedelta

import pyarrow.ipc
import pyarrow.parquet as pq

import csp
from csp.adapters.output_adapters.parquet import ParquetOutputConfig, ParquetWriter

ST = datetime(2022, 1, 1)


class Trade(csp.Struct):
    price: float
    qty: int


def write(path, column_metadata, arrow=False, split=False):
    x = csp.curve(int, [(ST, 1), (ST + timedelta(seconds=1), 2)])
    trades = csp.curve(Trade, [(ST, Trade(price=1.0, qty=2))])
    writer = ParquetWriter(path, "time", config=ParquetOutputConfig(write_arrow_binary=arrow),
                           split_columns_to_files=split, file_metadata={"k": "v"}, column_metadata=column_metadata)
    writer.publish("x", x)
    writer.publish_struct(trades)


def show(schema):
    print(" ", schema.metadata)
    for field in schema:
        print(" ", field.name, field.type, field.metadata)


with tempfile.TemporaryDirectory() as tmp:
    metadata = {"x": {"unit": "m", "desc": "count"}, "price": {"ccy": "USD"}, "time": {"tz": "UTC"}}
    path = os.path.join(tmp, "m.parquet")
    csp.run(write, path, metadata, starttime=ST, endtime=timedelta(seconds=10))
    print("parquet")
    show(pq.read_schema(path))
    path = os.path.join(tmp, "m.arrow")
    csp.run(write, path, metadata, True, starttime=ST, endtime=timedelta(seconds=10))
    print("arrow")
    with pyarrow.ipc.open_stream(path) as stream:
        show(stream.schema)
    split = os.path.join(tmp, "split")
    csp.run(write, split, metadata, False, True, starttime=ST, endtime=timedelta(seconds=10))
    for name in sorted(os.listdir(split)):
        print("split", name)
        show(pq.read_schema(os.path.join(split, name)))
    for bad in ({"nope": {"a": "b"}}, {"x": {"unit": 1}}):
        try:
            csp.run(write, os.path.join(tmp, "bad.parquet"), bad, starttime=ST, endtime=timedelta(seconds=10))
            print("no error")
        except Exception as e:
            print(type(e).__name__)

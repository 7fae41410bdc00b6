# Dict baskets in split Parquet directories: publish_dict_basket and subscribe_dict_basket.
import os
import tempfile
from datetime import datetime, timedelta

import pyarrow as pa
import pyarrow.parquet as pq

import csp
from csp.adapters.parquet import ParquetReader, ParquetWriter

ST = datetime(2022, 1, 1)


class Quote(csp.Struct):
    bid: float
    size: int


def at(seconds):
    return ST + timedelta(seconds=seconds)


def write(out):
    late = csp.curve(float, [(at(1), 10.0), (at(2), 20.0)])
    prices = {"k1": csp.curve(float, [(at(1), 1.5), (at(3), 3.5)]), "k2": late}
    quotes = {"A": csp.curve(Quote, [(at(2), Quote(bid=1.0, size=4))]),
              "B": csp.curve(Quote, [(at(2), Quote(size=5)), (at(4), Quote(bid=9.0))])}
    writer = ParquetWriter(out, "time", split_columns_to_files=True)
    writer.publish("x", csp.curve(int, [(at(0), 0), (at(1), 1)]))
    writer.publish_dict_basket("px", prices, str, float)
    writer.publish_dict_basket("q", quotes, str, Quote)


def read(out):
    reader = ParquetReader(out, time_column="time", split_columns_to_files=True)
    prices = reader.subscribe_dict_basket(float, "px", ["k2", "k1", "k3"])
    print("keys", list(prices))
    csp.print("k1", prices["k1"])
    csp.print("k2", prices["k2"])
    csp.print("k3", prices["k3"])
    quotes = reader.subscribe_dict_basket(Quote, "q", ["B"])
    csp.print("qB", quotes["B"])
    other = ParquetReader(out, time_column="time", split_columns_to_files=True)
    last = other.subscribe_dict_basket(float, "px", ["k2"], push_mode=csp.PushMode.LAST_VALUE)
    csp.print("last_k2", last["k2"])


with tempfile.TemporaryDirectory() as tmp:
    csp.run(write, tmp, starttime=ST, endtime=timedelta(seconds=10))
    def values(column):  # timestamps as nanoseconds since the epoch: printed alike with or without pandas
        return (column.cast(pa.int64()) if pa.types.is_timestamp(column.type) else column).to_pylist()

    for name in sorted(os.listdir(tmp)):
        table = pq.read_table(os.path.join(tmp, name))
        print(name, table.schema.field(0).type, values(table.column(0)))
    csp.run(read, tmp, starttime=ST, endtime=timedelta(seconds=10))

# Dict basket errors: a single-file writer, non-str keys.
import os
import tempfile
from datetime import datetime, timedelta

import csp
from csp.adapters.parquet import ParquetWriter

ST = datetime(2022, 1, 1)


def single_file(out):
    writer = ParquetWriter(os.path.join(out, "f.parquet"), "time")
    writer.publish_dict_basket("px", {"a": csp.const(1.0)}, str, float)


def int_keys(out):
    writer = ParquetWriter(out, "time", split_columns_to_files=True)
    writer.publish_dict_basket("px", {1: csp.const(1.0)}, int, float)


with tempfile.TemporaryDirectory() as tmp:
    for graph in (single_file, int_keys):
        try:
            csp.run(graph, tmp, starttime=ST, endtime=timedelta(seconds=1))
            print(graph.__name__, "no error")
        except Exception as e:
            print(graph.__name__, type(e).__name__, "split_columns_to_files" in str(e))

"""Workload — graph outputs into pandas: 5 float columns of 10^6 ticks each as one DataFrame.

``csp.DataFrame({c0..c4}).to_pandas(start, end)``: five ``ts[float]`` columns
(``cast_int_to_float(count(timer(1s))) * k``) run and returned as one
``pandas.DataFrame`` indexed by tick time (pandas_frame_to_pandas). ``seconds``
is the whole call: the run and building the frame.
"""

from datetime import timedelta

import csp
from _common import START, main, timed

COLUMNS = 5


def frame_of(ticks: int):
    base = csp.cast_int_to_float(csp.count(csp.timer(timedelta(seconds=1))))
    df = csp.DataFrame({f"c{k}": base * float(k + 1) for k in range(COLUMNS)})
    return df.to_pandas(START, START + timedelta(seconds=ticks))


def pandas_frame_to_pandas(quick: bool) -> dict:
    m = 100_000 if quick else 1_000_000
    frame_of(1_000)  # warm-up
    seconds, frame = timed(frame_of, m)
    sums = " ".join(f"{c}={frame[c].sum()!r}" for c in frame.columns)
    checksum = (f"shape={frame.shape} {sums} t0={frame.index[0].isoformat()} t1={frame.index[-1].isoformat()} "
                f"dtypes={sorted({str(d) for d in frame.dtypes})}")
    return {"seconds": seconds, "checksum": checksum, "n": m * COLUMNS, "ns_per_tick": seconds / (m * COLUMNS) * 1e9}


if __name__ == "__main__":
    main({"pandas_frame_to_pandas": pandas_frame_to_pandas})

# Struct.to_json of values: NaN and infinities are null, None is null, unset fields are left out, datetimes
# ISO in UTC, timedeltas signed seconds, dates and times ISO; float digits; bytes as strings.
import math
from datetime import date, datetime, time, timedelta, timezone
from typing import List, Optional

import csp


class Values(csp.Struct):
    x: float
    xs: List[float]
    maybe: Optional[float]
    when: datetime
    span: timedelta
    day: date
    clock: time
    raw: bytes
    anything: object


print(Values(x=float("nan"), xs=[math.inf, -math.inf, 0.1, 1e21, 1e-7, -0.0, 100.0], maybe=None).to_json())
print(Values(when=datetime(2022, 1, 1, 12, 30, 0, 5), span=timedelta(days=-1, seconds=5), day=date(2022, 2, 3),
             clock=time(4, 5, 6, 7)).to_json())
print(Values(when=datetime(2022, 1, 1, 12, tzinfo=timezone(timedelta(hours=2))), span=timedelta(microseconds=1)).to_json())
print(Values(raw=b"bytes", anything={"a": (1, 2), "b": [None, True], "c": {"d": 2.5}}).to_json())
print(Values(x=float("nan"), maybe=None).to_dict())
print(Values().to_json(), Values().to_dict())

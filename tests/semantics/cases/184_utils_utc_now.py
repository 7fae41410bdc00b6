# csp.utils.datetime.utc_now: the current UTC time as a naive datetime.
from datetime import datetime, timezone

from csp.utils.datetime import utc_now

now = utc_now()
reference = datetime.now(timezone.utc).replace(tzinfo=None)
print(type(now).__name__, now.tzinfo)
print("within a second of UTC now:", abs((reference - now).total_seconds()) < 1)

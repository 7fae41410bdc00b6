from datetime import datetime, timedelta

import csp


@csp.graph
def hello_world():
    hw = csp.const("hElLo wOrLd")  # input adapter
    fmt = csp.apply(hw, lambda x: x.title(), str)  # node
    csp.print("Message", fmt)  # output adapter


if __name__ == "__main__":
    csp.run(hello_world, starttime=datetime.utcnow(), endtime=timedelta(seconds=1), realtime=True)
    csp.run(hello_world, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1), realtime=False)

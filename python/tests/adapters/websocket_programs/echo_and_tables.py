"""A websocket client against a local echo server, feeding a websocket table server read over HTTP and websockets.

Usage: echo_and_tables.py ECHO_PORT TABLE_PORT. Prints what it receives, without times (the same on every csp).
"""

import asyncio
import json
import sys
import threading
import time
import urllib.request
from datetime import datetime, timedelta

import tornado.web
import tornado.websocket

import csp
from csp import ts
from csp.adapters.websocket import JSONTextMessageMapper, Status, WebsocketAdapterManager, WebsocketTableAdapter

ECHO_PORT, TABLE_PORT = int(sys.argv[1]), int(sys.argv[2])


class Echo(tornado.websocket.WebSocketHandler):
    def on_message(self, message):
        self.write_message(message)


def serve_echo(ready: threading.Event) -> None:
    asyncio.set_event_loop(asyncio.new_event_loop())
    tornado.web.Application([(r"/", Echo)]).listen(ECHO_PORT, address="127.0.0.1")
    ready.set()
    asyncio.get_event_loop().run_forever()


class Order(csp.Struct):
    sym: str
    qty: int
    px: float


ORDERS = [{"sym": "AAPL", "qty": 10, "px": 190.5}, {"sym": "MSFT", "qty": 5, "px": 410.25},
          {"sym": "AAPL", "qty": 20, "px": 191.0}, {"sym": "IBM", "qty": 1, "px": 170.0}]
# Set once the engine printed every order: the reader thread's lines come after those.
ALL_RECEIVED = threading.Event()


@csp.node
def orders_on_connect(status: ts[Status]) -> ts[str]:
    with csp.alarms():
        out = csp.alarm(str)
    if csp.ticked(status):
        print("status", status.status_code, status.msg)
        if status.status_code == 0:
            for order in ORDERS:
                csp.schedule_alarm(out, timedelta(0), json.dumps(order))
    if csp.ticked(out):
        return out


@csp.node
def show(x: ts[Order]):
    if csp.ticked(x):
        print("received", x.sym, x.qty, x.px)
        if csp.num_ticks(x) == len(ORDERS):
            ALL_RECEIVED.set()


def read_tables(stop: csp.GenericPushAdapter) -> None:
    base = f"http://127.0.0.1:{TABLE_PORT}"
    ALL_RECEIVED.wait(20)
    deadline = time.monotonic() + 20
    snap = []
    while time.monotonic() < deadline and len(snap) < 3:
        try:
            with urllib.request.urlopen(f"{base}/snap/orders", timeout=2) as response:
                snap = json.loads(response.read())["snap"]
        except OSError:
            pass
        time.sleep(0.05)
    with urllib.request.urlopen(f"{base}/tables", timeout=2) as response:
        for table in json.loads(response.read())["tables"]:
            print("table", table["name"], table["index"], sorted(table["schema"].items()))
    print("snap", sorted((row["sym"], row["qty"], row["px"]) for row in snap))

    async def subscribe():
        connection = await tornado.websocket.websocket_connect(f"ws://127.0.0.1:{TABLE_PORT}/subscribe/orders")
        message = json.loads(await asyncio.wait_for(connection.read_message(), 10))
        connection.close()
        return message

    message = asyncio.run(subscribe())
    print("subscribed", message["messageType"], message["messageID"],
          sorted((row["sym"], row["qty"], row["px"]) for row in message["data"]))
    stop.push_tick(True)


@csp.graph
def graph(stop: csp.GenericPushAdapter):
    ws = WebsocketAdapterManager(f"ws://127.0.0.1:{ECHO_PORT}/")
    status = ws.status()
    ws.send(orders_on_connect(status))
    orders = ws.subscribe(Order, JSONTextMessageMapper())
    show(orders)
    tables = WebsocketTableAdapter(TABLE_PORT)
    tables.create_table("orders", index="sym").publish(orders)
    csp.stop_engine(stop.out())


def main():
    ready = threading.Event()
    threading.Thread(target=serve_echo, args=(ready,), daemon=True).start()
    ready.wait(10)
    stop = csp.GenericPushAdapter(bool)
    reader = threading.Thread(target=read_tables, args=(stop,), daemon=True)
    reader.start()
    csp.run(graph, stop, starttime=datetime.utcnow(), endtime=timedelta(seconds=30), realtime=True)
    reader.join(5)
    print("done")


if __name__ == "__main__":
    main()

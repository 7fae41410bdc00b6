#!/usr/bin/env python3
"""Websocket throughput, our csp vs the reference csp, against one local server in the same run.

    benchmarks/websocket_throughput.py [--messages 100000] [--repeat 3]

Starts a tornado websocket server in its own process (this script with
``--serve``), then for each repetition and each engine (interleaved, each
run in its own process: ``python3`` for ours, ``.venv-ref/bin/python`` for
the reference, this script with ``--workload``):

* in: the server sends N JSON messages (a 3-field struct) as fast as it can
  to the client that connects to ``/blast/N``; the graph subscribes with
  ``JSONTextMessageMapper`` and stops at the N-th tick (the sum of a field
  is checked equal between engines);
* out: the graph sends N text messages (one per engine cycle, as fast as the
  engine goes) to ``/count/N``; the server answers "done" at the N-th and
  the graph stops there.

Prints messages per second (median wall time of ``csp.run`` over the
repetitions) and the ratio.
"""

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINES = {"ours": sys.executable, "reference": str(ROOT / ".venv-ref" / "bin" / "python")}


# ---------------------------------------------------------------- the server (--serve PORT)

def serve(port: int) -> None:
    import tornado.web
    import tornado.websocket

    def frame(text: str) -> bytes:  # an unmasked final text frame (server to client), payload < 126 bytes
        payload = text.encode()
        return bytes([0x81, len(payload)]) + payload

    class Blast(tornado.websocket.WebSocketHandler):
        async def open(self, n):
            # Frames encoded up front and written in large chunks: the server is not what is measured.
            frames = [frame(f'{{"qty":{i},"price":{i * 0.5},"sym":"S{i % 10}"}}') for i in range(int(n))]
            for start in range(0, len(frames), 10_000):
                await self.ws_connection.stream.write(b"".join(frames[start:start + 10_000]))

    class Count(tornado.websocket.WebSocketHandler):
        def open(self, n):
            self.expected, self.seen = int(n), 0

        def on_message(self, message):
            self.seen += 1
            if self.seen == self.expected:
                self.write_message("done")

    async def main():
        tornado.web.Application([(r"/blast/(\d+)", Blast), (r"/count/(\d+)", Count)]).listen(port, "127.0.0.1")
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


# ---------------------------------------------------------------- one run (--workload in|out PORT N)

def workload(kind: str, port: int, n: int) -> None:
    import csp
    from csp import ts
    from csp.adapters.websocket import JSONTextMessageMapper, RawTextMessageMapper, Status, WebsocketAdapterManager

    class Tick(csp.Struct):
        qty: int
        price: float
        sym: str

    @csp.node
    def count_until(x: ts[Tick], n: int) -> ts[int]:
        with csp.state():
            s_count = 0
            s_sum = 0
        if csp.ticked(x):
            s_count += 1
            s_sum += x.qty
            if s_count == n:
                csp.stop_engine()
                return s_sum

    @csp.node
    def messages(status: ts[Status], n: int) -> ts[str]:
        with csp.alarms():
            a = csp.alarm(int)
        if csp.ticked(status) and status.status_code == 0:
            csp.schedule_alarm(a, timedelta(0), 0)
        if csp.ticked(a):
            if a + 1 < n:
                csp.schedule_alarm(a, timedelta(0), a + 1)
            return f"message {a}"

    @csp.node
    def stop_on(x: ts[str]):
        if csp.ticked(x) and x == "done":
            csp.stop_engine()

    @csp.graph
    def g_in():
        ws = WebsocketAdapterManager(f"ws://127.0.0.1:{port}/blast/{n}")
        csp.add_graph_output("checksum", count_until(ws.subscribe(Tick, JSONTextMessageMapper()), n))

    @csp.graph
    def g_out():
        ws = WebsocketAdapterManager(f"ws://127.0.0.1:{port}/count/{n}")
        ws.send(messages(ws.status(), n))
        stop_on(ws.subscribe(str, RawTextMessageMapper()))

    start = time.perf_counter()
    out = csp.run(g_in if kind == "in" else g_out, starttime=datetime.utcnow(), endtime=timedelta(minutes=5),
                  realtime=True)
    seconds = time.perf_counter() - start
    checksum = out["checksum"][-1][1] if kind == "in" and out["checksum"] else None
    print(json.dumps({"seconds": seconds, "checksum": checksum}))


# ---------------------------------------------------------------- the driver

def run(python: str, *args) -> dict:
    result = subprocess.run([python, __file__, "--workload", *map(str, args)], capture_output=True, text=True,
                            timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{python} {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--workload", nargs=3, metavar=("KIND", "PORT", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve)
    if args.workload:
        kind, port, n = args.workload
        return workload(kind, int(port), int(n))
    n, port = args.messages, free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        if server.stdout.readline().strip() != "ready":
            raise RuntimeError("the websocket server did not start")
        times = {(kind, engine): [] for kind in ("in", "out") for engine in ENGINES}
        checksums = set()
        for rep in range(args.repeat):
            order = list(ENGINES) if rep % 2 == 0 else list(reversed(ENGINES))
            for engine in order:
                for kind in ("in", "out"):
                    result = run(ENGINES[engine], kind, port, n)
                    times[(kind, engine)].append(result["seconds"])
                    if kind == "in":
                        checksums.add(result["checksum"])
        if checksums != {n * (n - 1) // 2}:
            raise RuntimeError(f"in: checksums {checksums}, expected {n * (n - 1) // 2}")
    finally:
        server.terminate()
        server.wait(10)
    print(f"Websocket throughput, {n:,} messages, {args.repeat} repetitions, medians of csp.run wall time")
    print("| direction | ours (msg/s) | reference (msg/s) | ratio |")
    print("| --- | --- | --- | --- |")
    for kind, label in (("in", "in (JSON structs, subscribe)"), ("out", "out (text, send)")):
        ours = n / statistics.median(times[(kind, "ours")])
        ref = n / statistics.median(times[(kind, "reference")])
        print(f"| {label} | {ours:,.0f} | {ref:,.0f} | {ours / ref:.2f}x |")


if __name__ == "__main__":
    main()

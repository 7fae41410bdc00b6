"""A real websocket server for tests (tornado, loopback), that a test can stop, restart and disconnect.

    server = WebsocketServer().start()      # ws://127.0.0.1:<port>/
    ...                                     # server.uri, server.received, server.headers
    server.disconnect_all()                 # closes every client connection (the server keeps listening)
    server.stop(); server.start()           # stops listening, then listens again on the same port
    server.close()                          # the end

Each client gets ``greeting`` (if set, with the connection's number: "hello 1")
when it connects; every message it sends is echoed back (text as text,
binary as binary) and recorded in ``received``. ``headers`` holds the
request headers of each connection, in order.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Dict, List, Optional, Union

import tornado.web
import tornado.websocket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler(tornado.websocket.WebSocketHandler):
    def initialize(self, owner: "WebsocketServer") -> None:
        self.owner = owner

    def open(self) -> None:
        self.owner._opened(self)

    def on_message(self, message: Union[str, bytes]) -> None:
        self.owner.received.append(message)
        self.write_message(message, binary=isinstance(message, bytes))

    def on_close(self) -> None:
        self.owner._clients.discard(self)


class WebsocketServer:
    def __init__(self, port: Optional[int] = None, greeting: Optional[str] = None) -> None:
        self.port = port or free_port()
        self.uri = f"ws://127.0.0.1:{self.port}/"
        self.greeting = greeting
        self.received: List[Union[str, bytes]] = []
        self.headers: List[Dict[str, str]] = []
        self.connections = 0
        self._clients = set()
        self._server = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="test-websocket-server", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def _call(self, function):
        async def run():
            return function()
        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(10)

    def _opened(self, handler: _Handler) -> None:
        self.connections += 1
        self.headers.append(dict(handler.request.headers))
        self._clients.add(handler)
        if self.greeting is not None:
            handler.write_message(f"{self.greeting} {self.connections}")

    def start(self) -> "WebsocketServer":
        def listen():
            app = tornado.web.Application([(r"/", _Handler, {"owner": self})])
            self._server = app.listen(self.port, address="127.0.0.1")
        self._call(listen)
        return self

    def broadcast(self, message: Union[str, bytes]) -> None:
        self._call(lambda: [c.write_message(message, binary=isinstance(message, bytes)) for c in list(self._clients)])

    def client_count(self) -> int:
        return self._call(lambda: len(self._clients))

    def disconnect_all(self) -> None:
        self._call(lambda: [c.close(1001) for c in list(self._clients)])

    def stop(self) -> None:
        """Stops listening and closes every client connection."""
        def stop():
            if self._server is not None:
                self._server.stop()
                self._server = None
            for client in list(self._clients):
                client.close(1001)
        self._call(stop)

    def close(self) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

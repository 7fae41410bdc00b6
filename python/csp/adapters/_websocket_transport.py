"""The websocket client transport: the ``websockets`` library's protocol (sans I/O) over an asyncio connection.

``await open_connection(uri, headers, on_message, timeout)`` connects (TCP,
TLS for ``wss://``), completes the opening handshake and returns a
``Connection``: ``send(str | bytes)`` sends a text or binary message,
``close()`` starts the closing handshake, ``closed`` is a future done when
the connection is gone. After ``start_delivery()`` (messages that came with
the handshake wait for it), ``on_message(payload)`` is called on the loop for
every message received (``str`` for text, ``bytes`` for binary; fragmented
messages are assembled). Pings are answered by the protocol.

Why not the library's own asyncio client: each message there goes through a
queue and an awaited future; here a message is parsed and handed on in the
same ``data_received`` call, which is 2-3x as many messages per second
(see docs/websocket.md).
"""

from __future__ import annotations

import asyncio
import os
import ssl
from typing import Callable, Dict, Optional, Union

from websockets.client import ClientProtocol
from websockets.exceptions import InvalidStatus
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.uri import parse_uri

__all__ = ["Connection", "open_connection", "reason"]


class Connection(asyncio.Protocol):
    """One client connection (see the module docstring)."""

    def __init__(self, uri: str, headers: Dict[str, str], on_message: Callable[[Union[str, bytes]], None]):
        loop = asyncio.get_running_loop()
        self.protocol = ClientProtocol(parse_uri(uri), max_size=None)
        self._request = self.protocol.connect()
        for name, value in headers.items():
            self._request.headers[name] = value
        self.opened = loop.create_future()
        self.closed = loop.create_future()
        self._on_message: Optional[Callable] = on_message
        self._held: Optional[list] = []  # messages received before start_delivery() (None: delivering)
        self._fragments: Optional[list] = None
        self._text = False
        self._transport: Optional[asyncio.Transport] = None

    # -- asyncio.Protocol
    def connection_made(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self.protocol.send_request(self._request)
        self._write()

    def data_received(self, data: bytes) -> None:
        self.protocol.receive_data(data)
        self._handle_events()
        self._write()

    def eof_received(self) -> None:
        self.protocol.receive_eof()
        self._handle_events()
        self._write()

    def connection_lost(self, error: Optional[Exception]) -> None:
        if not self.opened.done():
            self.opened.set_exception(error or ConnectionError("the server closed the connection"))
        if not self.closed.done():
            self.closed.set_result(None)
        self._on_message = None

    # -- messages
    def start_delivery(self) -> None:
        """Hands on the messages received with the handshake, then every message as it comes."""
        held, self._held = self._held, None
        for message in held or ():
            self._on_message(message)

    def send(self, payload: Union[str, bytes]) -> None:
        if isinstance(payload, str):
            self.protocol.send_text(payload.encode("utf-8"))
        else:
            self.protocol.send_binary(payload)
        self._write()

    def close(self, code: int = 1000) -> None:
        if self.protocol.state.name == "OPEN":
            self.protocol.send_close(code)
            self._write()
        elif self._transport is not None:
            self._transport.close()

    def is_open(self) -> bool:
        return self.protocol.state.name == "OPEN" and not self.closed.done()

    def _handle_events(self) -> None:
        for event in self.protocol.events_received():
            if isinstance(event, Response):
                if self.protocol.handshake_exc is not None:
                    self.opened.set_exception(self.protocol.handshake_exc)
                elif not self.opened.done():
                    self.opened.set_result(None)
            elif isinstance(event, Frame):
                self._on_frame(event)

    def _on_frame(self, frame: Frame) -> None:
        opcode = frame.opcode
        if opcode is Opcode.TEXT or opcode is Opcode.BINARY:
            if frame.fin:
                self._deliver(frame.data, opcode is Opcode.TEXT)
            else:
                self._fragments, self._text = [frame.data], opcode is Opcode.TEXT
        elif opcode is Opcode.CONT and self._fragments is not None:
            self._fragments.append(frame.data)
            if frame.fin:
                data, self._fragments = b"".join(self._fragments), None
                self._deliver(data, self._text)

    def _deliver(self, data: bytes, text: bool) -> None:
        message = data.decode("utf-8", "replace") if text else bytes(data)
        if self._held is not None:
            self._held.append(message)
        elif self._on_message is not None:
            self._on_message(message)

    def _write(self) -> None:
        transport = self._transport
        if transport is None:
            return
        for data in self.protocol.data_to_send():
            if data:
                transport.write(data)
            elif transport.can_write_eof():
                transport.write_eof()
        if self.protocol.close_expected() or self.protocol.state.name == "CLOSED":
            asyncio.get_running_loop().call_later(1.0, transport.close)  # the server closes first, else we do


async def open_connection(uri: str, headers: Dict[str, str], on_message, timeout: float) -> Connection:
    """Connects to ``uri`` and completes the opening handshake within ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    target = parse_uri(uri)
    context = ssl.create_default_context() if target.secure else None
    connection = Connection(uri, headers, on_message)

    async def connect():
        await loop.create_connection(lambda: connection, target.host, target.port, ssl=context,
                                     server_hostname=target.host if context else None)
        await connection.opened

    try:
        await asyncio.wait_for(connect(), timeout)
    except BaseException:
        connection.close()
        raise
    return connection


def reason(error: BaseException) -> str:
    """A short reason for a failed connection attempt ("Connection refused", "HTTP 404", ...)."""
    if isinstance(error, InvalidStatus):
        return f"HTTP {error.response.status_code} {error.response.reason_phrase}"
    if isinstance(error, (asyncio.TimeoutError, TimeoutError)):
        return "timed out"
    if isinstance(error, OSError) and error.errno:
        return os.strerror(error.errno)
    return str(error) or type(error).__name__

"""Types of the websocket adapters: status codes and header updates."""

from enum import IntEnum

from csp.impl.struct import Struct

__all__ = ["WebsocketHeaderUpdate", "WebsocketStatus"]


class WebsocketStatus(IntEnum):
    """``status_code`` of the Status events a WebsocketAdapterManager ticks."""

    ACTIVE = 0             # connected (level INFO)
    GENERIC_ERROR = 1      # a message that could not be converted was skipped (level ERROR)
    CONNECTION_FAILED = 2  # connecting failed; retried after the reconnect interval (level ERROR)
    CLOSED = 3             # the connection closed; reconnecting after the reconnect interval (level INFO)
    MESSAGE_SEND_FAIL = 4  # a value could not be converted or sent (level ERROR)


class WebsocketHeaderUpdate(Struct):
    """A header to send from the next connection on (``value`` "" removes it)."""

    key: str
    value: str

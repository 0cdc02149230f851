"""A leak listener: TCP and UDP sockets on 127.0.0.1 that record whatever reaches them.

Attack tests point hostile pages at it (an image beacon, a prefetch, a STUN or TURN server, a
WebSocket) and assert that it received nothing. A TCP connection is recorded even when it sends
no bytes (a DNS-free ``connect`` is already a signal); HTTP requests get a tiny 200 answer so that
a leak, if there is one, looks successful to the page.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Self

OK_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


@dataclass(frozen=True)
class Contact:
    """One thing that reached the listener: ``kind`` is ``"tcp"`` or ``"udp"``; ``data`` its first bytes."""

    kind: str
    data: bytes


class LeakListener:
    """Listens on a free TCP port and a free UDP port of 127.0.0.1 until ``close``."""

    def __init__(self) -> None:
        self.contacts: list[Contact] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._tcp.bind(("127.0.0.1", 0))
        self._tcp.listen(64)
        self._tcp.settimeout(0.2)
        self._udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._udp.bind(("127.0.0.1", 0))
        self._udp.settimeout(0.2)
        self.tcp_port = int(self._tcp.getsockname()[1])
        self.udp_port = int(self._udp.getsockname()[1])
        self._threads = [
            threading.Thread(target=self._accept, name="leak-tcp", daemon=True),
            threading.Thread(target=self._receive, name="leak-udp", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<tcp port>``: where HTTP, WebSocket and TURN-over-TCP leaks would go."""
        return f"http://127.0.0.1:{self.tcp_port}"

    def seen(self) -> list[Contact]:
        with self._lock:
            return list(self.contacts)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self._tcp.close()
        self._udp.close()

    def _record(self, kind: str, data: bytes) -> None:
        with self._lock:
            self.contacts.append(Contact(kind, data[:200]))

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._tcp.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1.0)
                try:
                    data = connection.recv(4096)
                except OSError:
                    data = b""
                self._record("tcp", data)
                with contextlib.suppress(OSError):  # a TURN client does not wait for an answer
                    connection.sendall(OK_RESPONSE)

    def _receive(self) -> None:
        while not self._stopping.is_set():
            try:
                data, _ = self._udp.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            self._record("udp", data)

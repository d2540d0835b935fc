"""Bytes on the wire of the websocket, through a counting TCP relay in front of the server.

Playwright shows websocket frames after decompression; what a slow network carries is what the
server writes to the socket. The relay forwards every connection to the server and counts the
bytes the server sends on the connections that open Streamlit's websocket.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

WEBSOCKET_PATH = b"/_stcore/stream"


class CountingRelay:
    """A TCP relay on a free local port; ``websocket_bytes`` counts server → browser bytes."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.websocket_bytes = 0
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = 0

    async def _pipe(self, reader, writer, count: bool) -> None:
        try:
            while data := await reader.read(65536):
                if count:
                    self.websocket_bytes += len(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            if not self.loop.is_closed():
                writer.close()

    async def _handle(self, client_reader, client_writer) -> None:
        try:
            first = await client_reader.read(65536)
            server_reader, server_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
            server_writer.write(first)
            is_websocket = first.split(b"\r\n", 1)[0].split(b" ")[1:2] == [WEBSOCKET_PATH]
            await asyncio.gather(
                self._pipe(client_reader, server_writer, False),
                self._pipe(server_reader, client_writer, is_websocket),
            )
        except (ConnectionError, asyncio.CancelledError):
            client_writer.close()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        server = self.loop.run_until_complete(asyncio.start_server(self._handle, sock=listener))
        self.ready.set()
        self.loop.run_forever()
        server.close()
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()

    @contextmanager
    def running(self) -> Iterator[str]:
        thread = threading.Thread(target=self._serve, daemon=True)
        thread.start()
        self.ready.wait()
        try:
            yield f"http://127.0.0.1:{self.port}"
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            thread.join(timeout=10)

"""A local HTTP server in a thread of the test process, stopped again without a wait.

``ThreadingHTTPServer.shutdown()`` returns only once ``serve_forever`` next looks at its flag,
and by default it looks every half second: about 0.3-0.5 s lost per server, for nothing. Here it
looks every 20 ms (an idle ``select`` each time: no measurable CPU).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POLL_INTERVAL_S = 0.02


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler] | object) -> Iterator[ThreadingHTTPServer]:
    """``handler`` served on 127.0.0.1 and a free port while inside; yield the server (its
    port is ``server.server_address[1]``). Request threads are daemons: a test's server that
    never stops sending cannot hold the process."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL_S}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_url(server: ThreadingHTTPServer) -> str:
    """``http://127.0.0.1:<port>`` of ``server``, without a trailing slash."""
    return f"http://127.0.0.1:{server.server_address[1]}"

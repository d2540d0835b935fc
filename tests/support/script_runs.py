"""Script runs seen on the wire: the rerun requests a page sends and the runs the server finishes.

Watching the page's DOM for its "running" state misses short runs: when the browser is busy,
Streamlit's frontend can handle a whole run's messages in one task and React draws only the end
state. The websocket frames say exactly what happened, in order.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


@dataclass
class ScriptRuns:
    """Counts a page's rerun requests and the runs the server finished after each of them."""

    page: object
    requests: int = 0
    # (requests sent so far, status) for every script_finished message, in order
    finished: list[tuple[int, int]] = field(default_factory=list)
    # the messages of exceptions the server drew (st.exception, or an uncaught error)
    exceptions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("websocket", self._watch)

    def stop(self) -> None:
        self.page.remove_listener("websocket", self._watch)

    def _watch(self, socket) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, bytes):
            message = BackMsg.FromString(payload)
            if message.WhichOneof("type") == "rerun_script":
                self.requests += 1

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg.FromString(payload)
            kind = message.WhichOneof("type")
            if kind == "script_finished":
                self.finished.append((self.requests, message.script_finished))
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "exception":
                    self.exceptions.append(element.exception.message)

    def wait_for_run_after(self, requests_before: int, timeout: float = 30.0) -> None:
        """Wait until a rerun request sent after ``requests_before`` requests has been answered
        by a run that finished normally (a run stopped for a newer request does not count)."""
        deadline = time.monotonic() + timeout
        while not any(
            sent > requests_before and status == ForwardMsg.FINISHED_SUCCESSFULLY
            for sent, status in self.finished
        ):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no finished run after request {requests_before} within {timeout} s: "
                    f"{self.requests} requests sent, runs finished {self.finished}"
                )
            self.page.wait_for_timeout(50)  # lets Playwright deliver the socket's events

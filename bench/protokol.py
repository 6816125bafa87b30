"""A reader without a browser, for bench.last: one Streamlit session driven over the app's own websocket protocol.

It asks for a page as the browser does when a sidebar link is clicked (a BackMsg rerun_script with the page's
script hash and the query string the app last wrote) and times it until the server says the script finished. The
server does all it does for a browser: it runs the page script, builds and serialises every figure and sends every
element. What is left out is the browser's part: parsing the messages and drawing the charts. On a machine where the
readers' browsers share the server's cores, that is what tells the server's share of a page time apart from the
browsers' (bench.last --zonder-browser).
"""

from __future__ import annotations

import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect


class PageError(RuntimeError):
    """The server could not show the page (not found, or the script did not compile)."""


class Lezer:
    """One session. `await Lezer.open(url)` opens the first page (Overzicht) like a newcomer."""

    def __init__(self, url: str, ws: ClientConnection) -> None:
        self.url = url
        self._ws = ws
        self._pages: dict[str, tuple[str, str]] = {}   # sidebar title -> (page_script_hash, url path)
        self._query = ""
        self.metrics = ""    # the key figures (st.metric values) of the page shown last, joined by " | "
        self.errors = 0      # exception elements on the page shown last

    @classmethod
    async def open(cls, url: str) -> Lezer:
        # The server accepts a websocket only from its own origin; "streamlit" is the subprotocol its frontend asks.
        ws = await connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], origin=url,
                           max_size=None, open_timeout=180)
        reader = cls(url, ws)
        await reader._run("", "")
        return reader

    @property
    def pages(self) -> list[str]:
        """The sidebar's titles, in the order of the app's navigation."""
        return list(self._pages)

    async def visit(self, title: str) -> float:
        """Seconds from asking for the page to the end of its script (the page's metrics and errors are kept)."""
        page_hash, path = self._pages[title]
        return await self._run(page_hash, path)

    async def close(self) -> None:
        await self._ws.close()

    async def _run(self, page_hash: str, path: str) -> float:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self._query
        state.page_script_hash = page_hash
        state.page_name = path
        state.widget_states.SetInParent()
        started = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        metrics: list[str] = []
        errors = 0
        while True:
            received = ForwardMsg()
            received.ParseFromString(await self._ws.recv())
            kind = received.WhichOneof("type")
            if kind == "navigation":
                self._pages = {p.page_name: (p.page_script_hash, p.url_pathname) for p in received.navigation.app_pages}
            elif kind == "page_info_changed":
                self._query = received.page_info_changed.query_string
            elif kind == "page_not_found":
                raise PageError(f"page not found: {path}")
            elif kind == "delta" and received.delta.WhichOneof("type") == "new_element":
                element = received.delta.new_element
                if element.WhichOneof("type") == "metric":
                    metrics.append(element.metric.body)
                elif element.WhichOneof("type") == "exception":
                    errors += 1
            elif kind == "script_finished":
                status = received.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise PageError(f"the script of {path or 'the main page'} did not compile")
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    seconds = time.perf_counter() - started
                    self.metrics, self.errors = " | ".join(metrics), errors
                    return seconds
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:   # st.rerun/switch_page: the page comes anew
                    metrics, errors = [], 0

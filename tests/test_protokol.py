"""The load run's reader without a browser (bench/protokol.py) against the shared example server: it speaks
Streamlit's websocket protocol well enough to open the app, see Overzicht's key figures, and walk every page of the
sidebar (the same list the browser readers click) without an exception element on any of them."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import last, protokol
from tests.browser_util import Server

pytestmark = pytest.mark.browser   # it needs the example server the browser tests share


def test_protocol_reader_walks_every_page(example_server: Server) -> None:
    async def walk() -> tuple[list[str], str, dict[str, int]]:
        reader = await protokol.Lezer.open(example_server.url)
        try:
            pages, metrics = reader.pages, reader.metrics
            errors = {}
            for title in last.PAGES:
                await reader.visit(title)
                errors[title] = reader.errors
            return pages, metrics, errors
        finally:
            await reader.close()

    # In a thread of its own: Playwright's sync API, used by other tests in this process, leaves an event loop
    # running in the main thread, where asyncio.run() refuses to start another.
    with ThreadPoolExecutor(1) as pool:
        pages, metrics, errors = pool.submit(asyncio.run, walk()).result()
    assert pages == last.PAGES   # the load run walks all of the app's pages, in the sidebar's order
    # Overzicht's four key figures, as the page shows them (Dutch notation).
    values = metrics.split(" | ")
    assert len(values) == 4, metrics
    assert re.fullmatch(r"€ \d[\d.]*(,\d+)? mln", values[0]), values[0]
    assert errors == dict.fromkeys(last.PAGES, 0)


"""The load run's reader without a browser (bench/protokol.py) against the shared example server: it speaks
Streamlit's websocket protocol well enough to open the app, see Overzicht's key figures, and walk every page of the
sidebar (the same list the browser readers click) without an exception element on any of them."""

from __future__ import annotations

import asyncio
import re

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

    pages, metrics, errors = asyncio.run(walk())
    assert pages == last.PAGES   # the load run walks all of the app's pages, in the sidebar's order
    # Overzicht's four key figures, as the page shows them (Dutch notation).
    values = metrics.split(" | ")
    assert len(values) == 4, metrics
    assert re.fullmatch(r"€ \d[\d.]*(,\d+)? mln", values[0]), values[0]
    assert errors == dict.fromkeys(last.PAGES, 0)


"""What each page shows, as data: one module per page with a typed result and one `load(con, sel, ...)` that
runs the page's queries and shapes their frames. The page draws it (through dashboard.state.load, which caches
it per data version), bench/ times it (bench/pages.py) and the tests assert on it — one way for data to reach a
page."""

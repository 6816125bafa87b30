"""Reading, checking and importing uploaded files (see ARCHITECTURE.md).

Arrow's default memory pool (mimalloc) is slow to hand out its first large blocks: the first hash of a
million-value column in a fresh process took 0,8 s with it against 0,17 s with the C library's malloc, and a
1M-row import 15,2 s against 18,2 s (bench.importeren). Every Arrow allocation of the process (the fast path's
columns, pandas' Arrow-backed strings) therefore uses the system pool."""

import pyarrow as pa

pa.set_memory_pool(pa.system_memory_pool())

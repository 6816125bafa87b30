"""Counting events per key over a sliding time window: the one mechanism behind the login throttle and the
limit on slides added per minute. No Streamlit here; the clock is injected so tests need not sleep."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable


class SlidingWindow:
    """At most `limit` events per key within `seconds`; thread-safe (sessions run in their own threads).

    Memory stays bounded: events older than the window are forgotten, and beyond `max_keys` keys the one
    touched longest ago goes first, so a flood of new sources cannot grow it without end."""

    def __init__(self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000) -> None:
        self.limit = limit
        self.seconds = seconds
        self._clock = clock
        self._max_keys = max_keys
        self._events: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: Hashable) -> None:
        """Record one event for `key` now."""
        with self._lock:
            self._record(key)

    def wait(self, key: Hashable) -> float:
        """Seconds until `key` is below its limit again; 0 when it is below now."""
        with self._lock:
            events = self._current(key)
            if len(events) < self.limit:
                return 0.0
            # The oldest event that keeps the count at the limit has to leave the window first.
            return events[len(events) - self.limit] + self.seconds - self._clock()

    def allow(self, key: Hashable) -> bool:
        """Record an event when `key` is below its limit; False (and nothing recorded) when it is not."""
        with self._lock:
            if len(self._current(key)) >= self.limit:
                return False
            self._record(key)
            return True

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._events.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._events.clear()

    def size(self) -> int:
        with self._lock:
            return len(self._events)

    def _record(self, key: Hashable) -> None:
        """Add an event now (the caller holds the lock)."""
        events = self._current(key)
        events.append(self._clock())
        self._events[key] = events
        self._events.move_to_end(key)
        while len(self._events) > self._max_keys:
            self._events.popitem(last=False)

    def _current(self, key: Hashable) -> deque[float]:
        """The events of `key` still inside the window (the caller holds the lock)."""
        events = self._events.get(key, deque())
        cutoff = self._clock() - self.seconds
        while events and events[0] <= cutoff:
            events.popleft()
        if not events:
            self._events.pop(key, None)
        return events

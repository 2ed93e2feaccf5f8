"""pyHanko's synchronous API calls ``asyncio.run``, which fails inside a running event loop
(an async server, a Playwright-driven test). Such calls run in a worker thread instead."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(func: Callable[[], T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func).result()

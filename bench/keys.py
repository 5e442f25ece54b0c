"""Keys into a running app, timed to the screen showing their effect.

Pilot.press adds its own settling waits (around 100 ms, and far more on a slow machine), so
the benches post keys as the terminal driver does and wait for the refresh themselves.
Only public Textual API: a Key event posted to the app, and call_after_refresh.
"""

from __future__ import annotations

import asyncio
import time


async def keypress(app, key: str, character: str | None, done, timeout: float = 10.0) -> float:
    """Seconds from a key event entering the app to the refreshed screen showing its effect:
    the clock stops at the first refresh after `done()` holds."""
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter()
    app.post_message(key_event(app, key, character))
    deadline = t0 + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"nothing happened after {key!r}")
        await asyncio.sleep(0)
    refreshed = loop.create_future()
    app.call_after_refresh(lambda: refreshed.done() or refreshed.set_result(None))
    await refreshed
    return time.perf_counter() - t0


def key_event(app, key: str, character: str | None):
    """A key as the driver sends it: from the app. One made inside a widget's context would
    carry that widget as its sender, and stop bubbling when it got back to it."""
    from textual import events

    return events.Key(key, character).set_sender(app)

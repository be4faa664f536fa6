"""A progress bar on stderr for the CLI: drawn on a terminal, silent otherwise.

Library functions take an ``on_progress(done, total)`` callback; the CLI owns
the bar that draws it, so library code never writes to the terminal.
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager


@contextmanager
def progress_bar(label: str, *, stream=None, min_interval: float = 0.1):
    """Yield an ``on_progress(done, total)`` callback that draws a bar on a TTY.

    Examples
    --------
    >>> import io
    >>> with progress_bar("extracting", stream=io.StringIO()) as on_progress:
    ...     on_progress(1, 2)
    """
    stream = stream or sys.stderr
    drawing = hasattr(stream, "isatty") and stream.isatty()
    state = {"last": 0.0, "drawn": False}

    def on_progress(done: int, total: int | None = None) -> None:
        if not drawing:
            return
        now = time.monotonic()
        if now - state["last"] < min_interval and done != total:
            return
        state["last"] = now
        if total:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            stream.write(f"\r{label} [{bar}] {done:,}/{total:,}")
        else:
            stream.write(f"\r{label} {done:,}")
        stream.flush()
        state["drawn"] = True

    try:
        yield on_progress
    finally:
        if state["drawn"]:
            stream.write("\n")
            stream.flush()

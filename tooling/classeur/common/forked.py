"""Work handed to a forked process: a core that would sit idle takes half of it."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a forked helper can run beside this process on another core."""
    return "fork" in multiprocessing.get_all_start_methods() and multiprocessing.cpu_count() > 1


class Forked(Generic[T]):
    """A forked process running `task`; its result is read once, when first needed.

    The result comes back pickled through a pipe. None when the process died
    without one; `stop` ends a process whose result nobody will read.
    """

    def __init__(self, task: Callable[[], T]) -> None:
        self._done = False
        self._result: T | None = None
        reading, writing = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the helper: never returns
            os.close(reading)
            status = 0
            try:
                with os.fdopen(writing, "wb") as out:
                    pickle.dump(task(), out, pickle.HIGHEST_PROTOCOL)
            except BaseException:  # the caller then does the work itself
                status = 1
            os._exit(status)
        os.close(writing)
        self._reading = reading

    def result(self) -> T | None:
        """The task's result (waits for the helper the first time)."""
        if not self._done:
            self._done = True
            try:
                with os.fdopen(self._reading, "rb") as source:
                    self._result = pickle.load(source)
            except (EOFError, pickle.UnpicklingError):
                self._result = None
            os.waitpid(self._pid, 0)
        return self._result

    def stop(self) -> None:
        """End the helper if its result was never read (a failed build)."""
        if not self._done:
            self._done = True
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(self._reading)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)


def split_by_weight(items: Sequence[Any], weight: Callable[[Any], int]) -> list[Any]:
    """The items after the middle of the total weight (the helper's share)."""
    weights = [weight(item) for item in items]
    half, running = sum(weights) / 2, 0
    for index, size in enumerate(weights):
        running += size
        if running >= half:
            return list(items[index + 1 :])
    return []

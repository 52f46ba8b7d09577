"""Work handed to a forked process: a core that would sit idle takes half of it.

A helper loses nothing its caller would have had: the records it logs at
WARNING or above come back with its result and are emitted in the caller's
process (where MkDocs counts them for `strict`). It is never forked from a
process running other threads (a lock another thread holds would stay held in
the child forever), and it is never waited for without a deadline: past it,
the helper is killed and the caller does the work itself.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import multiprocessing
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from classeur.common.i18n import _

T = TypeVar("T")
Item = TypeVar("Item")

# How long a helper may keep its caller waiting, at least: more when the caller
# took longer to do its own half (the helper's half is as large).
PATIENCE = 180.0
_EXIT_GRACE = 5.0  # seconds for a helper that has sent its result to exit
# The root logger, and MkDocs' own, which `mkdocs build` stops from propagating.
_LOGGERS = ("", "mkdocs")

log = logging.getLogger(__name__)


def can_fork() -> bool:
    """Whether a forked helper can run beside this process on another core."""
    return is_fork_safe() and multiprocessing.cpu_count() > 1


def is_fork_safe() -> bool:
    """Whether this process may fork: the system can, and no other thread runs here."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class Forked(Generic[T]):
    """A forked process running `task`; its result is read once, when first needed.

    The result comes back pickled through a pipe, with the records the helper
    logged, emitted here when it is read. None when the process died without
    one, gave none in time, or could not be forked (this process runs other
    threads); `stop` ends a process whose result nobody will read.
    """

    def __init__(self, task: Callable[[], T]) -> None:
        self._done = False
        self._result: T | None = None
        self._started = time.monotonic()
        self._pid = 0
        if not is_fork_safe():
            self._done = True  # no helper: the caller does the work
            return
        reading, writing = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the helper: never returns
            # The collector would walk every object inherited and so copy the pages they
            # sit on: frozen, they stay shared with the caller.
            gc.freeze()
            os.close(reading)
            os._exit(_run_and_send(task, writing))
        os.close(writing)
        self._reading = reading

    def result(self, timeout: float | None = None) -> T | None:
        """The task's result (waits for the helper the first time, `timeout` seconds at most)."""
        if not self._done:
            self._done = True
            limit = timeout if timeout is not None else self._patience()
            data = _read_until(self._reading, time.monotonic() + limit)
            os.close(self._reading)
            if data is None:
                log.warning(
                    _(
                        "a helper process gave no result within {seconds:.3g} s: this process "
                        "does its share."
                    ).format(seconds=limit)
                )
            _reap(self._pid, _EXIT_GRACE if data is not None else 0.0)
            self._result = self._received(data)
        return self._result

    def stop(self) -> None:
        """End the helper if its result was never read (a failed build)."""
        if not self._done:
            self._done = True
            with contextlib.suppress(OSError):
                os.close(self._reading)
            _reap(self._pid, 0.0)

    def _patience(self) -> float:
        return max(PATIENCE, time.monotonic() - self._started)

    @staticmethod
    def _received(data: bytes | None) -> T | None:
        if not data:
            return None
        try:
            received: tuple[T, list[logging.LogRecord]] = pickle.loads(data)
        except (EOFError, pickle.UnpicklingError):
            return None
        value, records = received
        replay(records)
        return value


def _run_and_send(task: Callable[[], Any], writing: int) -> int:
    """In the helper: run the task, send its result and its records; the exit status."""
    try:
        records: list[logging.LogRecord] = []
        with kept_logs(records):
            value = task()
        data = pickle.dumps((value, records), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as out:
            out.write(data)
    except BaseException:  # the caller then does the work itself (and logs what it logs)
        return 1
    return 0


def _read_until(reading: int, deadline: float) -> bytes | None:
    """Everything written to `reading` until its end, or None if the deadline comes first."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([reading], [], [], remaining)[0]:
            return None
        chunk = os.read(reading, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int, grace: float) -> None:
    """Wait for the helper to exit, killing it once `grace` seconds have passed."""
    deadline = time.monotonic() + grace
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(pid, os.WNOHANG)[0] == 0:
            if time.monotonic() >= deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return
            time.sleep(0.001)


class _Keeper(logging.Handler):
    """Takes the records at WARNING or above for the innermost `kept_logs` block."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.stack: list[list[logging.LogRecord]] = []
        self._last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record is self._last:  # it reached both loggers
            return
        self._last = record
        if self.stack:
            self.stack[-1].append(_portable(record))

    def attach(self) -> None:
        """Take the records from the loggers' other handlers (in this process only)."""
        for name in _LOGGERS:
            logger = logging.getLogger(name)
            for handler in logger.handlers:
                handler.addFilter(_below_warning)
            logger.addHandler(self)

    def detach(self) -> None:
        """Give the loggers' handlers their records back."""
        for name in _LOGGERS:
            logger = logging.getLogger(name)
            logger.removeHandler(self)
            for handler in logger.handlers:
                handler.removeFilter(_below_warning)


_KEEPER = _Keeper()


@contextlib.contextmanager
def kept_logs(into: list[logging.LogRecord]) -> Iterator[None]:
    """Records at WARNING or above logged in the block go to `into`, not to the handlers.

    Whoever receives them emits them with `replay`. In a helper, records kept
    by an inner block do not come back with its result: they travel with
    whatever the inner block made (a page's conversion).
    """
    outermost = not _KEEPER.stack
    if outermost:
        _KEEPER.attach()
    _KEEPER.stack.append(into)
    try:
        yield
    finally:
        _KEEPER.stack.pop()
        if outermost:
            _KEEPER.detach()


def replay(records: Iterable[logging.LogRecord]) -> None:
    """Emit records logged in another process (or kept) as if they were logged here."""
    for record in records:
        logging.getLogger(record.name).handle(record)


def _below_warning(record: logging.LogRecord) -> bool:
    return record.levelno < logging.WARNING


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    """A copy that pickles: its message formatted, its exception as text."""
    copy = logging.makeLogRecord(record.__dict__)
    copy.msg, copy.args = record.getMessage(), None
    if record.exc_info and not record.exc_text:
        copy.exc_text = logging.Formatter().formatException(record.exc_info)
    copy.exc_info = None
    return copy


def shared(
    items: Sequence[Item],
    run: Callable[[Sequence[Item]], list[T]],
    weight: Callable[[Item], int],
    *,
    at_least: int,
) -> list[T]:
    """`run(items)`, split by `weight` between this process and a forked helper per other core.

    The results come in the order of `items` (this process runs the first part).
    Below `at_least` items, or where no helper can run, this process does it all;
    a part whose helper fails or gives nothing in time is run here too.
    """
    if len(items) < at_least or not can_fork():
        return run(items)
    parts = split_in_parts(items, weight, min(multiprocessing.cpu_count(), _MAX_PARTS))
    helpers = [Forked(functools.partial(run, part)) for part in parts[1:]]
    try:
        done = run(parts[0])
    except BaseException:
        for helper in helpers:
            helper.stop()
        raise
    for helper, part in zip(helpers, parts[1:], strict=True):
        helped = helper.result()
        done += helped if helped is not None else run(part)
    return done


_MAX_PARTS = 8  # past this, forking and gathering cost more than the cores save


def split_in_parts(
    items: Sequence[Item], weight: Callable[[Item], int], count: int
) -> list[list[Item]]:
    """`items` cut, in order, into `count` parts of about the same total weight."""
    weights = [weight(item) for item in items]
    total, running, cut = sum(weights) or 1, 0, 0
    parts: list[list[Item]] = []
    for index, size in enumerate(weights):
        running += size
        if running * count >= total * (len(parts) + 1) and len(parts) < count - 1:
            parts.append(list(items[cut : index + 1]))
            cut = index + 1
    parts.append(list(items[cut:]))
    return parts


def split_by_weight(items: Sequence[Any], weight: Callable[[Any], int]) -> list[Any]:
    """The items after the middle of the total weight (the helper's share)."""
    weights = [weight(item) for item in items]
    half, running = sum(weights) / 2, 0
    for index, size in enumerate(weights):
        running += size
        if running >= half:
            return list(items[index + 1 :])
    return []

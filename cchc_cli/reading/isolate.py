"""One bad file never costs the others: run a task per item in worker processes with memory and time caps.

A worker that dies (killed by the kernel, aborted by a native library, out of its address-space limit) or runs
past the time cap is replaced; its item gets ``on_failure(item, reason)`` instead of a result, and the run goes
on. In-process (one worker) every exception of the task is caught the same way and a time cap is kept with
SIGALRM when running in the main thread.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

try:
    import resource
except ImportError:  # Windows: no address-space limit; the reader's own caps still bound a file
    resource = None  # type: ignore[assignment]

Item = TypeVar("Item")
Result = TypeVar("Result")

TIME_CAP_S = 120.0  # one file; a real return reads in milliseconds
MEMORY_CAP_BYTES = 1536 * 1024 * 1024  # address space a worker may add to what it has at start

REASON_CRASH = "tệp làm chương trình đọc bị dừng đột ngột (có thể tệp hỏng hoặc bất thường)"
REASON_MEMORY = "đọc tệp cần quá nhiều bộ nhớ"
REASON_TIME = "đọc tệp quá lâu (quá {seconds:.0f} giây)"
REASON_BUG = "lỗi không lường trước khi đọc tệp ({kind})"


class _Timeout(Exception):
    pass


def _limit_memory(cap: int) -> None:
    """Cap this process's address space at its current size plus ``cap`` bytes (Linux; elsewhere no-op)."""
    try:
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return  # no /proc (macOS, Windows): no reliable base to add the cap to
    if resource is None or not hasattr(resource, "RLIMIT_AS"):
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + cap
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _serve(
    conn: Connection, initializer: Callable[..., None], initargs: tuple, task: Callable[[Any], Any], cap: int
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    initializer(*initargs)
    _limit_memory(cap)
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, item = msg
        try:
            out: tuple[str, Any] = ("ok", task(item))
        except MemoryError:
            out = ("fail", REASON_MEMORY)
        except RecursionError:
            out = ("fail", REASON_BUG.format(kind="RecursionError"))
        except Exception as exc:
            out = ("fail", REASON_BUG.format(kind=type(exc).__name__))
        try:
            conn.send((index, out))
        except MemoryError:
            conn.send((index, ("fail", REASON_MEMORY)))


def run_in_process(
    items: Sequence[Item],
    task: Callable[[Item], Result],
    on_failure: Callable[[Item, str], Result],
    time_cap: float = TIME_CAP_S,
) -> Iterator[Result]:
    """Each item's result in order; an exception or a run past ``time_cap`` becomes ``on_failure``."""
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    for item in items:
        previous: Any = None
        if use_alarm:

            def _raise(_signum: int, _frame: Any) -> None:
                raise _Timeout

            previous = signal.signal(signal.SIGALRM, _raise)
            signal.setitimer(signal.ITIMER_REAL, time_cap)
        try:
            result = task(item)
        except _Timeout:
            result = on_failure(item, REASON_TIME.format(seconds=time_cap))
        except MemoryError:
            result = on_failure(item, REASON_MEMORY)
        except RecursionError:
            result = on_failure(item, REASON_BUG.format(kind="RecursionError"))
        except Exception as exc:
            result = on_failure(item, REASON_BUG.format(kind=type(exc).__name__))
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        yield result


class _Slot:
    def __init__(self, ctx: Any, initializer: Callable[..., None], initargs: tuple, task: Callable, cap: int) -> None:
        parent, child = ctx.Pipe()
        self.conn: Connection = parent
        self.proc = ctx.Process(target=_serve, args=(child, initializer, initargs, task, cap), daemon=True)
        self.proc.start()
        child.close()
        self.job: tuple[int, float] | None = None  # (index, started)

    def stop(self, kill: bool = False) -> None:
        if kill:
            with contextlib.suppress(OSError):
                self.proc.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def run_in_workers(
    items: Sequence[Item],
    task: Callable[[Item], Result],
    on_failure: Callable[[Item, str], Result],
    *,
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple = (),
    time_cap: float = TIME_CAP_S,
    memory_cap: int = MEMORY_CAP_BYTES,
) -> Iterator[tuple[int, Result]]:
    """(index, result) for every item, in completion order, from ``workers`` capped worker processes."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    pending = list(range(len(items)))[::-1]
    slots = [_Slot(ctx, initializer, initargs, task, memory_cap) for _ in range(min(workers, len(items)))]
    try:
        for slot in slots:
            if pending:
                _give(slot, pending.pop(), items)
        while any(s.job for s in slots):
            busy = {s.conn: s for s in slots if s.job}
            now = time.monotonic()
            next_deadline = min(s.job[1] + time_cap for s in busy.values() if s.job) - now
            ready = wait(list(busy), timeout=max(0.01, next_deadline))
            for conn in ready:
                slot = busy[conn]  # type: ignore[index]
                assert slot.job is not None
                index = slot.job[0]
                try:
                    got_index, (status, payload) = slot.conn.recv()
                except (EOFError, OSError):
                    yield index, on_failure(items[index], _died(slot))
                    slots[slots.index(slot)] = slot = _restart(slot, ctx, initializer, initargs, task, memory_cap)
                else:
                    slot.job = None
                    yield got_index, payload if status == "ok" else on_failure(items[got_index], payload)
                if pending:
                    _give(slot, pending.pop(), items)
            now = time.monotonic()
            for i, slot in enumerate(slots):
                if slot.job and now - slot.job[1] > time_cap:
                    index = slot.job[0]
                    slot.stop(kill=True)
                    yield index, on_failure(items[index], REASON_TIME.format(seconds=time_cap))
                    slots[i] = _Slot(ctx, initializer, initargs, task, memory_cap)
                    if pending:
                        _give(slots[i], pending.pop(), items)
    finally:
        for slot in slots:
            slot.stop(kill=slot.job is not None)


def _give(slot: _Slot, index: int, items: Sequence[Any]) -> None:
    slot.job = (index, time.monotonic())
    slot.conn.send((index, items[index]))


def _died(slot: _Slot) -> str:
    slot.proc.join(5)
    code = slot.proc.exitcode
    fatal = {-getattr(signal, name, 0) for name in ("SIGKILL", "SIGSEGV", "SIGABRT")} - {0}
    return REASON_MEMORY if code in fatal else REASON_CRASH


def _restart(
    slot: _Slot, ctx: Any, initializer: Callable[..., None], initargs: tuple, task: Callable, cap: int
) -> _Slot:
    slot.stop(kill=True)
    return _Slot(ctx, initializer, initargs, task, cap)

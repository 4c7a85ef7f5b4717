"""Worker processes that may die, each file's result back in order.

multiprocessing.Pool loses the task of a worker the OS kills (the OOM killer
sends SIGKILL): the run then waits for it forever. Here the main process
knows which files each worker holds (at most DEPTH, checked in the order
sent), so when a worker dies the file it was checking is reported as failed
(`lost(item, reason)` makes its result), the files queued behind it go to
the other workers, a new worker takes its place, and the run finishes.

Workers ignore SIGINT, SIGTERM and SIGHUP: the main process decides (it
stops them when it is interrupted), and a worker whose main process is gone
sees its pipe close and ends quietly, with no traceback.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from contextlib import contextmanager
from typing import Callable, Iterator

DEPTH = 2  # files held by a worker: one being checked, one waiting, so no worker idles
MAX_DEATHS_IDLE = 8  # workers dying while holding nothing: something is wrong with starting them


class PoolBroken(Exception):
    """Workers die before they check anything: the run cannot go on."""


def _serve(conn, initializer, initargs, function) -> None:
    for number in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if number is not None:
            signal.signal(number, signal.SIG_IGN)
    try:
        initializer(*initargs)
        while True:
            task = conn.recv()
            if task is None:
                return
            index, item = task
            conn.send((index, function(item)))
    except (EOFError, OSError):
        return  # the main process is gone, or stopped us


class _Worker:
    def __init__(self, context, initializer, initargs, function):
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, initializer, initargs, function), daemon=True)
        self.process.start()
        theirs.close()
        self.held: deque = deque()  # (index, item) sent and not yet answered, in order

    def give(self, task) -> bool:
        """Send a task; False when the worker is gone (its death is handled once it is seen)."""
        try:
            self.conn.send(task)
        except OSError:
            return False
        self.held.append(task)
        return True

    def receive(self, done: dict) -> bool:
        """Store every answer waiting in the pipe; False once the pipe is closed."""
        try:
            while self.conn.poll():
                index, result = self.conn.recv()
                self.held.popleft()
                done[index] = result
        except (EOFError, OSError):
            return False
        return True

    def stop(self, at_once: bool) -> None:
        if not at_once:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def death_reason(exitcode) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " — out of memory?" if -exitcode == signal.SIGKILL else ""
        return f"the worker process checking it was killed ({name}{hint})"
    return f"the worker process checking it ended unexpectedly (exit code {exitcode})"


def ordered_map(context, workers: int, function: Callable, items: list, lost: Callable,
                initializer: Callable = lambda: None, initargs: tuple = ()) -> Iterator[tuple]:
    """(index, function(item)) for every item, in order, computed by `workers` processes;
    (index, lost(item, reason)) for an item whose worker died checking it."""
    import multiprocessing.connection

    pending = deque(enumerate(items))
    done: dict = {}
    start = lambda: _Worker(context, initializer, initargs, function)  # noqa: E731
    pool = [start() for _ in range(workers)]
    next_index, idle_deaths, at_once = 0, 0, True
    try:
        while next_index < len(items):
            for worker in pool:
                while pending and len(worker.held) < DEPTH:
                    task = pending.popleft()
                    if not worker.give(task):
                        pending.appendleft(task)
                        break
            waiting = [w.conn for w in pool] + [w.process.sentinel for w in pool]
            ready = set(multiprocessing.connection.wait(waiting))
            for k, worker in enumerate(pool):
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                if worker.receive(done) and worker.process.is_alive():
                    continue
                worker.process.join()
                if worker.held:
                    index, item = worker.held.popleft()
                    done[index] = lost(item, death_reason(worker.process.exitcode))
                    pending.extendleft(reversed(worker.held))
                else:
                    idle_deaths += 1
                    if idle_deaths > MAX_DEATHS_IDLE:
                        raise PoolBroken(death_reason(worker.process.exitcode))
                worker.stop(at_once=True)
                pool[k] = start()
            while next_index in done:
                yield next_index, done.pop(next_index)
                next_index += 1
        at_once = False
    finally:
        for worker in pool:
            worker.stop(at_once)


class OutOfTime(BaseException):
    """A check ran past its deadline. A BaseException, so that no `except Exception`
    on the way (a loader turning a parser's errors into a message) mistakes it for its own."""


@contextmanager
def deadline(seconds: float):
    """Raise OutOfTime in this (main) thread once `seconds` of wall time have passed.
    An outer deadline that comes first is kept, and one that comes later is given
    back what is left of it. Where there is no interval timer (Windows) or no main
    thread, nothing is bounded."""
    timer = getattr(signal, "ITIMER_REAL", None)
    if timer is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer, interval = signal.getitimer(timer)
    if outer and outer <= seconds:
        yield
        return

    def expire(signum, frame):
        raise OutOfTime(seconds)

    began = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(timer, max(outer - (time.monotonic() - began), 0.001), interval)


@contextmanager
def memory_bound(extra: int):
    """Let this process's address space grow by at most `extra` bytes meanwhile (a
    MemoryError past it), then give the previous limit back. Where the system has no
    such limit (Windows) or the process's size cannot be read, nothing is bounded."""
    try:
        import resource

        pages = int(open("/proc/self/statm", encoding="ascii").read().split()[0])
        size = pages * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        bound = size + extra
        if hard != resource.RLIM_INFINITY:
            bound = min(bound, hard)
        if soft != resource.RLIM_INFINITY:
            bound = min(bound, soft)
        resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    except (ImportError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def available_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)

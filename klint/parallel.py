"""Checking many files: through the result cache, in one process or in ``--jobs N`` processes.

The workers are given the parent's linter, rules already compiled, by the pool's
initializer: on a fork it is simply inherited, and where workers are spawned it is pickled
(``regex`` pickles a pattern with its compiled program), so no worker compiles the rule
sets again. Each then checks chunks of files; results come back in the order the files
were given, so a parallel run reports exactly what a serial one does. The bytes that are
hashed for the cache are the bytes that are checked, so a file edited during the run can
never be cached under the wrong content.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator, Sequence
from concurrent import futures  # its ProcessPoolExecutor (multiprocessing) is imported on first use
from contextlib import contextmanager
from pathlib import Path

from klint.cache import ResultCache
from klint.linter import FileResult, Linter

_worker: tuple[Linter, ResultCache | None] | None = None


def check_files(
    linter: Linter, files: Sequence[tuple[Path, str]], jobs: int = 1, cache: ResultCache | None = None
) -> list[FileResult]:
    """One result per ``(path, display name)``, in the given order.

    Cache hits are answered here, so only files that need linting go to the workers (a
    warm run starts no processes at all).
    """
    results = [_cached(linter, cache, path, display) for path, display in files]
    pending = [index for index, result in enumerate(results) if result is None]
    if jobs <= 1 or len(pending) < 2:
        checked = [check_one(linter, cache, *files[index]) for index in pending]
    else:
        workers = min(jobs, len(pending))
        chunk = max(1, min(64, len(pending) // (workers * 4)))
        start = (linter, cache)
        with futures.ProcessPoolExecutor(workers, initializer=_start_worker, initargs=start) as pool:
            with _ctrl_c_held():  # the workers start here
                mapped = pool.map(_check_in_worker, [files[index] for index in pending], chunksize=chunk)
            checked = list(mapped)
    linted = dict(zip(pending, checked, strict=True))
    return [linted[index] if result is None else result for index, result in enumerate(results)]


def check_one(linter: Linter, cache: ResultCache | None, path: Path, display: str) -> FileResult:
    """Lint the file and remember the result under the very bytes that were linted."""
    data = _read(path, linter.config.max_file_size)
    if data is None:  # let the linter name the problem (missing, too large, unreadable)
        return linter.check_file(path, display)
    result = linter.check_bytes(data, display)
    if cache is not None:
        cache.store(display, data, result)
    return result


def _cached(linter: Linter, cache: ResultCache | None, path: Path, display: str) -> FileResult | None:
    if cache is None:
        return None
    data = _read(path, linter.config.max_file_size)
    return None if data is None else cache.lookup(display, data)


def _read(path: Path, max_size: int) -> bytes | None:
    try:
        if path.stat().st_size > max_size:
            return None
        return path.read_bytes()
    except OSError:
        return None


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C while workers start, so they inherit it blocked and can ignore it.

    Otherwise a Ctrl-C that reaches a worker before its initializer kills it, and the run
    ends with a broken pool instead of "interrupted"; the parent gets it when released.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start_worker(linter: Linter, cache: ResultCache | None) -> None:
    """Keep the parent's linter (inherited or unpickled, never compiled again) for the worker's files."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _worker = (linter, cache)


def _check_in_worker(item: tuple[Path, str]) -> FileResult:
    if _worker is None:
        raise RuntimeError("klint worker used before its initializer ran")
    linter, cache = _worker
    return check_one(linter, cache, *item)

"""Calling the engine: in a worker thread (the native functions release the GIL while they
work), with the calling thread free to draw a progress bar and to notice Ctrl-C."""

from __future__ import annotations

import threading

from . import _native
from .errors import Interrupted

#: Seconds between two looks at the engine's progress counter.
POLL = 0.1

# One progress bar at a time: the engine's counter is per process, so a second run started
# while one is drawing its bar runs without one.
_bar_lock = threading.Lock()


class _Bar:
    """A tqdm bar fed from the engine's counter (``_native.progress()``): it appears when the
    run this call started begins sampling, and follows its samples."""

    def __init__(self, runs_before: int):
        self.runs_before = runs_before
        self.bar = None
        self.finished = False

    def update(self) -> None:
        run, done, total = _native.progress()
        if run <= self.runs_before or self.finished:
            return
        if self.bar is None:
            from tqdm.auto import tqdm

            self.bar = tqdm(
                total=total, unit="samples", unit_scale=True, desc="hiddenflow", leave=True
            )
        n = min(done, total)
        if n != self.bar.n:
            # Only when samples advanced: the rate shown is the sampling rate, not diluted by
            # the time the engine then spends writing files.
            self.bar.n = n
            self.bar.refresh()
            if n == total:
                # Sampling is over (the engine goes on writing files): close the bar now,
                # so that its time and rate are the sampling's.
                self.bar.close()
                self.finished = True

    def close(self, finished: bool) -> None:
        if self.bar is None or self.finished:
            return
        if finished:
            # A --precision run may stop before its largest sample count: end the bar there.
            run, done, total = _native.progress()
            if run > self.runs_before and (done != total or self.bar.n != done):
                self.bar.total = done
                self.bar.n = done
                self.bar.refresh()
        self.bar.close()


def call(fn, *args, progress: bool = False, **kwargs):
    """``fn(*args, **kwargs)`` (a function of ``_native``) in a worker thread, with a progress
    bar if asked. Ctrl-C asks the engine to stop at its next block boundary (a run writes a
    checkpoint) and raises ``KeyboardInterrupt`` with the engine's message, which says how to
    resume."""
    box: dict = {}
    # Waiting on an Event, not on Thread.join: a join interrupted by Ctrl-C marks the thread
    # as finished on some Python versions (3.11), and a second join would not wait.
    done = threading.Event()

    def work() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as e:  # noqa: BLE001 - handed to the calling thread
            box["error"] = e
        finally:
            done.set()

    bar = None
    if progress and _bar_lock.acquire(blocking=False):
        bar = _Bar(_native.progress()[0])
    _native.clear_stop()
    worker = threading.Thread(target=work, name="hiddenflow-engine", daemon=True)
    finished = False
    try:
        worker.start()
        try:
            while not done.wait(POLL):
                if bar is not None:
                    bar.update()
            if bar is not None:
                bar.update()  # a run shorter than one poll shows its bar too
        except KeyboardInterrupt:
            _native.request_stop()
            while not done.wait(POLL):
                pass
            error = box.get("error")
            if isinstance(error, Interrupted):
                raise KeyboardInterrupt(str(error)) from error
            raise
        finished = "error" not in box
    finally:
        if bar is not None:
            bar.close(finished)
            _bar_lock.release()
    if "error" in box:
        raise box["error"]
    return box["value"]

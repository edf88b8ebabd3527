"""Stopping a long command (ingest, annotate, link) the same way on Ctrl-C and on SIGTERM.

Either signal raises :class:`Stopped` in the main thread, so the engine in hand cancels what
it has queued, closes its workers or cluster and rolls back the transaction it was in; every
batch committed before stays. The command then prints one line and exits with ``128 +`` the
signal's number (130 for SIGINT, 143 for SIGTERM). A second signal acts at once.

The handlers are installed even where SIGINT was inherited as ignored: a shell without job
control starts background commands that way, and ``kill -INT`` from a script, a scheduler or a
benchmark driver must still stop the run rather than be silently dropped.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import typer

from dateline.cli.text import SafeConsole

HANDLED = (signal.SIGINT, signal.SIGTERM)


class Stopped(KeyboardInterrupt):
    """A stop asked for by a signal; a KeyboardInterrupt, so ``except Exception`` lets it by."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def _stop(signum: int, _frame: FrameType | None) -> None:
    # the next signal takes the usual way: a KeyboardInterrupt, or SIGTERM's plain exit
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise Stopped(signum)


@contextmanager
def stop_on_signals(console: SafeConsole, resume_hint: Callable[[], str]) -> Iterator[None]:
    """Run the block with SIGINT and SIGTERM raising :class:`Stopped`; on a stop, print what
    happened and ``resume_hint()`` (how to go on) and exit ``128 + signum``."""
    previous = {sig: signal.getsignal(sig) for sig in HANDLED}
    for sig in HANDLED:
        signal.signal(sig, _stop)
    try:
        yield
    except Stopped as stop:
        console.print(f"stopped by {stop.args[0]}: {resume_hint()}", soft_wrap=True)
        raise typer.Exit(stop.exit_status) from stop
    finally:
        for sig, handler in previous.items():
            if handler is not None:  # None: set outside Python, cannot be put back
                signal.signal(sig, handler)

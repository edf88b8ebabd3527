"""stop_on_signals: SIGINT and SIGTERM end a long command the same way, with one line and
128 + the signal's number, and the handlers are put back afterwards."""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator

import pytest
import typer

from dateline.cli.stopping import Stopped, stop_on_signals
from dateline.cli.text import SafeConsole


@pytest.fixture
def handlers_kept() -> Iterator[None]:
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in before.items():
        signal.signal(sig, handler)


def console() -> tuple[SafeConsole, io.StringIO]:
    out = io.StringIO()
    return SafeConsole(file=out, width=200), out


@pytest.mark.usefixtures("handlers_kept")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_with_one_line_and_128_plus_its_number(signum: signal.Signals) -> None:
    err, out = console()
    reached_after_signal = False
    with pytest.raises(typer.Exit) as stopped, stop_on_signals(err, lambda: "resume hint"):
        signal.raise_signal(signum)
        reached_after_signal = True
    assert not reached_after_signal
    assert stopped.value.exit_code == 128 + signum
    assert isinstance(stopped.value.__cause__, Stopped)
    assert out.getvalue().strip() == f"stopped by {signum.name}: resume hint"


@pytest.mark.usefixtures("handlers_kept")
def test_sigint_stops_even_when_inherited_as_ignored() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    err, _ = console()
    with pytest.raises(typer.Exit), stop_on_signals(err, lambda: ""):
        signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN  # put back as it was


@pytest.mark.usefixtures("handlers_kept")
def test_a_second_signal_acts_at_once_and_a_plain_exit_restores_handlers() -> None:
    err, _ = console()
    with pytest.raises(typer.Exit), stop_on_signals(err, lambda: ""):
        try:
            signal.raise_signal(signal.SIGINT)
        except Stopped:
            # while the engine cleans up, a second Ctrl-C is the usual KeyboardInterrupt
            assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
            assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
            raise
    before = signal.getsignal(signal.SIGTERM)
    with stop_on_signals(err, lambda: ""):
        assert signal.getsignal(signal.SIGTERM) not in (before, signal.SIG_DFL)
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_stop_passes_by_except_exception() -> None:
    assert not issubclass(Stopped, Exception)
    assert Stopped(signal.SIGTERM).exit_status == 143

"""An interrupted ``python -m e2e`` unwinds every worker: waits and process starts raise Cancelled (offline)."""
from __future__ import annotations

import sys
import threading
import time

import pytest

from e2e import procs
from e2e.kube import Kube, WaitTimeout, documents
from e2e.procs import CANCELLED, Cancelled, Processes, pause


@pytest.fixture(autouse=True)
def _clear():
    CANCELLED.clear()
    yield
    CANCELLED.clear()


def test_a_wait_in_a_worker_ends_with_cancelled_soon_after_the_interrupt_not_at_its_timeout():
    outcome: list[BaseException] = []

    def worker() -> None:
        try:
            Kube.wait("never", lambda: False, lambda: "still waiting", timeout=600, interval=0.5)
        except BaseException as err:  # noqa: BLE001 - the test records what unwound the thread
            outcome.append(err)

    thread = threading.Thread(target=worker)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    CANCELLED.set()
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - started < 2
    (err,) = outcome
    assert isinstance(err, Cancelled) and not isinstance(err, (Exception, WaitTimeout))


def test_a_timeout_is_still_a_wait_timeout_when_nothing_interrupted():
    with pytest.raises(WaitTimeout, match="never: not done after 0 s: still waiting"):
        Kube.wait("never", lambda: False, lambda: "still waiting", timeout=0.2, interval=0.1)


def test_no_process_starts_after_the_interrupt(tmp_path):
    CANCELLED.set()
    running = Processes(tmp_path)
    with pytest.raises(Cancelled, match="before starting sleeper"):
        running.start("sleeper", [sys.executable, "-c", "import time; time.sleep(5)"])
    assert running.running == [] and not (tmp_path / "sleeper.log").exists()


def test_pause_sleeps_when_nothing_interrupted():
    started = time.monotonic()
    procs.pause(0.2)
    assert time.monotonic() - started >= 0.19
    CANCELLED.set()
    with pytest.raises(Cancelled):
        pause(10)


def test_the_one_yaml_reader_drops_empty_documents_and_reads_gos_equals_sign_as_a_string():
    text = "---\nkind: A\n---\n---\noperators:\n- =\n- '!='\n"
    assert documents(text) == [{"kind": "A"}, {"operators": ["=", "!="]}]

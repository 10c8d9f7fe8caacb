"""fast/workers.py: a worker process gets every message in order, and a failed one says why."""
from __future__ import annotations

import pickle
import sys
import time

from conftest import REPO
from inference_platform.fast.workers import Worker

#: A worker that answers the sum of every message it was sent (read with fast.workers.messages).
SUMMER = ("import pickle, sys\n"
          "from inference_platform.fast.workers import messages\n"
          "sys.stdout.buffer.write(pickle.dumps(sum(sum(m) for m in messages(sys.stdin.buffer))))\n")
ENV = {"PYTHONPATH": str(REPO)}


def test_a_worker_reads_every_message_sent_before_the_end():
    worker = Worker([sys.executable, "-c", SUMMER], env=ENV)
    batch = list(range(1000))
    for _ in range(50):  # queued faster than the worker reads them: written in batches
        worker.send(batch)
    batch.append(10**6)  # pickled when sent: a later change is not seen
    done = worker.result()
    assert (done.status, pickle.loads(done.stdout), done.stderr) == (0, 50 * sum(range(1000)), b"")


def test_a_failed_worker_reports_its_status_and_the_end_of_its_stderr():
    worker = Worker([sys.executable, "-c", "import sys; print('one'); print('two', file=sys.stderr); sys.exit(3)"])
    worker.send("ignored")
    done = worker.result()
    assert done.status == 3 and done.stderr_tail() == "two"


def test_a_stopped_worker_is_killed_at_once():
    start = time.monotonic()
    worker = Worker([sys.executable, "-c", "import time; time.sleep(60)"])
    worker.send("never read")
    worker.stop()
    assert time.monotonic() - start < 30

"""Worker processes fed pickled messages on stdin: the synth's render workers and the gate's checkov workers.

A worker is a fresh interpreter started with ``argv``, not a fork: the parent may hold cdk8s's
jsii kernel, threads and memory the worker needs none of, and the gate's workers run
checkov's own interpreter. The protocol is one pickle per message (each with a memo of its
own), ended by a pickled ``None``; the worker reads them with ``pickle.load`` as they come
(:func:`messages`) and writes its answer to stdout, which :meth:`Worker.result` returns once
it exits. Its stderr goes to a temporary file, not a pipe that could fill and block it.

:meth:`Worker.send` queues a message without waiting for the worker; a thread writes
everything queued in one write, through a pipe enlarged to :data:`PIPE_BYTES`: each wake-up of
the thread waits for the GIL (up to 5 ms while the parent computes), and one write per
message had cost seconds in all at fleet scale.
"""
from __future__ import annotations

import contextlib
import fcntl
import pickle
import queue
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator, Mapping, Sequence

__all__ = ["Worker", "WorkerResult", "messages", "PIPE_BYTES"]

#: Size asked for the pipe to each worker (Linux allows up to /proc/sys/fs/pipe-max-size, 1 MiB by default).
PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


@dataclass(frozen=True)
class WorkerResult:
    """How a worker ended: its exit status, everything it wrote to stdout, and to stderr."""

    status: int
    stdout: bytes
    stderr: bytes

    def stderr_tail(self, lines: int = 5) -> str:
        """The last lines of stderr (else stdout), joined with `` | ``: what explains a failure."""
        text = (self.stderr.decode(errors="replace") or self.stdout.decode(errors="replace")).strip()
        return " | ".join(text.splitlines()[-lines:])


class Worker:
    """``argv`` started in ``cwd`` with ``env``, fed the messages given to :meth:`send`."""

    def __init__(self, argv: Sequence[str], *, cwd: Path | str | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self._err = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._err)
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._out = b""
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def send(self, message: Any) -> None:
        """Queue ``message`` (pickled before this returns, so it may change afterwards)."""
        self._queue.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def _run(self) -> None:
        stdin, stdout = self._proc.stdin, self._proc.stdout
        assert stdin is not None and stdout is not None
        with contextlib.suppress(OSError):
            fcntl.fcntl(stdin.fileno(), _F_SETPIPE_SZ, PIPE_BYTES)
        try:
            done = False
            while not done:
                batch = [self._queue.get()]
                while batch[-1] is not None and not self._queue.empty():
                    batch.append(self._queue.get())
                done = batch[-1] is None
                stdin.write(b"".join(m for m in batch if m is not None))
                stdin.flush()
            stdin.write(pickle.dumps(None))
            stdin.close()
        except OSError:
            pass  # the worker ended early: its exit status and stderr tell why
        self._out = stdout.read()
        self._proc.wait()

    def result(self) -> WorkerResult:
        """End the messages and wait for the worker to exit."""
        self._queue.put(None)
        self._thread.join()
        self._err.seek(0)
        err = self._err.read()
        self._err.close()
        return WorkerResult(self._proc.returncode, self._out, err)

    def stop(self) -> None:
        """Kill the worker (if it still runs) and wait for it."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._queue.put(None)
        self._thread.join()
        self._err.close()


def messages(stream: IO[bytes]) -> Iterator[Any]:
    """The messages a worker is sent, read from ``stream`` (its stdin) as they come."""
    while (message := pickle.load(stream)) is not None:
        yield message

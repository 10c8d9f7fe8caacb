"""The e2e output: per environment and mode a table of layers, then ``N passed, M failed``.

A cell is a check (``ok`` passed, ``FAIL`` failed, its message printed under the table) or a
statement that something cannot be checked here (``n/a ...``, never counted as passed).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

OK = "ok"
FAIL = "FAIL"
SKIP = "skipped"


@dataclass
class Table:
    title: str
    columns: tuple[str, ...]
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: what the rows are (the first column's header)
    row_header: str = "layer"

    def set(self, row: str, column: str, value: str) -> None:
        self.rows.setdefault(row, {})[column] = value

    def render(self) -> str:
        headers = (self.row_header,) + self.columns
        lines = [[row] + [cells.get(c, "-") for c in self.columns] for row, cells in self.rows.items()]
        widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h)
                  for i, h in enumerate(headers)]
        fmt = "  " + "  ".join(f"{{:<{w}}}" for w in widths[:-1]) + "  {}"
        out = [self.title, fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
        out += [fmt.format(*line) for line in lines]
        out += [f"  note: {n}" for n in self.notes]
        out += [f"  FAIL {f}" for f in self.failures]
        return "\n".join(out)


class Report:
    """Every check's outcome; shared by the worker threads (each fills tables of its own)."""

    def __init__(self) -> None:
        self.tables: list[Table] = []
        self.passed = 0
        self.failed = 0
        self._lock = threading.Lock()

    def table(self, title: str, columns: tuple[str, ...], row_header: str = "layer") -> Table:
        t = Table(title, columns, row_header=row_header)
        with self._lock:
            self.tables.append(t)
        return t

    def ok(self, table: Table, row: str, column: str, value: str = OK) -> None:
        with self._lock:
            self.passed += 1
        table.set(row, column, value)

    def fail(self, table: Table, row: str, column: str, message: str) -> None:
        with self._lock:
            self.failed += 1
        table.set(row, column, FAIL)
        table.failures.append(f"{row} [{column}]: {message}")

    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"

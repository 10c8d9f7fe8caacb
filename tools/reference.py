"""Print the description reference (markdown) from the model's fields, types, defaults and docs.

README.md embeds this output between the `reference:begin` / `reference:end` markers; a test
fails when the two differ, so the README always matches the loader. Refresh with
`python tools/reference.py --write`.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inference_platform.description import Platform  # noqa: E402
from inference_platform.schema import reference  # noqa: E402

BEGIN, END = "<!-- reference:begin -->", "<!-- reference:end -->"
README = Path(__file__).resolve().parents[1] / "README.md"


def table() -> str:
    rows = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    for path, type_, default, doc in reference(Platform):
        rows.append(f"| `{path}` | {type_} | {default} | {doc} |")
    return "\n".join(rows) + "\n"


def embed(text: str) -> str:
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table()}{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(embed(README.read_text()))
    else:
        print(table(), end="")

"""Helpers for the mutation scripts: replace one exact snippet in a file (fails loudly if absent)."""
from pathlib import Path


def replace(path: str, old: str, new: str) -> None:
    p = Path(path)
    s = p.read_text(encoding="utf-8")
    assert s.count(old) == 1, f"{path}: the snippet to mutate is not there exactly once: {old!r}"
    p.write_text(s.replace(old, new), encoding="utf-8")

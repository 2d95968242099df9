"""CPU accounting for the import's timings: the child processes' CPU and the running server's."""
from __future__ import annotations

import os
import resource
from pathlib import Path


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def server_cpu(home: Path) -> float | None:
    """CPU seconds the running server has used since it started (from /proc; None if unknown)."""
    try:
        pid = (home / "run" / "neo4j-local.pid").read_text().strip()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


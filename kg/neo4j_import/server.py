"""The local server (``scripts/neo4j-local.sh``) and the importer run against its home, into a staging
data folder while the server keeps serving the old graph."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import REPO_ROOT
from kg.neo4j_import.cpu import children_cpu
from kg.neo4j_import.csv_files import read_manifest
from kg.neo4j_import.errors import Neo4jImportError

NEO4J_SCRIPT = REPO_ROOT / "scripts" / "neo4j-local.sh"
DATABASE = "neo4j"


@dataclass
class LocalNeo4j:
    """A server run by ``scripts/neo4j-local.sh`` (same environment variables and defaults)."""

    home: str = field(default_factory=lambda: os.environ.get("NEO4J_LOCAL_HOME", "/tmp/kg-neo4j"))
    bolt_port: str = field(default_factory=lambda: os.environ.get("NEO4J_LOCAL_BOLT_PORT", "17687"))
    http_port: str = field(default_factory=lambda: os.environ.get("NEO4J_LOCAL_HTTP_PORT", "17474"))
    password: str = field(default_factory=lambda: os.environ.get("NEO4J_LOCAL_PASSWORD", "kg-test-password"),
                          repr=False)
    extra_env: dict = field(default_factory=dict)  # NEO4J_LOCAL_HEAP etc.

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def env(self) -> dict:
        return {**os.environ, **self.extra_env, "NEO4J_LOCAL_HOME": self.home,
                "NEO4J_LOCAL_BOLT_PORT": str(self.bolt_port), "NEO4J_LOCAL_HTTP_PORT": str(self.http_port),
                "NEO4J_LOCAL_PASSWORD": self.password}

    def script(self, *args: str, timeout: float = 900, env: dict | None = None) -> str:
        p = subprocess.run(["bash", str(NEO4J_SCRIPT), *args], capture_output=True, text=True,
                           env={**self.env(), **(env or {})}, timeout=timeout)
        if p.returncode != 0:
            tail = (p.stderr or p.stdout).strip().splitlines()
            raise Neo4jImportError(f"scripts/neo4j-local.sh {' '.join(args)} failed: "
                                   f"{tail[-1] if tail else 'exit ' + str(p.returncode)}")
        return p.stdout.strip()

    def running(self) -> bool:
        return subprocess.run(["bash", str(NEO4J_SCRIPT), "status"], capture_output=True, text=True,
                              env=self.env()).returncode == 0

    def java(self) -> str:
        env = self.env()
        if env.get("NEO4J_LOCAL_JAVA"):
            return env["NEO4J_LOCAL_JAVA"]
        jh = env.get("JAVA_HOME")
        if jh and os.access(os.path.join(jh, "bin", "java"), os.X_OK):
            return os.path.join(jh, "bin", "java")
        return shutil.which("java") or "java"

    def open_store(self):
        from kg.store.neo4j_store import Neo4jStore

        return Neo4jStore(self.uri, "neo4j", self.password, DATABASE, timeout_s=600)


# JVM flags the neo4j launcher adds (see scripts/neo4j-local.sh): without the --add-opens the page
# cache falls back to slow mode
_JVM = ["-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+ExitOnOutOfMemoryError",
        "-XX:+UnlockExperimentalVMOptions", "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC",
        "-Djdk.nio.maxCachedBufferSize=1024", "-Dfile.encoding=UTF-8",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"]


def importer_args(csv_dir: Path, manifest: dict, report: Path, threads: int | None = None) -> list[str]:
    """``neo4j-admin database import full`` arguments for a folder written by :meth:`ImportTables.write_csv`."""
    args = ["database", "import", "full", DATABASE, "--overwrite-destination=true",
            f"--array-delimiter={manifest['array_delimiter']}", "--bad-tolerance=0",
            "--skip-bad-relationships=false", "--skip-duplicate-nodes=false", "--strict=true",
            "--ignore-empty-strings=false", "--trim-strings=false", "--legacy-style-quoting=false",
            f"--report-file={report}", "--verbose"]
    if threads:
        args.append(f"--threads={threads}")
    for n in manifest["nodes"]:
        args.append(f"--nodes={n['label']}={csv_dir / n['header']},{csv_dir / n['data']}")
    for r in manifest["relationships"]:
        args.append(f"--relationships={r['type']}={csv_dir / r['header']},{csv_dir / r['data']}")
    if manifest["multiline"]:
        args += ["--multiline-fields-format=v2",
                 # file names are read as regular expressions: ours hold letters, '_' and '.' only
                 "--multiline-fields=" + ",".join(str(csv_dir / f) for f in manifest["multiline"])]
    return args


def _importer_error(log: str, report: Path) -> str:
    """The importer's cause in one line: the innermost ``Caused by:`` of its --verbose trace (the first
    exception line without one), plus the first line of the bad-entries report when there is one."""
    lines = [ln.strip() for ln in log.splitlines()]
    exc = re.compile(r"^(?:Caused by: )?((?:[\w$]+\.)+[\w$]*(?:Exception|Error)):? ?(.*)$")
    causes = [m for m in map(exc.match, lines) if m]
    msg = ""
    for m in reversed(causes):  # innermost first; a wrapper's text often repeats the cause
        if m.group(2):
            msg = re.sub(r"^(?:[\w$]+\.)+[\w$]*(?:Exception|Error): ", "", m.group(2))
            break
    if not msg:
        msg = next((ln for ln in reversed(lines) if ln.startswith(("Error", "ERROR", "WARNING Import failed"))),
                   "") or "no message"
    if report.exists():
        first = next((ln.strip() for ln in report.read_text(encoding="utf-8", errors="replace").splitlines()
                      if ln.strip()), "")
        if first and first not in msg:
            msg += f" (report: {first[:300]})"
    return msg[:600]


def run_importer(csv_dir: str | os.PathLike, server: LocalNeo4j | None = None, *, heap: str = "1g",
                 off_heap: str = "2g", threads: int | None = None, nice: int = 0) -> dict:
    """Import ``csv_dir`` into a staging data folder under the server's home (the served database is
    not touched) → {"seconds", "staging", "log"}. Raises :class:`Neo4jImportError` on any importer error."""
    server = server or LocalNeo4j()
    csv_dir = Path(csv_dir).resolve()
    manifest = read_manifest(csv_dir)
    cp_file = server.script("classpath", timeout=900).splitlines()[-1]
    home = Path(server.home)
    staging = home / "import-staging"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "conf").mkdir(parents=True)
    (staging / "conf" / "neo4j.conf").write_text(
        f"server.directories.data={staging / 'data'}\nserver.directories.logs={staging / 'logs'}\n"
        f"server.directories.run={staging / 'run'}\nserver.directories.import={csv_dir}\n"
        f"server.memory.pagecache.size=256m\n", encoding="utf-8")
    cp = Path(cp_file).read_text().strip()
    (staging / "java-cp.args").write_text(f'-cp\n"{cp}"\n', encoding="utf-8")
    report = staging / "import.report"
    cds, cds_new = _importer_cds(server, cp_file)
    cmd = (["nice", "-n", str(nice)] if nice else []) + [
        server.java(), f"-Xms{heap}", f"-Xmx{heap}", *_JVM, *cds, f"@{staging / 'java-cp.args'}",
        "org.neo4j.cli.AdminTool", *importer_args(csv_dir, manifest, report, threads), f"--max-off-heap-memory={off_heap}"]
    env = {**server.env(), "NEO4J_HOME": str(staging), "NEO4J_CONF": str(staging / "conf")}
    log = staging / "import.log"
    t0, cpu0 = time.perf_counter(), children_cpu()
    with open(log, "w", encoding="utf-8") as fh:
        p = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=str(staging))
    seconds, cpu = time.perf_counter() - t0, children_cpu() - cpu0
    text = log.read_text(encoding="utf-8", errors="replace")
    db = staging / "data" / "databases" / DATABASE
    if p.returncode != 0 or "IMPORT DONE" not in text or not db.is_dir():
        shutil.rmtree(staging / "data", ignore_errors=True)  # a half-written store; the log stays
        if cds_new:
            cds_new.unlink(missing_ok=True)
        raise Neo4jImportError(f"neo4j-admin import failed: {_importer_error(text, report)} (log: {log})")
    if cds_new and cds_new.is_file() and cds_new.stat().st_size > 0:
        os.replace(cds_new, cds_new.with_suffix(""))  # x.jsa.tmp → x.jsa: used from the next import on
    return {"seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "cds": bool(cds), "staging": str(staging),
            "log": str(log)}


def _importer_cds(server: LocalNeo4j, cp_file: str) -> tuple[list[str], Path | None]:
    """AppCDS for the importer's JVM, as scripts/neo4j-local.sh does for the server's: the first import
    dumps the classes it loaded at its exit into ``<home>/import-cds-….jsa.tmp`` (renamed after a good
    import), later imports map them (≈ 1.5 s less CPU for the JVM start and class loading; measured
    22.6 vs 24.1 s importer CPU, province). Keyed by the classpath file and the java binary (a
    mismatching archive is ignored by the JVM with a warning). ``NEO4J_LOCAL_CDS=0``: no archive.
    → (JVM flags, the archive this run writes or None)."""
    if server.env().get("NEO4J_LOCAL_CDS", "1") != "1":
        return [], None
    java = server.java()
    try:
        real = os.path.realpath(shutil.which(java) or java)
        st = os.stat(real)
    except OSError:
        return [], None
    ident = hashlib.sha256(f"{real}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:8]
    jsa = Path(server.home) / f"import-cds-{Path(cp_file).stem}-{ident}.jsa"
    if jsa.is_file() and jsa.stat().st_size > 0:
        return [f"-XX:SharedArchiveFile={jsa}"], None
    tmp = jsa.with_name(jsa.name + ".tmp")
    tmp.unlink(missing_ok=True)
    return [f"-XX:ArchiveClassesAtExit={tmp}"], tmp


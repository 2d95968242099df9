"""Operational errors: one clear line each, non-zero exit, no traceback, no secret in any output."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

SECRET = "s3cret-" + uuid.uuid4().hex[:8]


def kg(*args, env):
    p = subprocess.run([sys.executable, "-m", "kgcli.main", *args], capture_output=True, text=True,
                       env={**os.environ, **env}, timeout=120)
    return p


def assert_one_clear_line(p, *needles):
    assert p.returncode != 0, p.stdout
    err = p.stderr.strip()
    assert err.startswith("error:") and "\n" not in err, err
    assert "Traceback" not in p.stderr + p.stdout
    assert SECRET not in p.stderr + p.stdout
    for n in needles:
        assert n in err, err


def test_neo4j_unreachable():
    p = kg("stats", env={"KG_STORE": "neo4j", "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": SECRET})
    assert_one_clear_line(p, "unreachable", "127.0.0.1:1")


@pytest.mark.neo4j
def test_neo4j_wrong_password(neo4j_server):
    p = kg("stats", env={"KG_STORE": "neo4j", "NEO4J_URI": neo4j_server["uri"], "NEO4J_PASSWORD": SECRET})
    assert_one_clear_line(p, "credentials")


@pytest.mark.neo4j
def test_neo4j_wrong_database(neo4j_server):
    p = kg("stats", env={"KG_STORE": "neo4j", "NEO4J_URI": neo4j_server["uri"],
                         "NEO4J_PASSWORD": neo4j_server["password"], "NEO4J_DATABASE": "nosuchdb"})
    assert_one_clear_line(p, "nosuchdb")
    assert neo4j_server["password"] not in p.stderr


def test_embedded_file_corrupt(tmp_path):
    f = tmp_path / "g.lbug"
    f.write_bytes(b"\x00garbage" * 1000)
    before = f.read_bytes()
    for args in (["stats"], ["init"], ["cypher", "RETURN 1"]):
        p = kg(*args, env={"KG_DB": str(f), "KG_STORE": "embedded"})
        assert_one_clear_line(p, "damaged")
    assert f.read_bytes() == before  # nothing was "repaired" over the user's file


def test_embedded_file_locked(tmp_path):
    db = str(tmp_path / "g.lbug")
    assert kg("init", env={"KG_DB": db}).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", "import sys,time,ladybug; d=ladybug.Database(sys.argv[1]); "
                               "print('ok', flush=True); time.sleep(60)", db], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        p = kg("init", env={"KG_DB": db})
        assert_one_clear_line(p, f"locked by process {holder.pid}")
    finally:
        holder.kill()


def test_reference_folder_missing(tmp_path):
    p = kg("ingest", "reference", env={"KG_DB": str(tmp_path / "g.lbug"), "KG_REFERENCE_DATA": str(tmp_path / "nope")})
    assert_one_clear_line(p, "reference data folder not found")


def test_disk_full(tmp_path):
    """A real 4 MiB tmpfs fills up during a write: one clear line, and what was committed stays readable."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4M", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs to simulate a full disk: {r.stderr.strip()}")
    try:
        db = str(mnt / "g.lbug")
        assert kg("init", env={"KG_DB": db}).returncode == 0
        assert kg("cypher", "CREATE (:Major {code: 'keep', name: '留存'})", "--write", env={"KG_DB": db}).returncode == 0
        big = "UNWIND range(1, 40000) AS i CREATE (:Course {id: 'c' + string(i), name: $pad})"
        p = kg("cypher", big, "-p", "pad=" + "x" * 300, "--write", env={"KG_DB": db})
        assert_one_clear_line(p, "disk is full")
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_bad_store_name():
    p = kg("--store", "sqlite", "stats", env={})
    assert_one_clear_line(p, "embedded")

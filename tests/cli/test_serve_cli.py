"""``backspasm serve``: starts the web app; a busy port or a bad address is one sentence."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from backspasm.cli import app

runner = CliRunner()
SRC = Path(__file__).resolve().parents[2] / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_busy_port_is_one_sentence_and_exit_2() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_bad_host_and_port() -> None:
    result = runner.invoke(app, ["serve", "--host", "no such host.invalid"])
    assert result.exit_code == 2
    assert "not an address" in result.output
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2


def test_serve_answers_http_on_loopback() -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from backspasm.cli import main; main()", "serve", "--port",
         str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        body = None
        url = f"http://127.0.0.1:{port}/api/v1/health"
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    body = json.loads(r.read())
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the server did not answer"
        assert body["status"] == "ok"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/" in out.decode()


def test_serve_writes_the_diary_the_commands_read(tmp_path: Path) -> None:
    """``serve --db FILE --person NAME``: a check-in sent to the API is in that person's
    diary in that file, where ``backspasm history`` would read it."""
    import datetime as dt

    db = tmp_path / "shared.sqlite3"
    day = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("BACKSPASM_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from backspasm.cli import main; main()", "serve", "--port",
         str(port), "--db", str(db), "--person", "ann"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/diary/checkins", method="POST",
            data=json.dumps({"day": day, "pain": 4}).encode(),
            headers={"Content-Type": "application/json"})
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(request, timeout=5) as r:
                    status = r.status
            except OSError:
                time.sleep(0.2)
        assert status == 201
    finally:
        proc.terminate()
        proc.communicate(timeout=15)
    from backspasm.store import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        assert [(c.day.isoformat(), c.pain) for c in store.diary("ann").checkins()] == [
            (day, 4)]
        assert store.diary("me").checkins() == []
    finally:
        store.close()


def test_serve_builds_the_free_text_intake_in_the_background() -> None:
    """In a fresh process (nothing built yet): the warm-up thread leaves the pipeline built."""
    script = (
        "from backspasm.cli.web import _warm_intake\n"
        "from backspasm.intake import pipeline\n"
        "from backspasm.knowledge import default_knowledge\n"
        "assert not pipeline._cache\n"
        "thread = _warm_intake(default_knowledge())\n"
        "assert thread.daemon\n"
        "thread.join(timeout=120)\n"
        "print(len(pipeline._cache))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "1"

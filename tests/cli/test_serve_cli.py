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

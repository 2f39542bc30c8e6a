"""Session setup for drydock's boto3 conformance suite.

Target selection (environment):
  DRYDOCK_ENDPOINT=http://host:port  use an already-running endpoint (drydock or the oracle)
  DRYDOCK_ORACLE=1                   that endpoint is DynamoDB Local: skip `dynamodb_only`
  DRYDOCK_BIN=path/to/drydock        otherwise: start this binary with -inMemory on a free
                                     127.0.0.1 port for the session, stop it at the end
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest

from ddb_support import ORACLE, RawClient, TableFactory, make_client, make_resource

START_TIMEOUT_S = 5.0


def pytest_collection_modifyitems(config, items):
    if not ORACLE:
        return
    skip = pytest.mark.skip(reason="DynamoDB Local (the oracle) differs from DynamoDB here")
    for item in items:
        if "dynamodb_only" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path: str, limit: int = 4000) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return "<no log>"
    return data[-limit:].decode("utf-8", "replace")


class ManagedServer:
    """A drydock process owned by this test session."""

    def __init__(self, binary: str):
        if not os.access(binary, os.X_OK):
            raise pytest.UsageError(f"DRYDOCK_BIN={binary!r} is not an executable file")
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="drydock-pytest-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [binary, "-port", str(self.port), "-inMemory"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"drydock exited with status {self.proc.returncode} during startup:\n"
                    + _log_tail(self.log.name))
            try:
                with urllib.request.urlopen(self.endpoint + "/", timeout=1) as resp:
                    if resp.status == 200:
                        return
                    last_error = f"GET / answered {resp.status}"
            except urllib.error.HTTPError as e:
                last_error = f"GET / answered {e.code}"
            except OSError as e:
                last_error = repr(e)
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(
            f"drydock did not answer GET / with 200 within {START_TIMEOUT_S}s "
            f"({last_error}):\n" + _log_tail(self.log.name))

    def check_alive(self) -> None:
        """Stop the whole session at the first sign of a dead server: every later test
        would only fail with a connection error."""
        if self.proc.poll() is not None:
            pytest.exit(
                f"drydock died (exit status {self.proc.returncode}); log tail:\n"
                + _log_tail(self.log.name), returncode=1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()


@pytest.fixture(scope="session")
def _managed_server():
    if os.environ.get("DRYDOCK_ENDPOINT"):
        yield None
        return
    binary = os.environ.get("DRYDOCK_BIN")
    if not binary:
        raise pytest.UsageError("set DRYDOCK_ENDPOINT (a running endpoint) or DRYDOCK_BIN")
    server = ManagedServer(binary)
    try:
        yield server
    finally:
        server.stop()
        os.unlink(server.log.name)


@pytest.fixture(autouse=True)
def _server_still_alive(_managed_server):
    """Fail the test loudly (with the server log) if the managed drydock process died."""
    yield
    if _managed_server is not None:
        _managed_server.check_alive()


@pytest.fixture(scope="session")
def endpoint(_managed_server) -> str:
    if _managed_server is not None:
        return _managed_server.endpoint
    return os.environ["DRYDOCK_ENDPOINT"].rstrip("/")


@pytest.fixture(scope="session")
def ddb(endpoint):
    """Low-level client, SDK parameter validation on, retries off."""
    return make_client(endpoint)


@pytest.fixture(scope="session")
def ddb_unchecked(endpoint):
    """Low-level client that lets invalid parameters through to the server."""
    return make_client(endpoint, validate_params=False)


@pytest.fixture(scope="session")
def ddb_resource(endpoint):
    return make_resource(endpoint)


@pytest.fixture(scope="session")
def raw(endpoint) -> RawClient:
    return RawClient(endpoint)


@pytest.fixture
def tables(ddb):
    """Per-test table factory; deletes what it created."""
    factory = TableFactory(ddb)
    yield factory
    factory.cleanup()


@pytest.fixture(scope="module")
def module_tables(endpoint):
    """Per-module table factory for tables shared by a file's tests."""
    factory = TableFactory(make_client(endpoint))
    yield factory
    factory.cleanup()

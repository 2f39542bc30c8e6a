"""Storage the way DynamoDB Local users rely on it: files under -dbPath that survive a
crash (kill -9) and a graceful stop, one database per access key and region, or one shared
database with -sharedDb. Each test starts its own drydock (not the session server)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

from ddb_support import ORACLE

pytestmark = pytest.mark.skipif(
    ORACLE or not os.environ.get("DRYDOCK_BIN"),
    reason="starts the drydock binary itself (DRYDOCK_BIN)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, *flags: str):
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([os.environ["DRYDOCK_BIN"], "-port", str(self.port), *flags],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 5
        while True:
            try:
                with urllib.request.urlopen(self.endpoint + "/", timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("drydock did not start")
                time.sleep(0.02)

    def client(self, access_key="AKIDPERSIST", region="us-east-1"):
        return boto3.client("dynamodb", endpoint_url=self.endpoint, region_name=region,
                            aws_access_key_id=access_key, aws_secret_access_key="secret",
                            config=Config(retries={"total_max_attempts": 1}))

    def stop(self, sig=signal.SIGTERM) -> int:
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=10)


def _make_table(client, name="Persisted"):
    client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])


def test_acknowledged_writes_survive_kill_9():
    """An acknowledged write is durable: it is there after the process is killed with -9."""
    with tempfile.TemporaryDirectory() as data:
        server = Server("-dbPath", data)
        c = server.client()
        _make_table(c)
        for i in range(200):
            c.put_item(TableName="Persisted", Item={"pk": {"S": f"k{i}"}, "n": {"N": str(i)}})
        c.delete_item(TableName="Persisted", Key={"pk": {"S": "k7"}})
        assert server.stop(signal.SIGKILL) == -signal.SIGKILL
        assert os.path.exists(os.path.join(data, "AKIDPERSIST_us-east-1.db"))

        server = Server("-dbPath", data)
        c = server.client()
        table = c.describe_table(TableName="Persisted")["Table"]
        assert table["ItemCount"] == 199
        assert c.get_item(TableName="Persisted", Key={"pk": {"S": "k150"}})["Item"]["n"] == {"N": "150"}
        assert "Item" not in c.get_item(TableName="Persisted", Key={"pk": {"S": "k7"}})
        assert server.stop() == 0


def test_graceful_stop_on_sigterm_keeps_data():
    """SIGTERM stops the server cleanly (exit 0) and the data is found again."""
    with tempfile.TemporaryDirectory() as data:
        server = Server("-dbPath", data)
        _make_table(server.client())
        server.client().put_item(TableName="Persisted", Item={"pk": {"S": "a"}})
        started = time.monotonic()
        assert server.stop() == 0
        assert time.monotonic() - started < 2
        server = Server("-dbPath", data)
        assert "Item" in server.client().get_item(TableName="Persisted", Key={"pk": {"S": "a"}})
        server.stop()


def test_namespaces_per_access_key_and_region():
    """Without -sharedDb each access key and region has its own tables (DynamoDB Local's
    model); with -sharedDb everyone shares one database file."""
    with tempfile.TemporaryDirectory() as data:
        server = Server("-dbPath", data)
        _make_table(server.client("AKIDONE", "us-east-1"))
        assert server.client("AKIDONE", "us-east-1").list_tables()["TableNames"] == ["Persisted"]
        assert server.client("AKIDTWO", "us-east-1").list_tables()["TableNames"] == []
        assert server.client("AKIDONE", "eu-west-1").list_tables()["TableNames"] == []
        server.stop()
        assert "AKIDONE_us-east-1.db" in os.listdir(data)
    with tempfile.TemporaryDirectory() as data:
        server = Server("-dbPath", data, "-sharedDb")
        _make_table(server.client("AKIDONE", "us-east-1"))
        assert server.client("AKIDTWO", "eu-west-1").list_tables()["TableNames"] == ["Persisted"]
        server.stop()
        assert "shared-local-instance.db" in os.listdir(data)


def test_pending_gsi_updates_survive_a_restart():
    """GSI updates not yet propagated when the process dies are not lost: the restart
    finds the index database not closed cleanly and rebuilds the GSI from its table, each
    item exactly once."""
    with tempfile.TemporaryDirectory() as data:
        server = Server("-dbPath", data, "--gsi-lag-ms", "1500")
        c = server.client()
        c.create_table(TableName="Lagged", BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                             {"AttributeName": "g", "AttributeType": "S"}],
                       GlobalSecondaryIndexes=[{
                           "IndexName": "by_g", "Projection": {"ProjectionType": "ALL"},
                           "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}])
        for i in range(5):
            c.put_item(TableName="Lagged", Item={"pk": {"S": f"k{i}"}, "g": {"S": "x"}})
        query = dict(TableName="Lagged", IndexName="by_g",
                     KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "x"}})
        assert c.query(**query)["Count"] == 0  # still within the lag
        server.stop(signal.SIGKILL)
        server = Server("-dbPath", data, "--gsi-lag-ms", "0")
        c = server.client()
        deadline = time.monotonic() + 10
        while c.query(**query)["Count"] != 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert c.query(**query)["Count"] == 5
        index = c.describe_table(TableName="Lagged")["Table"]["GlobalSecondaryIndexes"][0]
        assert index["ItemCount"] == 5
        server.stop()


def test_pending_gsi_updates_apply_at_a_graceful_stop():
    """SIGTERM applies the GSI updates still waiting for their lag: after the restart the
    index holds every item at once, without a rebuild."""
    with tempfile.TemporaryDirectory() as data:
        server = Server("-dbPath", data, "--gsi-lag-ms", "600000")
        c = server.client()
        c.create_table(TableName="Waiting", BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                             {"AttributeName": "g", "AttributeType": "S"}],
                       GlobalSecondaryIndexes=[{
                           "IndexName": "by_g", "Projection": {"ProjectionType": "KEYS_ONLY"},
                           "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}])
        for i in range(3):
            c.put_item(TableName="Waiting", Item={"pk": {"S": f"k{i}"}, "g": {"S": "x"}})
        query = dict(TableName="Waiting", IndexName="by_g",
                     KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "x"}})
        assert c.query(**query)["Count"] == 0
        server.stop()
        server = Server("-dbPath", data, "--gsi-lag-ms", "600000")
        c = server.client()
        assert sorted(i["pk"]["S"] for i in c.query(**query)["Items"]) == ["k0", "k1", "k2"]
        server.stop()

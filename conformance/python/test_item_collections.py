"""LSI item collections: ReturnItemCollectionMetrics on every write path, and
ItemCollectionSizeLimitExceededException when a collection passes its limit (10 GB in
DynamoDB; drydock's --item-collection-limit-bytes lowers it so a test can reach it)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

from ddb_support import ORACLE

pytestmark = pytest.mark.skipif(
    ORACLE or not os.environ.get("DRYDOCK_BIN"),
    reason="starts drydock with a lowered item collection limit (DRYDOCK_BIN)")

LIMIT = 3000


@pytest.fixture(scope="module")
def ddb():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([os.environ["DRYDOCK_BIN"], "-inMemory", "-port", str(port),
                             "--item-collection-limit-bytes", str(LIMIT)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 5
    while True:
        try:
            urllib.request.urlopen(endpoint + "/", timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline and proc.poll() is None, "drydock did not start"
            time.sleep(0.02)
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="AKIDCOLLECT", aws_secret_access_key="x",
                          config=Config(retries={"total_max_attempts": 1}))
    client.create_table(
        TableName="Collections", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "l", "AttributeType": "S"}],
        LocalSecondaryIndexes=[{"IndexName": "by_l", "Projection": {"ProjectionType": "ALL"},
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}]}])
    client.create_table(
        TableName="NoLsi", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    yield client
    proc.terminate()
    proc.wait()


def item(pk, sk, size=400):
    return {"pk": {"S": pk}, "sk": {"S": sk}, "l": {"S": "x"}, "d": {"S": "y" * size}}


def test_metrics_on_put_update_delete(ddb):
    """ReturnItemCollectionMetrics SIZE names the collection's partition key and a size range."""
    expected = {"ItemCollectionKey": {"pk": {"S": "m"}}, "SizeEstimateRangeGB": [0.0, 1.0]}
    r = ddb.put_item(TableName="Collections", Item=item("m", "1"),
                     ReturnItemCollectionMetrics="SIZE")
    assert r["ItemCollectionMetrics"] == expected
    r = ddb.update_item(TableName="Collections", Key={"pk": {"S": "m"}, "sk": {"S": "1"}},
                        UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"N": "1"}},
                        ReturnItemCollectionMetrics="SIZE")
    assert r["ItemCollectionMetrics"] == expected
    r = ddb.delete_item(TableName="Collections", Key={"pk": {"S": "m"}, "sk": {"S": "1"}},
                        ReturnItemCollectionMetrics="SIZE")
    assert r["ItemCollectionMetrics"] == expected
    # Not asked for, or no LSI: not returned.
    assert "ItemCollectionMetrics" not in ddb.put_item(TableName="Collections", Item=item("m", "2"))
    assert "ItemCollectionMetrics" not in ddb.put_item(
        TableName="NoLsi", Item={"pk": {"S": "m"}}, ReturnItemCollectionMetrics="SIZE")


def test_metrics_on_batch_write(ddb):
    """BatchWriteItem lists the collections it wrote to, per table with LSIs."""
    r = ddb.batch_write_item(RequestItems={
        "Collections": [{"PutRequest": {"Item": item("b1", "1", 10)}},
                        {"PutRequest": {"Item": item("b2", "1", 10)}}],
        "NoLsi": [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}]},
        ReturnItemCollectionMetrics="SIZE")
    metrics = r["ItemCollectionMetrics"]
    assert list(metrics) == ["Collections"]
    assert sorted(m["ItemCollectionKey"]["pk"]["S"] for m in metrics["Collections"]) == ["b1", "b2"]


def test_collection_limit(ddb):
    """A write that grows a collection past its limit fails whole; other collections and
    shrinking writes are unaffected."""
    written = 0
    with pytest.raises(ddb.exceptions.ItemCollectionSizeLimitExceededException) as err:
        for i in range(20):
            ddb.put_item(TableName="Collections", Item=item("full", f"{i:02d}"))
            written += 1
    assert err.value.response["Error"]["Message"] == "Collection size exceeded."
    assert 0 < written < 20
    got = ddb.query(TableName="Collections", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "full"}})
    assert got["Count"] == written  # the refused item was not stored, in the table or the LSI
    lsi = ddb.query(TableName="Collections", IndexName="by_l", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "full"}})
    assert lsi["Count"] == written
    ddb.put_item(TableName="Collections", Item=item("other", "1"))  # another collection
    ddb.delete_item(TableName="Collections", Key={"pk": {"S": "full"}, "sk": {"S": "00"}})
    ddb.put_item(TableName="Collections", Item=item("full", "00"))  # room again

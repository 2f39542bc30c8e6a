"""The session store as PynamoDB 6 drives it, request for request.

PynamoDB is not packaged for Debian and PyPI is out of reach here, so this file sends the
requests its models send, built the way its source builds them (a botocore client's
`_make_api_call` with parameter validation off; `ReturnConsumedCapacity: TOTAL` appended to
every item operation; expression placeholders `#0`, `:0` in order of use; CreateTable
without the GSI's ProvisionedThroughput under PAY_PER_REQUEST; exists() matching
`ResourceNotFound` in the error code), for this model:

    class UserIndex(GlobalSecondaryIndex):
        class Meta:
            index_name = "user_index"; projection = AllProjection()
        user_id = NumberAttribute(hash_key=True)

    class Session(Model):
        class Meta: table_name = ...
        session_id = UnicodeAttribute(hash_key=True)
        user_id = NumberAttribute()
        data = UnicodeAttribute(null=True)
        user_index = UserIndex()

and checks every response field PynamoDB reads (Count and ScannedCount on every page, a GSI
LastEvaluatedKey that carries the table key, Attributes from UpdateItem ALL_NEW).
"""

import json
import time

import botocore.exceptions
import pytest

from ddb_support import ORACLE, unique_name


def call(client, operation, body):
    """What PynamoDB 6's Connection.dispatch does: botocore's _make_api_call."""
    return client._make_api_call(operation, body)


def wait_for_indexes(raw):
    if ORACLE:
        return  # DynamoDB Local updates its indexes with the write
    resp = raw.call(None, {}, extra_headers={"X-Amz-Target": "DrydockAdmin.WaitForIndexes"})
    assert resp.status == 200, resp.body


def exists(client, name):
    """Model.exists(): False only when the error code contains ResourceNotFound."""
    try:
        call(client, "DescribeTable", {"TableName": name})
        return True
    except botocore.exceptions.ClientError as e:
        if "ResourceNotFound" in e.response["Error"]["Code"]:
            return False
        raise


def create_body(name, billing):
    attribute_definitions = [{"AttributeName": "session_id", "AttributeType": "S"},
                             {"AttributeName": "user_id", "AttributeType": "N"}]
    index = {"IndexName": "user_index",
             "KeySchema": [{"AttributeName": "user_id", "KeyType": "HASH"}],
             "Projection": {"ProjectionType": "ALL"}}
    if billing == "PAY_PER_REQUEST":
        return {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": attribute_definitions,
                "GlobalSecondaryIndexes": [index],
                "KeySchema": [{"AttributeName": "session_id", "KeyType": "HASH"}]}
    index["ProvisionedThroughput"] = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    return {"TableName": name,
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            "AttributeDefinitions": attribute_definitions,
            "GlobalSecondaryIndexes": [index],
            "KeySchema": [{"AttributeName": "session_id", "KeyType": "HASH"}]}


def create_table(client, name, billing):
    """Model.create_table(wait=True): exists(), CreateTable, DescribeTable until ACTIVE."""
    assert not exists(client, name)
    call(client, "CreateTable", create_body(name, billing))
    for _ in range(200):
        status = call(client, "DescribeTable", {"TableName": name})["Table"]["TableStatus"]
        if status == "ACTIVE":
            return
        time.sleep(0.05)
    pytest.fail("table never became ACTIVE")


def save(client, name, sid, user, data):
    # Attributes by name (inspect.getmembers order), the hash key first.
    item = {"session_id": {"S": sid}, "data": {"S": data}, "user_id": {"N": json.dumps(user)}}
    return call(client, "PutItem", {"TableName": name, "Item": item,
                                    "ReturnConsumedCapacity": "TOTAL"})


def index_query(client, name, user, *, limit=None, select=None):
    """UserIndex.query(user) / .count(user): pages until no LastEvaluatedKey. A start key
    that lacks the table's hash key would be rewrapped by PynamoDB; drydock's carry it."""
    pages, items, count, start = 0, [], 0, None
    while True:
        body = {"TableName": name, "KeyConditionExpression": "#0 = :0"}
        if start is not None:
            assert "session_id" in start and "user_id" in start, start
            body["ExclusiveStartKey"] = start
        body["IndexName"] = "user_index"
        if limit is not None:
            body["Limit"] = limit
        if select is not None:
            body["Select"] = select
        body["ExpressionAttributeNames"] = {"#0": "user_id"}
        body["ExpressionAttributeValues"] = {":0": {"N": json.dumps(user)}}
        body["ReturnConsumedCapacity"] = "TOTAL"
        page = call(client, "Query", body)
        pages += 1
        # PynamoDB reads both on every page (a KeyError otherwise).
        assert isinstance(page["Count"], int) and isinstance(page["ScannedCount"], int)
        assert page["ConsumedCapacity"]["TableName"] == name
        if select != "COUNT":
            assert page["Count"] == len(page["Items"])
            items.extend(page["Items"])
        count += page["Count"]
        start = page.get("LastEvaluatedKey")
        if start is None:
            return pages, items, count


@pytest.mark.parametrize("billing", ["PAY_PER_REQUEST", "PROVISIONED"])
def test_session_store_as_pynamodb_sends_it(ddb_unchecked, raw, billing):
    c = ddb_unchecked
    name = unique_name("PynamoSessions")
    create_table(c, name, billing)
    try:
        assert exists(c, name)
        described = call(c, "DescribeTable", {"TableName": name})["Table"]
        gsi = described["GlobalSecondaryIndexes"][0]
        assert gsi["IndexName"] == "user_index"
        assert gsi["KeySchema"] == [{"AttributeName": "user_id", "KeyType": "HASH"}]
        assert gsi["Projection"] == {"ProjectionType": "ALL"}

        # Several users with several sessions; user 42 has five.
        for n in range(5):
            save(c, name, f"s42-{n}", 42, f"cart-{n}")
        for user in (7, 8):
            for n in range(3):
                save(c, name, f"s{user}-{n}", user, "x")
        got = call(c, "GetItem", {"TableName": name, "Key": {"session_id": {"S": "s42-0"}},
                                  "ConsistentRead": False, "ReturnConsumedCapacity": "TOTAL"})
        assert got["Item"] == {"session_id": {"S": "s42-0"}, "data": {"S": "cart-0"},
                               "user_id": {"N": "42"}}
        missing = call(c, "GetItem", {"TableName": name, "Key": {"session_id": {"S": "nope"}},
                                      "ConsistentRead": False, "ReturnConsumedCapacity": "TOTAL"})
        assert "Item" not in missing  # PynamoDB raises DoesNotExist on this

        wait_for_indexes(raw)
        pages, items, count = index_query(c, name, 42)
        assert pages == 1 and count == 5
        assert sorted(i["session_id"]["S"] for i in items) == [f"s42-{n}" for n in range(5)]
        assert all(i["user_id"] == {"N": "42"} for i in items)

        # query(42, limit=2): pages of two, each resumed from the index LastEvaluatedKey.
        pages, items, count = index_query(c, name, 42, limit=2)
        assert pages == 3 and count == 5
        assert len({i["session_id"]["S"] for i in items}) == 5
        # count(42): Select COUNT, summed over the pages.
        assert index_query(c, name, 42, select="COUNT")[2] == 5
        assert index_query(c, name, 42, limit=2, select="COUNT")[2] == 5
        assert index_query(c, name, 99)[2] == 0

        scanned = call(c, "Scan", {"TableName": name, "ReturnConsumedCapacity": "TOTAL"})
        assert scanned["Count"] == scanned["ScannedCount"] == 11

        # session.update(actions=[Session.data.set("y")]) reads data["Attributes"].
        updated = call(c, "UpdateItem", {
            "TableName": name, "Key": {"session_id": {"S": "s42-1"}}, "ReturnValues": "ALL_NEW",
            "UpdateExpression": "SET #0 = :0", "ExpressionAttributeNames": {"#0": "data"},
            "ExpressionAttributeValues": {":0": {"S": "y"}}, "ReturnConsumedCapacity": "TOTAL"})
        assert updated["Attributes"] == {"session_id": {"S": "s42-1"}, "data": {"S": "y"},
                                         "user_id": {"N": "42"}}
        call(c, "DeleteItem", {"TableName": name, "Key": {"session_id": {"S": "s42-2"}},
                               "ReturnConsumedCapacity": "TOTAL"})
        wait_for_indexes(raw)
        _, items, count = index_query(c, name, 42)
        assert count == 4
        assert {i["session_id"]["S"]: i["data"]["S"] for i in items}["s42-1"] == "y"
    finally:
        call(c, "DeleteTable", {"TableName": name})
    for _ in range(200):
        if not exists(c, name):
            break
        time.sleep(0.05)
    assert not exists(c, name)

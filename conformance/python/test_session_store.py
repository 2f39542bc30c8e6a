"""The session-store walkthrough: what a first-time user of drydock does with boto3."""

from decimal import Decimal

from ddb_support import unique_name

WAITER = {"Delay": 1, "MaxAttempts": 30}


def test_session_store_walkthrough(ddb, ddb_resource):
    """Pins the basic lifecycle: CreateTable -> waiter ACTIVE -> PutItem/GetItem ->
    ListTables/DescribeTable -> DeleteItem -> DeleteTable -> waiter gone."""
    name = unique_name("Sessions")
    created = ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "session_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "session_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )["TableDescription"]
    try:
        assert created["TableName"] == name
        assert created["TableStatus"] in ("CREATING", "ACTIVE")
        assert created["KeySchema"] == [{"AttributeName": "session_id", "KeyType": "HASH"}]

        ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=WAITER)

        table = ddb_resource.Table(name)
        session = {
            "session_id": "sess-7f3a",
            "user_id": Decimal(42),
            "session_data": '{"cart": ["sku-1", "sku-2"], "theme": "dark"}',
            "last_updated": "2026-01-02T03:04:05Z",
            "created": "2026-01-02T03:00:00Z",
        }
        put = table.put_item(Item=session)
        assert "Attributes" not in put

        got = table.get_item(Key={"session_id": "sess-7f3a"}, ConsistentRead=True)
        assert got["Item"] == session
        assert isinstance(got["Item"]["user_id"], Decimal)

        # The low-level view of the same item carries the wire types.
        low = ddb.get_item(TableName=name, Key={"session_id": {"S": "sess-7f3a"}})["Item"]
        assert low == {
            "session_id": {"S": "sess-7f3a"},
            "user_id": {"N": "42"},
            "session_data": {"S": session["session_data"]},
            "last_updated": {"S": "2026-01-02T03:04:05Z"},
            "created": {"S": "2026-01-02T03:00:00Z"},
        }

        assert name in ddb.list_tables()["TableNames"]

        described = ddb.describe_table(TableName=name)["Table"]
        assert described["TableName"] == name
        assert described["TableStatus"] == "ACTIVE"
        assert described["AttributeDefinitions"] == [
            {"AttributeName": "session_id", "AttributeType": "S"}]
        assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"

        deleted = table.delete_item(Key={"session_id": "sess-7f3a"}, ReturnValues="ALL_OLD")
        assert deleted["Attributes"] == session
        assert "Item" not in table.get_item(Key={"session_id": "sess-7f3a"})
    finally:
        ddb.delete_table(TableName=name)

    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig=WAITER)
    assert name not in ddb.list_tables()["TableNames"]

"""-delayTransientStatuses: as in DynamoDB, a new table is CREATING for a while, an updated one
UPDATING, a deleted one DELETING, so SDK waiters (table_exists, table_not_exists) really wait.
Item operations on a CREATING or DELETING table are ResourceNotFoundException "Requested
resource not found" (the API Reference: "its status might not be ACTIVE"); an UPDATING table
serves items; DeleteTable and UpdateTable on a table in transition are ResourceInUseException
"Attempt to change a resource which is still in use: Table is being <created|updated|deleted>:
<name>". Runs a drydock of its own with -delayTransientStatuses --transient-status-ms 400.
"""

import os
import time

import pytest
from botocore.exceptions import ClientError

from ddb_support import make_client, unique_name, wait_for_status
from test_throughput import start_flagged_server

DELAY_S = 0.4
FAST_WAITER = {"Delay": 0.05, "MaxAttempts": 200}


@pytest.fixture(scope="module")
def ddb_delayed():
    server = start_flagged_server("-delayTransientStatuses", "--transient-status-ms",
                                  str(int(DELAY_S * 1000)))
    try:
        yield make_client(server.endpoint)
    finally:
        server.stop()
        os.unlink(server.log.name)


def count_calls(client, operation):
    calls = []
    client.meta.events.register(f"before-call.dynamodb.{operation}",
                                lambda **_: calls.append(time.monotonic()))
    return calls


def error_of(excinfo):
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]


def in_use(name, doing):
    return ("ResourceInUseException",
            f"Attempt to change a resource which is still in use: Table is being {doing}: {name}")


NOT_FOUND = ("ResourceNotFoundException", "Requested resource not found")


def test_create_update_delete_take_time(ddb_delayed):
    """The whole life of a table, each transient status observed and waited out."""
    ddb = ddb_delayed
    name = unique_name("cf_ts")
    describes = count_calls(ddb, "DescribeTable")
    started = time.monotonic()
    five = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    created = ddb.create_table(
        TableName=name, ProvisionedThroughput=five,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by_g",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"},
                                 "ProvisionedThroughput": five}])
    assert created["TableDescription"]["TableStatus"] == "CREATING"
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "CREATING"
    assert table["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
    assert name in ddb.list_tables()["TableNames"]
    with pytest.raises(ClientError) as excinfo:
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    assert error_of(excinfo) == NOT_FOUND
    with pytest.raises(ClientError) as excinfo:
        ddb.delete_table(TableName=name)
    assert error_of(excinfo) == in_use(name, "created")

    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    assert time.monotonic() - started >= DELAY_S * 0.9
    assert len(describes) > 2, "the waiter polled while the table was CREATING"
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})

    ten = {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10}
    updated = ddb.update_table(TableName=name, ProvisionedThroughput=ten)
    assert updated["TableDescription"]["TableStatus"] == "UPDATING"
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "UPDATING"
    ddb.put_item(TableName=name, Item={"pk": {"S": "b"}})  # an UPDATING table serves items
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "b"}})["Item"] == {"pk": {"S": "b"}}
    with pytest.raises(ClientError) as excinfo:
        ddb.update_table(TableName=name, ProvisionedThroughput=five)
    assert error_of(excinfo) == in_use(name, "updated")
    with pytest.raises(ClientError) as excinfo:
        ddb.delete_table(TableName=name)
    assert error_of(excinfo) == in_use(name, "updated")
    table = wait_for_status(ddb, name)
    throughput = table["ProvisionedThroughput"]
    assert (throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]) == (10, 10)

    deleted = ddb.delete_table(TableName=name)
    assert deleted["TableDescription"]["TableStatus"] == "DELETING"
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "DELETING"
    with pytest.raises(ClientError) as excinfo:
        ddb.get_item(TableName=name, Key={"pk": {"S": "a"}})
    assert error_of(excinfo) == NOT_FOUND
    with pytest.raises(ClientError) as excinfo:
        ddb.delete_table(TableName=name)
    assert error_of(excinfo) == in_use(name, "deleted")
    gone_from = time.monotonic()
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    assert time.monotonic() - gone_from >= DELAY_S * 0.5
    assert name not in ddb.list_tables()["TableNames"]


def test_new_gsi_is_creating_while_the_table_is_updating(ddb_delayed):
    """UpdateTable adding a GSI: the table is UPDATING and the index CREATING, then both ACTIVE,
    with the table's items in the index."""
    ddb = ddb_delayed
    name = unique_name("cf_ts")
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig=FAST_WAITER)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "g": {"S": "x"}})
    ddb.update_table(TableName=name,
                     AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                     GlobalSecondaryIndexUpdates=[{"Create": {
                         "IndexName": "by_g",
                         "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                         "Projection": {"ProjectionType": "ALL"}}}])
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "UPDATING"
    assert table["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
    table = wait_for_status(ddb, name)
    assert table["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    found = ddb.query(TableName=name, IndexName="by_g", KeyConditionExpression="g = :g",
                      ExpressionAttributeValues={":g": {"S": "x"}})
    assert found["Count"] == 1
    ddb.delete_table(TableName=name)

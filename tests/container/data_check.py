#!/usr/bin/python3
"""Data checks for tests/container/run.sh: is what one container wrote there in the next?

Usage: data_check.py ENDPOINT seed TABLE     create TABLE and write 50 session items
       data_check.py ENDPOINT verify TABLE   read all 50 back, with another access key
       data_check.py ENDPOINT absent TABLE   TABLE is not there (in-memory restart)
Prints one `PASS name` or `FAIL name: why` line per check; exits 1 if any failed.

seed writes with one access key and verify reads with another, so verify passing also
shows that -sharedDb shares one database across keys. Only CreateTable, DescribeTable,
ListTables, PutItem and GetItem are used: this is about the container's storage, not
about the API's breadth, which conformance/ covers.
"""
import sys
import time

import boto3
from botocore.config import Config

ITEMS = 50
results = []


def check(name, ok, why=""):
    results.append(ok)
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}", flush=True)
    return ok


def client(endpoint, key):
    return boto3.client(
        "dynamodb", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10))


def item(i):
    return {"SessionId": {"S": f"s{i:03}"}, "UserId": {"S": f"user{i % 5}"},
            "Hits": {"N": str(i)}, "Data": {"B": bytes([i]) * 100},
            "Cart": {"L": [{"S": "book"}, {"N": str(i * 2)}]}}


def key(i):
    return {"SessionId": {"S": f"s{i:03}"}}


def seed(endpoint, table):
    db = client(endpoint, "writerkey")
    db.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "SessionId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "SessionId", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")
    deadline = time.monotonic() + 10
    while db.describe_table(TableName=table)["Table"]["TableStatus"] != "ACTIVE":
        if time.monotonic() > deadline:
            check(f"table {table} becomes ACTIVE", False, "still not ACTIVE after 10 s")
            return
        time.sleep(0.05)
    for i in range(ITEMS):
        db.put_item(TableName=table, Item=item(i))
    back = sum(1 for i in range(ITEMS)
               if db.get_item(TableName=table, Key=key(i)).get("Item") == item(i))
    check(f"write {ITEMS} items into {table}", back == ITEMS, f"{back} read back")


def verify(endpoint, table):
    db = client(endpoint, "readerkey")
    names = db.list_tables()["TableNames"]
    if not check(f"table {table} is there after the restart", table in names, repr(names)):
        return
    bad = [i for i in range(ITEMS)
           if db.get_item(TableName=table, Key=key(i), ConsistentRead=True).get("Item")
           != item(i)]
    check(f"all {ITEMS} items of {table} read back intact after the restart", not bad,
          f"missing or changed: {bad[:10]}")


def absent(endpoint, table):
    # The key that seeded it: without -sharedDb each access key has its own tables.
    names = client(endpoint, "writerkey").list_tables()["TableNames"]
    check(f"table {table} is gone after the restart (in memory)", table not in names,
          repr(names))


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("seed", "verify", "absent"):
        sys.exit(__doc__)
    endpoint, cmd, table = sys.argv[1:]
    try:
        globals()[cmd](endpoint, table)
    except Exception as e:  # a failed call ends the run: report it as one failure
        check(f"{cmd} {table} ran to the end", False, f"{type(e).__name__}: {e}")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()

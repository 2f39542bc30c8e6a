"""ReturnConsumedCapacity end to end: exact figures for every item operation, computed from the
Developer Guide's rules, with the INDEXES breakdown for a local and a global secondary index.

The rules ("DynamoDB read and write operations", and "Provisioned throughput considerations" in
the LSI and GSI pages): reads in 4 KB blocks, halved when eventually consistent; writes in 1 KB
blocks, on the larger of the old and new item; Query and Scan round the sum of everything they
read (filtered out or not) once; BatchGetItem and BatchWriteItem round each item on its own; an
index is charged for every entry a write puts, changes or removes (two writes when the index key
moves), rounded up to 1 KB of the entry (the attributes the index projects); an LSI query that
needs unprojected attributes is charged for each table item fetched, each rounded up to 4 KB, to
the table. The shape (TableName, CapacityUnits; INDEXES adds Table and the index maps) is the one
DynamoDB and DynamoDB Local return. Every figure here was also checked against DynamoDB Local
1.25.1 (DRYDOCK_ENDPOINT=http://127.0.0.1:8001 DRYDOCK_ORACLE=1).
"""

import math
import time

import pytest

from ddb_support import unique_name

READ_BLOCK = 4096
WRITE_BLOCK = 1024


def size(item):
    """DynamoDB's item size for items of S attributes: name bytes + value bytes."""
    return sum(len(name.encode()) + len(value["S"].encode()) for name, value in item.items())


def sized(pk, sk, total, **attrs):
    """An item of exactly `total` bytes: the given S attributes plus a padding attribute."""
    item = {"pk": {"S": pk}, "sk": {"S": sk}}
    item.update({k: {"S": v} for k, v in attrs.items()})
    pad = total - size(item) - len("zz")
    assert pad >= 0
    item["zz"] = {"S": "x" * pad}
    assert size(item) == total
    return item


def reads(nbytes, consistent):
    blocks = max(1, math.ceil(nbytes / READ_BLOCK))
    return float(blocks) if consistent else blocks / 2


def writes(nbytes):
    return float(max(1, math.ceil(nbytes / WRITE_BLOCK)))


def lsi_entry(item):
    """by_l projects KEYS_ONLY: the table key and the index key."""
    return size({k: item[k] for k in ("pk", "sk", "l") if k in item})


def capacity(consumed, table):
    """The figures of a ConsumedCapacity object, as a flat dict for exact comparison."""
    assert consumed["TableName"] == table
    out = {"total": consumed["CapacityUnits"]}
    if "Table" in consumed:
        out["table"] = consumed["Table"]["CapacityUnits"]
    for kind in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes"):
        for name, value in consumed.get(kind, {}).items():
            out[name] = value["CapacityUnits"]
    # Single-item and batch operations report no read/write split (transactions do).
    assert "ReadCapacityUnits" not in consumed and "WriteCapacityUnits" not in consumed
    return out


@pytest.fixture
def cap(tables):
    """A table with an LSI (by_l, KEYS_ONLY) and a GSI (by_g, ALL) on attributes l and g."""
    name = unique_name("cf_cap")
    tables.create_raw({
        "TableName": name,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"}
                                 for a in ("pk", "sk", "l", "g")],
        "BillingMode": "PAY_PER_REQUEST",
        "LocalSecondaryIndexes": [{
            "IndexName": "by_l",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "GlobalSecondaryIndexes": [{
            "IndexName": "by_g",
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}}],
    })
    return name


def test_put_update_delete_charge_the_table_and_each_index(ddb, cap):
    """A new item enters both indexes (one write each, the GSI entry rounded on the whole item);
    moving the GSI key costs the GSI two writes and leaves the KEYS_ONLY LSI alone; changing an
    attribute only the GSI holds costs it one write; removing the LSI key takes the item out of
    the LSI (one write); a delete costs each index holding the item one write; TOTAL reports the
    sum and nothing else."""
    item = sized("p", "1", 1500, l="l1", g="g1")
    put = ddb.put_item(TableName=cap, Item=item, ReturnConsumedCapacity="INDEXES")
    assert capacity(put["ConsumedCapacity"], cap) == {
        "total": 2.0 + 1.0 + 2.0, "table": 2.0, "by_l": writes(lsi_entry(item)), "by_g": 2.0}

    moved = dict(item, g={"S": "g2"})
    upd = ddb.update_item(TableName=cap, Key={"pk": item["pk"], "sk": item["sk"]},
                          UpdateExpression="SET g = :g", ExpressionAttributeValues={":g": moved["g"]},
                          ReturnConsumedCapacity="INDEXES")
    # Two GSI writes: the old entry deleted (1,500 bytes: 2 units), the new one put (2 units).
    assert capacity(upd["ConsumedCapacity"], cap) == {"total": 6.0, "table": 2.0, "by_g": 4.0}

    grown = dict(moved, zz={"S": moved["zz"]["S"] + "y" * 1000})  # 2,500 bytes
    upd = ddb.update_item(TableName=cap, Key={"pk": item["pk"], "sk": item["sk"]},
                          UpdateExpression="SET zz = :p", ExpressionAttributeValues={":p": grown["zz"]},
                          ReturnConsumedCapacity="INDEXES")
    assert size(grown) == 2500
    assert capacity(upd["ConsumedCapacity"], cap) == {"total": 6.0, "table": 3.0, "by_g": 3.0}

    upd = ddb.update_item(TableName=cap, Key={"pk": item["pk"], "sk": item["sk"]},
                          UpdateExpression="REMOVE l", ReturnConsumedCapacity="INDEXES")
    # The table item is charged on the larger (before) size; the GSI entry likewise.
    assert capacity(upd["ConsumedCapacity"], cap) == {
        "total": 3.0 + 1.0 + 3.0, "table": 3.0, "by_l": 1.0, "by_g": 3.0}

    total = ddb.put_item(TableName=cap, Item=sized("p", "2", 700), ReturnConsumedCapacity="TOTAL")
    assert capacity(total["ConsumedCapacity"], cap) == {"total": 1.0}  # in neither index

    gone = ddb.delete_item(TableName=cap, Key={"pk": item["pk"], "sk": item["sk"]},
                           ReturnConsumedCapacity="INDEXES")
    assert capacity(gone["ConsumedCapacity"], cap) == {"total": 3.0 + 3.0, "table": 3.0, "by_g": 3.0}
    missing = ddb.delete_item(TableName=cap, Key={"pk": {"S": "none"}, "sk": {"S": "none"}},
                              ReturnConsumedCapacity="INDEXES")
    assert capacity(missing["ConsumedCapacity"], cap) == {"total": 1.0, "table": 1.0}


def test_put_over_an_existing_item_is_charged_on_the_larger(ddb, cap):
    """PutItem: "the larger of the two" of the old and new item, to the table and to the GSI
    entry it replaces (one write, the key did not move)."""
    ddb.put_item(TableName=cap, Item=sized("p", "big", 3000, g="g"))
    small = ddb.put_item(TableName=cap, Item=sized("p", "big", 100, g="g"),
                         ReturnConsumedCapacity="INDEXES")
    assert capacity(small["ConsumedCapacity"], cap) == {"total": 6.0, "table": 3.0, "by_g": 3.0}


def test_get_item_reads_in_4kb_blocks(ddb, cap):
    """GetItem: the item rounded up to 4 KB, halved when eventually consistent; a missing item
    still costs one read. INDEXES shows the table alone."""
    for total in (100, 4096, 4097, 9000):
        item = sized("get", str(total), total)
        ddb.put_item(TableName=cap, Item=item)
        key = {"pk": item["pk"], "sk": item["sk"]}
        for consistent in (False, True):
            got = ddb.get_item(TableName=cap, Key=key, ConsistentRead=consistent,
                               ReturnConsumedCapacity="INDEXES")
            units = reads(total, consistent)
            assert capacity(got["ConsumedCapacity"], cap) == {"total": units, "table": units}
    none = ddb.get_item(TableName=cap, Key={"pk": {"S": "no"}, "sk": {"S": "no"}},
                        ReturnConsumedCapacity="TOTAL")
    assert capacity(none["ConsumedCapacity"], cap) == {"total": 0.5}


def test_query_and_scan_charge_what_they_read_not_what_they_return(ddb, cap):
    """Query and Scan add up the items they read, before any filter, and round once: three
    items of 1,500 bytes are 4,500 bytes, two 4 KB blocks (one unit eventually consistent),
    though each item alone would be one block."""
    items = [sized("q", str(i), 1500, l=f"l{i}", g=f"gq{i}") for i in range(3)]
    for item in items:
        ddb.put_item(TableName=cap, Item=item)
    q = dict(TableName=cap, KeyConditionExpression="pk = :p",
             ExpressionAttributeValues={":p": {"S": "q"}})
    eventual = ddb.query(**q, ReturnConsumedCapacity="INDEXES")
    assert capacity(eventual["ConsumedCapacity"], cap) == {"total": 1.0, "table": 1.0}
    strong = ddb.query(**q, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert capacity(strong["ConsumedCapacity"], cap) == {"total": 2.0}
    filtered = ddb.query(**dict(q, ExpressionAttributeValues={":p": {"S": "q"}, ":none": {"S": "-"}}),
                         FilterExpression="zz = :none", ReturnConsumedCapacity="TOTAL")
    assert filtered["Count"] == 0 and filtered["ScannedCount"] == 3
    assert capacity(filtered["ConsumedCapacity"], cap) == {"total": 1.0}

    scan = ddb.scan(TableName=cap, ConsistentRead=True, ReturnConsumedCapacity="INDEXES",
                    FilterExpression="pk = :none", ExpressionAttributeValues={":none": {"S": "-"}})
    assert scan["Count"] == 0 and scan["ScannedCount"] == 3
    assert capacity(scan["ConsumedCapacity"], cap) == {"total": 2.0, "table": 2.0}


def test_index_reads_are_charged_to_the_index_and_lsi_fetches_to_the_table(ddb, cap):
    """A GSI query is charged to the GSI on its entries (ALL: the whole items), the table
    showing 0; an LSI query that needs unprojected attributes pays the index entries (summed,
    rounded once) to the LSI and each fetched table item, rounded up to 4 KB on its own, to the
    table."""
    items = [sized("i", str(i), 1500, l=f"l{i}", g="gi") for i in range(3)]
    for item in items:
        ddb.put_item(TableName=cap, Item=item)
    deadline = time.monotonic() + 5
    while True:  # the GSI is eventually consistent: wait for the three entries
        gsi = ddb.query(TableName=cap, IndexName="by_g", KeyConditionExpression="g = :g",
                        ExpressionAttributeValues={":g": {"S": "gi"}},
                        ReturnConsumedCapacity="INDEXES")
        if gsi["Count"] == 3 or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert gsi["Count"] == 3
    assert capacity(gsi["ConsumedCapacity"], cap) == {"total": 1.0, "table": 0.0, "by_g": 1.0}

    lsi = dict(TableName=cap, IndexName="by_l", KeyConditionExpression="pk = :p",
               ExpressionAttributeValues={":p": {"S": "i"}}, ReturnConsumedCapacity="INDEXES")
    keys_only = ddb.query(**lsi)
    entries = sum(lsi_entry(item) for item in items)
    assert capacity(keys_only["ConsumedCapacity"], cap) == {
        "total": reads(entries, False), "table": 0.0, "by_l": reads(entries, False)}
    fetched = ddb.query(**lsi, Select="ALL_ATTRIBUTES", ConsistentRead=True)
    assert fetched["Items"][0]["zz"] == items[0]["zz"]
    # Three fetches of 1,500 bytes: three blocks, where one sum would have been two.
    assert capacity(fetched["ConsumedCapacity"], cap) == {
        "total": 1.0 + 3.0, "table": 3.0, "by_l": 1.0}


def test_batch_operations_round_each_item_and_list_one_entry_per_table(ddb, cap, tables):
    """BatchGetItem rounds each item up to 4 KB before adding; BatchWriteItem each item up to
    1 KB, with the index writes of each; the ConsumedCapacity list has one entry per table."""
    other = tables.create(unique_name("cf_cap"))
    items = [sized("b", str(i), 1500, g=f"gb{i}") for i in range(2)]
    put = ddb.batch_write_item(ReturnConsumedCapacity="INDEXES", RequestItems={
        cap: [{"PutRequest": {"Item": item}} for item in items],
        other: [{"PutRequest": {"Item": {"pk": {"S": "o"}, "zz": {"S": "z" * 3000}}}}]})
    entries = {e["TableName"]: e for e in put["ConsumedCapacity"]}
    assert set(entries) == {cap, other}
    assert capacity(entries[cap], cap) == {"total": 8.0, "table": 4.0, "by_g": 4.0}
    assert capacity(entries[other], other) == {"total": 3.0, "table": 3.0}

    keys = [{"pk": item["pk"], "sk": item["sk"]} for item in items]
    got = ddb.batch_get_item(ReturnConsumedCapacity="TOTAL", RequestItems={
        cap: {"Keys": keys, "ConsistentRead": True}, other: {"Keys": [{"pk": {"S": "o"}}]}})
    entries = {e["TableName"]: e for e in got["ConsumedCapacity"]}
    assert capacity(entries[cap], cap) == {"total": 2.0}  # 2 x one block, not one 3 KB block
    assert capacity(entries[other], other) == {"total": 0.5}

    deleted = ddb.batch_write_item(ReturnConsumedCapacity="INDEXES", RequestItems={
        cap: [{"DeleteRequest": {"Key": key}} for key in keys]})
    entry, = deleted["ConsumedCapacity"]
    assert capacity(entry, cap) == {"total": 8.0, "table": 4.0, "by_g": 4.0}


def test_describe_limits(ddb):
    """DescribeLimits answers the default quotas: 80,000 units per account and 40,000 per
    table, for reads and writes."""
    limits = ddb.describe_limits()
    assert {k: v for k, v in limits.items() if k != "ResponseMetadata"} == {
        "AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000}

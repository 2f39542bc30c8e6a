"""Secondary indexes end to end (issue #5): definitions, maintenance on every write path,
index reads, online index changes and the session store's user_index.

GSIs are eventually consistent (drydock applies writes to them after --gsi-lag-ms, 25 ms by
default; DynamoDB Local at once), so GSI reads here poll with `eventually`, and a check that
something did NOT reach a GSI first waits for a later write to show up (a sentinel). LSI and
table reads are never polled: they are strongly consistent on every target. The lag itself
is pinned in test_gsi_consistency.py.

DynamoDB texts not confirmed by DynamoDB Local come from live-service probes published with
other DynamoDB clients and emulators (dynalite's recorded suite, ScyllaDB Alternator's
tests run against DynamoDB, ACK's DynamoDB API-quirks catalogue); where only part of a text
is known the test matches that part with a regular expression.
"""

import re
import time
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Key

from ddb_support import (
    RESOURCE_NOT_FOUND,
    VALIDATION,
    assert_client_error,
    assert_raw_error,
    per_target,
    unique_name,
    wait_for_absence,
    wait_for_status,
)

INVALID = "One or more parameter values were invalid: "
LIMIT_EXCEEDED = "com.amazonaws.dynamodb.v20120810#LimitExceededException"
PT1 = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
ONE_ONLINE_INDEX = ("Subscriber limit exceeded: Only 1 online index can be created or deleted "
                    "simultaneously per table")


# ---------------------------------------------------------------------------
# Helpers


def defs(*pairs):
    return [{"AttributeName": n, "AttributeType": t} for n, t in pairs]


def key_schema(hash_key, range_key=None):
    schema = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key:
        schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
    return schema


def projection(kind="ALL", non_key=None):
    p = {"ProjectionType": kind}
    if non_key is not None:
        p["NonKeyAttributes"] = list(non_key)
    return p


def gsi(name, hash_key, range_key=None, kind="ALL", non_key=None, throughput=None):
    index = {"IndexName": name, "KeySchema": key_schema(hash_key, range_key),
             "Projection": projection(kind, non_key)}
    if throughput:
        index["ProvisionedThroughput"] = throughput
    return index


def lsi(name, range_key, kind="ALL", non_key=None):
    return {"IndexName": name, "KeySchema": key_schema("pk", range_key),
            "Projection": projection(kind, non_key)}


def table_body(name=None, *, index_defs=(), gsis=None, lsis=None, range_key=True,
               provisioned=False):
    """CreateTable body: pk S (+ sk S), the given index key definitions and indexes."""
    body = {
        "TableName": name or unique_name("cf_idx"),
        "KeySchema": key_schema("pk", "sk" if range_key else None),
        "AttributeDefinitions": defs(("pk", "S"), *((("sk", "S"),) if range_key else ()),
                                     *index_defs),
    }
    if provisioned:
        body["ProvisionedThroughput"] = PT1
    else:
        body["BillingMode"] = "PAY_PER_REQUEST"
    if gsis is not None:
        body["GlobalSecondaryIndexes"] = gsis
    if lsis is not None:
        body["LocalSecondaryIndexes"] = lsis
    return body


def eventually(read, done, timeout=5.0):
    """Polls read() until done(result) holds (GSIs catch up after a lag); returns the last
    result so the caller's assertion shows what was seen."""
    deadline = time.monotonic() + timeout
    while True:
        result = read()
        if done(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.02)


def sort_keys(items):
    return sorted((i["pk"]["S"], i["sk"]["S"]) for i in items)


def query_all(ddb, table, index, kce, values, **extra):
    """Every item of an index Query, following LastEvaluatedKey."""
    items, start = [], None
    while True:
        args = dict(TableName=table, IndexName=index, KeyConditionExpression=kce,
                    ExpressionAttributeValues=values, **extra)
        if start:
            args["ExclusiveStartKey"] = start
        page = ddb.query(**args)
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def scan_all(ddb, table, index, **extra):
    items, start = [], None
    while True:
        args = dict(TableName=table, IndexName=index, **extra)
        if start:
            args["ExclusiveStartKey"] = start
        page = ddb.scan(**args)
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def describe_index(ddb, table, name):
    desc = ddb.describe_table(TableName=table)["Table"]
    for index in desc.get("GlobalSecondaryIndexes", []) + desc.get("LocalSecondaryIndexes", []):
        if index["IndexName"] == name:
            return index
    return None


def create_and_forget_on_success(raw, tables, body):
    """Sends a CreateTable that should fail; a table created by mistake is still cleaned up."""
    resp = raw.call("CreateTable", body)
    if resp.status == 200:
        tables.created.append(body["TableName"])
    return resp


# ---------------------------------------------------------------------------
# Definitions: CreateTable validation and DescribeTable shapes


def _many_gsis(count, **kw):
    return [gsi(f"gsi{i:02d}", "g", **kw) for i in range(count)]


def _include_gsis(count, per_index):
    return [gsi(f"inc{i}", "g", kind="INCLUDE", non_key=[f"a{i}_{j}" for j in range(per_index)])
            for i in range(count)]


CREATE_CASES = {
    "gsi_count_21": (
        lambda: table_body(index_defs=[("g", "S")], gsis=_many_gsis(21)),
        INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20",
        "GlobalSecondaryIndex count exceeds the per-table limit"),
    "duplicate_gsi_names": (
        lambda: table_body(index_defs=[("g", "S")], gsis=[gsi("dup", "g"), gsi("dup", "g")]),
        INVALID + "Duplicate index name: dup",
        "Two global secondary indices have the same name"),
    "include_without_non_key_attributes": (
        lambda: table_body(index_defs=[("g", "S")], gsis=[gsi("inc", "g", kind="INCLUDE")]),
        INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
        "If Projection type INCLUDE is specified, some non-key attributes to include in the "
        "projection must be specified as well"),
    "unknown_projection_type": (
        lambda: table_body(index_defs=[("g", "S")], gsis=[gsi("odd", "g", kind="SOME")]),
        "1 validation error detected: Value 'SOME' at "
        "'globalSecondaryIndexes.1.member.projection.projectionType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]",
        "Projection type must be INCLUDE, ALL, or KEYS_ONLY"),
    "projected_attributes_over_100": (
        lambda: table_body(index_defs=[("g", "S")], gsis=_include_gsis(6, 17)),
        re.compile(r"(One or more parameter values were invalid: )?Number of projected "
                   r"attributes in all indexes exceeds limit of 100"),
        "No more than 20 attributes per table can be projected into Local Secondary Indices"),
    "duplicate_non_key_attribute": (
        lambda: table_body(index_defs=[("g", "S")],
                           gsis=[gsi("inc", "g", kind="INCLUDE", non_key=["x", "y", "x"])]),
        re.compile(r"(One or more parameter values were invalid: )?Duplicate element in "
                   r"NonKeyAttributes: x"),
        "Cannot have two attributes with the same name"),
    "gsi_throughput_missing_on_provisioned_table": (
        lambda: table_body(index_defs=[("g", "S")], provisioned=True, gsis=[gsi("nopt", "g")]),
        INVALID + "ProvisionedThroughput is not specified for index: nopt",
        "No provisioned throughput specified for the global secondary index"),
}

DYNAMODB_ONLY_CREATE_CASES = {
    # DynamoDB Local accepts both of these.
    "gsi_throughput_on_pay_per_request_table": (
        lambda: table_body(index_defs=[("g", "S")], gsis=[gsi("withpt", "g", throughput=PT1)]),
        INVALID + "ProvisionedThroughput should not be specified for index: withpt when "
        "BillingMode is PAY_PER_REQUEST"),
    "non_key_attributes_over_20_in_one_index": (
        lambda: table_body(index_defs=[("g", "S")], gsis=_include_gsis(1, 21)),
        re.compile(r"1 validation error detected: Value '\[.*\]' at "
                   r"'globalSecondaryIndexes\.1\.member\.projection\.nonKeyAttributes' failed to "
                   r"satisfy constraint: Member must have length less than or equal to 20")),
}


@pytest.mark.parametrize("case", sorted(CREATE_CASES))
def test_create_table_index_definition_errors(raw, tables, case):
    """CreateTable rejects index definitions past DynamoDB's limits or rules, with its text."""
    make_body, dynamodb_message, local_message = CREATE_CASES[case]
    resp = create_and_forget_on_success(raw, tables, make_body())
    assert_raw_error(resp, VALIDATION, per_target(dynamodb_message, local_message))


@pytest.mark.dynamodb_only
@pytest.mark.parametrize("case", sorted(DYNAMODB_ONLY_CREATE_CASES))
def test_create_table_index_definition_errors_dynamodb_only(raw, tables, case):
    """GSI throughput must follow the billing mode; an index projects at most 20 attributes."""
    make_body, message = DYNAMODB_ONLY_CREATE_CASES[case]
    assert_raw_error(create_and_forget_on_success(raw, tables, make_body()), VALIDATION, message)


def test_index_limits_accepted_at_their_maximum(ddb, tables):
    """5 LSIs, 20 GSIs and 100 projected non-key attributes (5 x 20) fit in one table."""
    gsis = _include_gsis(5, 20) + [gsi(f"all{i:02d}", "g") for i in range(15)]
    lsis = [lsi(f"lsi{i}", "r", kind="KEYS_ONLY") for i in range(5)]
    name = unique_name("cf_idx_max")
    tables.create_raw(table_body(name, index_defs=[("g", "S"), ("r", "N")], gsis=gsis, lsis=lsis))
    table = wait_for_status(ddb, name)
    assert sorted(i["IndexName"] for i in table["GlobalSecondaryIndexes"]) == sorted(
        i["IndexName"] for i in gsis)
    assert sorted(i["IndexName"] for i in table["LocalSecondaryIndexes"]) == [
        f"lsi{i}" for i in range(5)]
    projected = sum(len(i["Projection"].get("NonKeyAttributes", []))
                    for i in table["GlobalSecondaryIndexes"])
    assert projected == 100


def test_index_descriptions(ddb, tables):
    """LSI and GSI descriptions carry exactly the fields DynamoDB reports."""
    # An LSI: name, keys, projection, size, count, ARN. A GSI adds IndexStatus and
    # ProvisionedThroughput (0/0 on demand); one made by CreateTable never shows Backfilling.
    name = unique_name("cf_idx_desc")
    created = tables.create_raw(table_body(
        name, index_defs=[("r", "N"), ("g", "S")],
        lsis=[lsi("by_r", "r", kind="KEYS_ONLY")],
        gsis=[gsi("by_g", "g", "r", kind="INCLUDE", non_key=["note"])]))["TableDescription"]
    assert "Backfilling" not in created["GlobalSecondaryIndexes"][0]
    table = wait_for_status(ddb, name)
    [local] = table["LocalSecondaryIndexes"]
    assert set(local) == {"IndexName", "KeySchema", "Projection", "IndexSizeBytes", "ItemCount",
                          "IndexArn"}
    assert local["KeySchema"] == key_schema("pk", "r")
    assert local["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert (local["IndexSizeBytes"], local["ItemCount"]) == (0, 0)
    assert local["IndexArn"].endswith(f":table/{name}/index/by_r")
    [glob] = table["GlobalSecondaryIndexes"]
    assert {"IndexName", "KeySchema", "Projection", "IndexStatus", "ProvisionedThroughput",
            "IndexSizeBytes", "ItemCount", "IndexArn"} <= set(glob)
    assert "Backfilling" not in glob
    assert glob["IndexStatus"] == "ACTIVE"
    assert glob["KeySchema"] == key_schema("g", "r")
    assert glob["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]}
    assert glob["ProvisionedThroughput"] == per_target(
        {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
        {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0})
    assert (glob["IndexSizeBytes"], glob["ItemCount"]) == (0, 0)
    assert glob["IndexArn"].endswith(f":table/{name}/index/by_g")


@pytest.mark.dynamodb_only
def test_index_descriptions_creating_and_ordered(ddb, tables):
    """GSIs are CREATING with their table, listed in submitted order, NonKeyAttributes sorted."""
    # DynamoDB Local neither orders nor waits.
    name = unique_name("cf_idx_order")
    created = tables.create_raw(table_body(
        name, index_defs=[("z", "S"), ("a", "S")],
        gsis=[gsi("g_z", "z", kind="INCLUDE", non_key=["zz", "aa", "mm"]), gsi("g_a", "a")]),
        wait=False)["TableDescription"]
    assert [i["IndexStatus"] for i in created["GlobalSecondaryIndexes"]] == ["CREATING"] * 2
    table = wait_for_status(ddb, name)
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["g_z", "g_a"]
    assert table["GlobalSecondaryIndexes"][0]["Projection"]["NonKeyAttributes"] == [
        "aa", "mm", "zz"]


# ---------------------------------------------------------------------------
# Maintenance on every write path (sparse indexes)


@pytest.fixture
def maint(tables):
    """pk S + sk S; LSI by_rank (pk, rank N) KEYS_ONLY; GSI by_grp (grp S) INCLUDE note."""
    name = unique_name("cf_idx_maint")
    tables.create_raw(table_body(
        name, index_defs=[("rank", "N"), ("grp", "S")],
        lsis=[lsi("by_rank", "rank", kind="KEYS_ONLY")],
        gsis=[gsi("by_grp", "grp", kind="INCLUDE", non_key=["note"])]))
    return name


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def lsi_sks(ddb, table, pk="p"):
    """Sort keys in the LSI for one partition, in index order (read at once: LSIs are never
    stale)."""
    items = query_all(ddb, table, "by_rank", "pk = :p", {":p": S(pk)})
    return [i["sk"]["S"] for i in items]


def gsi_sks(ddb, table, grp):
    items = query_all(ddb, table, "by_grp", "grp = :g", {":g": S(grp)})
    return sorted(i["sk"]["S"] for i in items)


def gsi_eventually(ddb, table, grp, expected):
    return eventually(lambda: gsi_sks(ddb, table, grp), lambda got: got == sorted(expected))


def settle_gsi(ddb, table):
    """Writes a sentinel item and waits until the GSI shows it: every write made before it
    has then been applied too (drydock applies GSI updates in write order)."""
    sentinel = unique_name("sentinel")
    ddb.put_item(TableName=table, Item={"pk": S("sentinel"), "sk": S(sentinel),
                                        "grp": S(sentinel)})
    assert gsi_eventually(ddb, table, sentinel, [sentinel]) == [sentinel]


def item(sk, grp=None, rank=None, **attrs):
    out = {"pk": S("p"), "sk": S(sk)}
    if grp is not None:
        out["grp"] = S(grp)
    if rank is not None:
        out["rank"] = N(rank)
    out.update({k: S(v) for k, v in attrs.items()})
    return out


def test_put_item_indexes_only_items_with_the_index_key(ddb, maint):
    """PutItem indexes an item only where it has the index key (sparse indexes)."""
    ddb.put_item(TableName=maint, Item=item("i1", grp="A", rank=1))
    ddb.put_item(TableName=maint, Item=item("i2", rank=2))
    ddb.put_item(TableName=maint, Item=item("i3", grp="A"))
    ddb.put_item(TableName=maint, Item=item("i4", note="in no index"))
    assert lsi_sks(ddb, maint) == ["i1", "i2"]
    assert gsi_eventually(ddb, maint, "A", ["i1", "i3"]) == ["i1", "i3"]
    assert sort_keys(eventually(lambda: scan_all(ddb, maint, "by_grp"),
                                lambda got: len(got) == 2)) == [("p", "i1"), ("p", "i3")]

    ddb.put_item(TableName=maint, Item=item("i1", note="keys gone"))
    assert lsi_sks(ddb, maint) == ["i2"]
    assert gsi_eventually(ddb, maint, "A", ["i3"]) == ["i3"]


def test_update_item_adds_moves_and_removes_index_entries(ddb, maint):
    """UpdateItem setting, changing or removing an index key adds, moves or drops the entry."""
    # Projected attributes follow the item; unprojected ones stay out of a GSI.
    key = {"pk": S("p"), "sk": S("u1")}
    ddb.update_item(TableName=maint, Key=key, UpdateExpression="SET grp = :a, #r = :r, note = :n",
                    ExpressionAttributeNames={"#r": "rank"},
                    ExpressionAttributeValues={":a": S("A"), ":r": N(3), ":n": S("n1")})
    assert lsi_sks(ddb, maint) == ["u1"]
    assert gsi_eventually(ddb, maint, "A", ["u1"]) == ["u1"]

    ddb.update_item(TableName=maint, Key=key,
                    UpdateExpression="SET grp = :b, note = :n, secret = :s",
                    ExpressionAttributeValues={":b": S("B"), ":n": S("n2"), ":s": S("hidden")})
    assert gsi_eventually(ddb, maint, "B", ["u1"]) == ["u1"]
    assert gsi_eventually(ddb, maint, "A", []) == []
    [entry] = query_all(ddb, maint, "by_grp", "grp = :g", {":g": S("B")})
    assert entry == {"pk": S("p"), "sk": S("u1"), "grp": S("B"), "note": S("n2")}

    ddb.update_item(TableName=maint, Key=key, UpdateExpression="REMOVE grp, #r",
                    ExpressionAttributeNames={"#r": "rank"})
    assert lsi_sks(ddb, maint) == []
    assert gsi_eventually(ddb, maint, "B", []) == []
    assert ddb.get_item(TableName=maint, Key=key, ConsistentRead=True)["Item"] == {
        **key, "note": S("n2"), "secret": S("hidden")}


def test_update_item_moves_lsi_entry_in_index_order(ddb, maint):
    """Changing an LSI sort key re-sorts the item within its partition at once."""
    for sk, rank in (("a", 1), ("b", 2), ("c", 3)):
        ddb.put_item(TableName=maint, Item=item(sk, rank=rank))
    assert lsi_sks(ddb, maint) == ["a", "b", "c"]
    ddb.update_item(TableName=maint, Key={"pk": S("p"), "sk": S("a")},
                    UpdateExpression="SET #r = :r", ExpressionAttributeNames={"#r": "rank"},
                    ExpressionAttributeValues={":r": N(9)})
    assert lsi_sks(ddb, maint) == ["b", "c", "a"]


def test_delete_item_removes_index_entries(ddb, maint):
    """DeleteItem takes the item out of every index."""
    ddb.put_item(TableName=maint, Item=item("d1", grp="A", rank=1))
    ddb.put_item(TableName=maint, Item=item("d2", grp="A", rank=2))
    assert gsi_eventually(ddb, maint, "A", ["d1", "d2"]) == ["d1", "d2"]
    ddb.delete_item(TableName=maint, Key={"pk": S("p"), "sk": S("d1")})
    assert lsi_sks(ddb, maint) == ["d2"]
    assert gsi_eventually(ddb, maint, "A", ["d2"]) == ["d2"]


def test_batch_write_maintains_indexes(ddb, maint):
    """BatchWriteItem puts and deletes maintain the indexes like the single-item calls."""
    ddb.batch_write_item(RequestItems={maint: [
        {"PutRequest": {"Item": item("b1", grp="A", rank=1)}},
        {"PutRequest": {"Item": item("b2", grp="A")}},
        {"PutRequest": {"Item": item("b3", rank=3)}},
        {"PutRequest": {"Item": item("b4", grp="B", rank=4)}},
    ]})
    assert lsi_sks(ddb, maint) == ["b1", "b3", "b4"]
    assert gsi_eventually(ddb, maint, "A", ["b1", "b2"]) == ["b1", "b2"]
    ddb.batch_write_item(RequestItems={maint: [
        {"DeleteRequest": {"Key": {"pk": S("p"), "sk": S("b1")}}},
        {"PutRequest": {"Item": item("b4", grp="A")}},
    ]})
    assert lsi_sks(ddb, maint) == ["b3"]
    assert gsi_eventually(ddb, maint, "A", ["b2", "b4"]) == ["b2", "b4"]
    assert gsi_eventually(ddb, maint, "B", []) == []


def test_legacy_attribute_updates_maintain_indexes(ddb, maint):
    """AttributeUpdates PUT of an index key adds the entry; DELETE of it removes the entry."""
    key = {"pk": S("p"), "sk": S("l1")}
    ddb.update_item(TableName=maint, Key=key, AttributeUpdates={
        "grp": {"Action": "PUT", "Value": S("A")}, "rank": {"Action": "PUT", "Value": N(1)}})
    assert lsi_sks(ddb, maint) == ["l1"]
    assert gsi_eventually(ddb, maint, "A", ["l1"]) == ["l1"]
    ddb.update_item(TableName=maint, Key=key, AttributeUpdates={
        "grp": {"Action": "DELETE"}, "rank": {"Action": "DELETE"}})
    assert lsi_sks(ddb, maint) == []
    assert gsi_eventually(ddb, maint, "A", []) == []


def test_failed_conditional_write_leaves_indexes_unchanged(ddb, maint):
    """A write whose condition fails changes no index."""
    ddb.put_item(TableName=maint, Item=item("c1", grp="A", rank=1))
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
        ddb.put_item(TableName=maint, Item=item("c1", grp="B", rank=2),
                     ConditionExpression="attribute_not_exists(pk)")
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
        ddb.delete_item(TableName=maint, Key={"pk": S("p"), "sk": S("c1")},
                        ConditionExpression="grp = :b", ExpressionAttributeValues={":b": S("B")})
    settle_gsi(ddb, maint)
    assert gsi_sks(ddb, maint, "A") == ["c1"]
    assert gsi_sks(ddb, maint, "B") == []
    [entry] = query_all(ddb, maint, "by_rank", "pk = :p", {":p": S("p")})
    assert entry["rank"] == N(1)


# ---------------------------------------------------------------------------
# Index key validation on writes


@pytest.fixture(scope="module")
def keyed(module_tables):
    """pk S + sk S; LSI by_num (pk, num N); GSIs by_str (str S) and by_bin (bin B)."""
    name = unique_name("cf_idx_keys")
    module_tables.create_raw(table_body(
        name, index_defs=[("num", "N"), ("str", "S"), ("bin", "B")],
        lsis=[lsi("by_num", "num", kind="KEYS_ONLY")],
        gsis=[gsi("by_str", "str"), gsi("by_bin", "bin", kind="KEYS_ONLY")]))
    return name


LOCAL_MISMATCH = INVALID + "Type mismatch for Index Key"
LOCAL_BAD_TYPE = "Invalid attribute value type"
EMPTY_KEY = ("One or more parameter values are not valid. A value specified for a secondary "
             "index key is not supported. The AttributeValue for a key attribute cannot contain "
             "an empty {kind} value. IndexName: {index}, IndexKey: {attr}")
UPDATE_EMPTY_KEY = ("One or more parameter values are not valid. The update expression attempted "
                    "to update a secondary index key to a value that is not supported. The "
                    "AttributeValue for a key attribute cannot contain an empty {kind} value.")


def mismatch(attr, expected, actual, index):
    return (INVALID + f"Type mismatch for Index Key {attr} Expected: {expected} Actual: {actual} "
            f"IndexName: {index}")


def put(attr, value):
    return ("PutItem", {attr: value})


def batch_put(attr, value):
    return ("BatchWriteItem", {attr: value})


def update_set(attr, value):
    return ("UpdateExpression", {attr: value})


def attribute_updates(attr, value):
    return ("AttributeUpdates", {attr: value})


KEY_CASES = {
    "put_gsi_key_wrong_type": (put("str", N(1)), mismatch("str", "S", "N", "by_str"),
                               LOCAL_MISMATCH),
    "put_lsi_key_wrong_type": (put("num", S("1")), mismatch("num", "N", "S", "by_num"),
                               LOCAL_MISMATCH),
    "put_binary_gsi_key_as_string": (put("bin", S("x")), mismatch("bin", "B", "S", "by_bin"),
                                     LOCAL_MISMATCH),
    "put_gsi_key_null": (put("str", {"NULL": True}), mismatch("str", "S", "NULL", "by_str"),
                         LOCAL_BAD_TYPE),
    "put_gsi_key_list": (put("str", {"L": [S("a")]}), mismatch("str", "S", "L", "by_str"),
                         LOCAL_BAD_TYPE),
    "put_gsi_key_empty_string": (put("str", S("")),) + (EMPTY_KEY.format(
        kind="string", index="by_str", attr="str"),) * 2,
    "put_gsi_key_empty_binary": (put("bin", {"B": ""}),) + (EMPTY_KEY.format(
        kind="binary", index="by_bin", attr="bin"),) * 2,
    "batch_put_gsi_key_wrong_type": (batch_put("str", N(1)), mismatch("str", "S", "N", "by_str"),
                                     LOCAL_MISMATCH),
    "batch_put_gsi_key_empty_string": (batch_put("str", S("")),) + (EMPTY_KEY.format(
        kind="string", index="by_str", attr="str"),) * 2,
    "update_expression_empty_string": (update_set("str", S("")),) + (
        UPDATE_EMPTY_KEY.format(kind="string"),) * 2,
    "update_expression_empty_binary": (update_set("bin", {"B": ""}),) + (
        UPDATE_EMPTY_KEY.format(kind="binary"),) * 2,
    "attribute_updates_empty_string": (attribute_updates("str", S("")),) + (EMPTY_KEY.format(
        kind="string", index="by_str", attr="str"),) * 2,
}

# DynamoDB Local lets these through and stores the mistyped value.
DYNAMODB_ONLY_KEY_CASES = {
    "update_expression_gsi_key_wrong_type": (update_set("str", N(1)),
                                             mismatch("str", "S", "N", "by_str")),
    "update_expression_lsi_key_wrong_type": (update_set("num", S("x")),
                                             mismatch("num", "N", "S", "by_num")),
    "attribute_updates_gsi_key_wrong_type": (attribute_updates("str", N(1)),
                                             mismatch("str", "S", "N", "by_str")),
}


def send_index_key_write(raw, table, path, attrs, pk):
    key = {"pk": S(pk), "sk": S("k")}
    if path == "PutItem":
        return raw.call("PutItem", {"TableName": table, "Item": {**key, **attrs}})
    if path == "BatchWriteItem":
        return raw.call("BatchWriteItem", {"RequestItems": {table: [
            {"PutRequest": {"Item": {**key, **attrs}}}]}})
    [(attr, value)] = attrs.items()
    if path == "UpdateExpression":
        return raw.call("UpdateItem", {"TableName": table, "Key": key,
                                       "UpdateExpression": "SET #a = :v",
                                       "ExpressionAttributeNames": {"#a": attr},
                                       "ExpressionAttributeValues": {":v": value}})
    return raw.call("UpdateItem", {"TableName": table, "Key": key,
                                   "AttributeUpdates": {attr: {"Action": "PUT", "Value": value}}})


def _check_index_key_write(raw, ddb, table, case, write, message):
    path, attrs = write
    pk = unique_name(case)
    assert_raw_error(send_index_key_write(raw, table, path, attrs, pk), VALIDATION, message)
    # Nothing was written.
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": S(pk), "sk": S("k")},
                                      ConsistentRead=True)


@pytest.mark.parametrize("case", sorted(KEY_CASES))
def test_index_key_validation_on_writes(raw, ddb, keyed, case):
    """An index key of the wrong type or empty is a ValidationException on every write path."""
    # The message names the index; nothing is stored.
    write, dynamodb_message, local_message = KEY_CASES[case]
    _check_index_key_write(raw, ddb, keyed, case, write, per_target(dynamodb_message,
                                                                    local_message))


@pytest.mark.dynamodb_only
@pytest.mark.parametrize("case", sorted(DYNAMODB_ONLY_KEY_CASES))
def test_index_key_type_checked_on_updates(raw, ddb, keyed, case):
    """UpdateItem may not give an index key attribute a type other than its definition."""
    write, message = DYNAMODB_ONLY_KEY_CASES[case]
    _check_index_key_write(raw, ddb, keyed, case, write, message)


def test_index_key_attributes_may_be_absent_or_removed(ddb, keyed):
    """Index keys are optional: an item without them, or one that REMOVEs them, is stored."""
    key = {"pk": S("optional"), "sk": S("k")}
    ddb.put_item(TableName=keyed, Item={**key, "str": S("s"), "num": N(1), "bin": {"B": b"\x01"}})
    ddb.update_item(TableName=keyed, Key=key, UpdateExpression="REMOVE str, num, bin")
    assert ddb.get_item(TableName=keyed, Key=key, ConsistentRead=True)["Item"] == key


# ---------------------------------------------------------------------------
# Reads: Query and Scan with IndexName

PARTITIONS = ("p0", "p1")
PER_PARTITION = 10


def read_item(pk, i):
    out = {"pk": S(pk), "sk": S(f"s{i:02d}"), "rank": N(i % 3), "tag": S("all"),
           "color": S("red" if i % 2 == 0 else "blue"), "note": S(f"n{i}"),
           "secret": S(f"x{pk}{i}")}
    if i < 8:  # the last two items of each partition are not in by_grp (sparse)
        out["grp"] = S(f"g{i % 2}")
        out["score"] = N(i % 3)
    return out


READ_ITEMS = [read_item(pk, i) for pk in PARTITIONS for i in range(PER_PARTITION)]


@pytest.fixture(scope="module")
def reads(module_tables):
    """20 items; LSI by_rank (pk, rank) KEYS_ONLY; GSIs by_grp (grp, score) INCLUDE note,
    by_tag (tag; one value for all items) KEYS_ONLY, by_color (color) ALL."""
    client = module_tables.client
    name = unique_name("cf_idx_reads")
    module_tables.create_raw(table_body(
        name, index_defs=[("rank", "N"), ("grp", "S"), ("score", "N"), ("tag", "S"),
                          ("color", "S")],
        lsis=[lsi("by_rank", "rank", kind="KEYS_ONLY")],
        gsis=[gsi("by_grp", "grp", "score", kind="INCLUDE", non_key=["note"]),
              gsi("by_tag", "tag", kind="KEYS_ONLY"), gsi("by_color", "color")]))
    for start in range(0, len(READ_ITEMS), 25):
        client.batch_write_item(RequestItems={name: [
            {"PutRequest": {"Item": it}} for it in READ_ITEMS[start:start + 25]]})
    for index, count in (("by_grp", 16), ("by_tag", 20), ("by_color", 20)):
        got = eventually(lambda: scan_all(client, name, index), lambda got: len(got) == count)
        assert len(got) == count, f"{index} never caught up: {len(got)} of {count}"
    return name


def test_gsi_default_select_is_all_projected_attributes(ddb, reads):
    """An index Query without Select returns the projected attributes (ALL_PROJECTED_ATTRIBUTES)."""
    values = {":g": S("g0")}
    items = query_all(ddb, reads, "by_grp", "grp = :g", values)
    assert len(items) == 8
    assert all(set(i) == {"pk", "sk", "grp", "score", "note"} for i in items)
    explicit = query_all(ddb, reads, "by_grp", "grp = :g", values,
                         Select="ALL_PROJECTED_ATTRIBUTES")
    assert sort_keys(explicit) == sort_keys(items)
    assert all(set(i) == {"pk", "sk", "grp", "score", "note"} for i in explicit)


def test_keys_only_gsi_returns_only_keys(ddb, reads):
    """A KEYS_ONLY GSI returns the table key and the index key, nothing else."""
    items = query_all(ddb, reads, "by_tag", "tag = :t", {":t": S("all")})
    assert len(items) == 20
    assert all(set(i) == {"pk", "sk", "tag"} for i in items)


def test_all_projection_gsi_returns_whole_items(ddb, reads):
    """A GSI projecting ALL returns whole items, by default and with ALL_ATTRIBUTES."""
    expected = sorted((i for i in READ_ITEMS if i["color"] == S("red")),
                      key=lambda i: (i["pk"]["S"], i["sk"]["S"]))
    for select in ({}, {"Select": "ALL_ATTRIBUTES"}):
        items = query_all(ddb, reads, "by_color", "color = :c", {":c": S("red")}, **select)
        assert sorted(items, key=lambda i: (i["pk"]["S"], i["sk"]["S"])) == expected


def test_lsi_fetches_unprojected_attributes_from_the_table(ddb, reads):
    """An LSI asked for attributes it does not project fetches them from the table."""
    items = query_all(ddb, reads, "by_rank", "pk = :p", {":p": S("p0")},
                      ProjectionExpression="secret, note, sk")
    assert sorted((i["sk"]["S"], i["secret"]["S"], i["note"]["S"]) for i in items) == sorted(
        (i["sk"]["S"], i["secret"]["S"], i["note"]["S"]) for i in READ_ITEMS
        if i["pk"] == S("p0"))
    whole = query_all(ddb, reads, "by_rank", "pk = :p AND #r = :r", {":p": S("p1"), ":r": N(2)},
                      ExpressionAttributeNames={"#r": "rank"}, Select="ALL_ATTRIBUTES")
    assert sorted(whole, key=lambda i: i["sk"]["S"]) == [
        i for i in READ_ITEMS if i["pk"] == S("p1") and i["rank"] == N(2)]


def test_lsi_allows_consistent_reads(ddb, reads):
    """ConsistentRead is allowed on an LSI (only GSIs refuse it)."""
    resp = ddb.query(TableName=reads, IndexName="by_rank", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": S("p0")}, ConsistentRead=True,
                     Select="COUNT")
    assert resp["Count"] == PER_PARTITION


def test_gsi_projection_expression_of_unprojected_attribute(raw, reads):
    """A GSI cannot return attributes it does not project: asking for one is rejected."""
    resp = raw.call("Query", {"TableName": reads, "IndexName": "by_grp",
                              "KeyConditionExpression": "grp = :g",
                              "ExpressionAttributeValues": {":g": S("g0")},
                              "ProjectionExpression": "note, secret"})
    assert_raw_error(resp, VALIDATION, per_target(
        re.compile(re.escape(INVALID + "Global secondary index by_grp does not project ") + ".+"),
        INVALID + "Global secondary index by_grp does not project [secret]"))


@pytest.mark.parametrize("index,kce,values", [
    ("by_grp", "grp = :g", {":g": S("g0")}),
    ("by_rank", "pk = :g", {":g": S("p0")}),
])
def test_query_filter_on_unprojected_attribute(raw, reads, index, kce, values):
    """A Query filter on an index may only use attributes the index projects (GSI and LSI)."""
    resp = raw.call("Query", {"TableName": reads, "IndexName": index,
                              "KeyConditionExpression": kce, "FilterExpression": "secret = :s",
                              "ExpressionAttributeValues": {**values, ":s": S("x")}})
    assert_raw_error(resp, VALIDATION, INVALID + f"Secondary index {index} does not project one "
                     "or more filter attributes: [secret]")


LEK_CASES = {
    "query_lsi": ("Query", "by_rank", {"KeyConditionExpression": "pk = :p",
                                       "ExpressionAttributeValues": {":p": S("p0")}},
                  {"pk", "sk", "rank"}),
    "query_gsi_hash_range": ("Query", "by_grp", {"KeyConditionExpression": "grp = :g",
                                                 "ExpressionAttributeValues": {":g": S("g1")}},
                             {"pk", "sk", "grp", "score"}),
    "query_gsi_hash_only": ("Query", "by_tag", {"KeyConditionExpression": "tag = :t",
                                                "ExpressionAttributeValues": {":t": S("all")}},
                            {"pk", "sk", "tag"}),
    "scan_lsi": ("Scan", "by_rank", {}, {"pk", "sk", "rank"}),
    "scan_gsi": ("Scan", "by_grp", {}, {"pk", "sk", "grp", "score"}),
}


@pytest.mark.parametrize("case", sorted(LEK_CASES))
def test_index_last_evaluated_key_has_table_and_index_keys(ddb, reads, case):
    """An index page's LastEvaluatedKey is exactly the table key plus the index key."""
    op, index, args, expected = LEK_CASES[case]
    call = ddb.query if op == "Query" else ddb.scan
    page = call(TableName=reads, IndexName=index, Limit=2, **args)
    assert len(page["Items"]) == 2
    lek = page["LastEvaluatedKey"]
    assert set(lek) == expected
    last = next(i for i in READ_ITEMS
                if i["pk"] == page["Items"][-1]["pk"] and i["sk"] == page["Items"][-1]["sk"])
    assert lek == {a: last[a] for a in expected}


def test_hash_only_table_gsi_last_evaluated_key(ddb, tables):
    """On a table keyed by pk alone, a GSI page's LastEvaluatedKey is {pk, index key}."""
    name = unique_name("cf_idx_hash")
    tables.create_raw(table_body(name, range_key=False, index_defs=[("g", "S")],
                                 gsis=[gsi("by_g", "g")]))
    for i in range(3):
        ddb.put_item(TableName=name, Item={"pk": S(f"k{i}"), "g": S("same"), "v": N(i)})
    eventually(lambda: scan_all(ddb, name, "by_g"), lambda got: len(got) == 3)
    page = ddb.query(TableName=name, IndexName="by_g", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": S("same")}, Limit=1)
    assert page["LastEvaluatedKey"] == {"pk": page["Items"][0]["pk"], "g": S("same")}


PAGING_CASES = {
    "query_gsi_same_hash_key": ("Query", "by_tag", {"KeyConditionExpression": "tag = :t",
                                                    "ExpressionAttributeValues": {":t": S("all")}}),
    "query_gsi_same_sort_key": ("Query", "by_grp", {"KeyConditionExpression": "grp = :g",
                                                    "ExpressionAttributeValues": {":g": S("g0")}}),
    "query_lsi_same_sort_key": ("Query", "by_rank", {"KeyConditionExpression": "pk = :p",
                                                     "ExpressionAttributeValues": {":p": S("p1")}}),
    "query_gsi_backward": ("Query", "by_grp", {"KeyConditionExpression": "grp = :g",
                                               "ExpressionAttributeValues": {":g": S("g1")},
                                               "ScanIndexForward": False}),
    "scan_gsi": ("Scan", "by_tag", {}),
    "scan_lsi": ("Scan", "by_rank", {}),
}


@pytest.mark.parametrize("limit", [1, 3])
@pytest.mark.parametrize("case", sorted(PAGING_CASES))
def test_duplicate_index_keys_paginate_exactly_once(ddb, reads, case, limit):
    """Items sharing an index key page through exactly once, whatever the page size."""
    op, index, args = PAGING_CASES[case]
    call = ddb.query if op == "Query" else ddb.scan
    everything = call(TableName=reads, IndexName=index, **args)["Items"]
    assert len(everything) >= 4
    seen, start, pages = [], None, 0
    while True:
        extra = {"ExclusiveStartKey": start} if start else {}
        page = call(TableName=reads, IndexName=index, Limit=limit, **args, **extra)
        pages += 1
        assert len(page["Items"]) <= limit
        seen += [(i["pk"]["S"], i["sk"]["S"]) for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
        assert pages <= len(everything) + 1, "pagination does not terminate"
    assert len(seen) == len(set(seen)), f"items repeated across pages: {seen}"
    assert sorted(seen) == sort_keys(everything)
    assert pages >= -(-len(everything) // limit)


def test_gsi_query_orders_by_index_sort_key(ddb, reads):
    """A GSI Query runs in index sort-key order; range conditions use the index sort key."""
    args = dict(TableName=reads, IndexName="by_grp", KeyConditionExpression="grp = :g",
                ExpressionAttributeValues={":g": S("g1")})
    forward = [int(i["score"]["N"]) for i in ddb.query(**args)["Items"]]
    backward = [int(i["score"]["N"]) for i in ddb.query(ScanIndexForward=False, **args)["Items"]]
    assert forward == sorted(forward) and len(forward) == 8
    assert backward == sorted(forward, reverse=True)
    ranged = ddb.query(TableName=reads, IndexName="by_grp",
                       KeyConditionExpression="grp = :g AND score BETWEEN :lo AND :hi",
                       ExpressionAttributeValues={":g": S("g0"), ":lo": N(1), ":hi": N(2)})
    assert sort_keys(ranged["Items"]) == sorted(
        (i["pk"]["S"], i["sk"]["S"]) for i in READ_ITEMS
        if i.get("grp") == S("g0") and i["score"] in (N(1), N(2)))


# ---------------------------------------------------------------------------
# Online index changes: UpdateTable GlobalSecondaryIndexUpdates


def create_gsi_update(table, name, attr, attr_type="S", *, with_defs=True, throughput=None,
                      extra_defs=()):
    body = {"TableName": table, "GlobalSecondaryIndexUpdates": [
        {"Create": gsi(name, attr, throughput=throughput)}]}
    if with_defs:
        body["AttributeDefinitions"] = defs((attr, attr_type), *extra_defs)
    return body


def wait_for_index_gone(ddb, table, name, timeout=15.0):
    deadline = time.monotonic() + timeout
    while describe_index(ddb, table, name) is not None:
        assert time.monotonic() < deadline, f"index {name} still listed after {timeout}s"
        time.sleep(0.05)
    return ddb.describe_table(TableName=table)["Table"]


def test_create_gsi_backfills_existing_items(ddb, raw, tables):
    """UpdateTable Create backfills existing items into a new CREATING GSI, then ACTIVE."""
    # The backfill is sparse, and from then on the index key type is enforced on writes.
    name = tables.create()
    for i in range(30):
        attrs = {"h": S(f"h{i % 3}")} if i < 24 else {}
        ddb.put_item(TableName=name, Item={"pk": S(f"k{i:02d}"), "v": N(i), **attrs})

    resp = raw.call("UpdateTable", create_gsi_update(name, "by_h", "h"))
    assert resp.status == 200, resp.body
    desc = resp.json()["TableDescription"]
    [new] = desc["GlobalSecondaryIndexes"]
    assert new["IndexName"] == "by_h"
    assert new["IndexStatus"] == "CREATING"
    assert new["KeySchema"] == key_schema("h")
    assert new["Projection"] == {"ProjectionType": "ALL"}
    assert new["IndexArn"].endswith(f":table/{name}/index/by_h")
    assert isinstance(new.get("Backfilling", False), bool)
    assert {"AttributeName": "h", "AttributeType": "S"} in desc["AttributeDefinitions"]

    # DynamoDB refuses reads while the index backfills. drydock's backfill of 30 items is
    # usually over before the next request, so this is checked only when the window is seen.
    before = describe_index(ddb, name, "by_h")
    query = {"TableName": name, "IndexName": "by_h", "KeyConditionExpression": "h = :h",
             "ExpressionAttributeValues": {":h": S("h0")}}
    early = raw.call("Query", query)
    after = describe_index(ddb, name, "by_h")
    if before["IndexStatus"] == after["IndexStatus"] == "CREATING" and after.get("Backfilling"):
        assert_raw_error(early, VALIDATION,
                         "Cannot read from backfilling global secondary index: by_h")

    table = wait_for_status(ddb, name)
    [active] = table["GlobalSecondaryIndexes"]
    assert active["IndexStatus"] == "ACTIVE"
    assert not active.get("Backfilling", False)
    assert sorted(i["pk"]["S"] for i in query_all(ddb, name, "by_h", "h = :h",
                                                  {":h": S("h0")})) == [
        f"k{i:02d}" for i in range(0, 24, 3)]
    assert len(scan_all(ddb, name, "by_h")) == 24  # not the 6 items without h

    with pytest.raises(ddb.exceptions.ClientError) as excinfo:
        ddb.put_item(TableName=name, Item={"pk": S("new"), "h": N(1)})
    assert_client_error(excinfo, "ValidationException",
                        per_target(mismatch("h", "S", "N", "by_h"), LOCAL_MISMATCH))
    ddb.put_item(TableName=name, Item={"pk": S("new"), "h": S("h0")})
    assert len(eventually(lambda: query_all(ddb, name, "by_h", "h = :h", {":h": S("h0")}),
                          lambda got: len(got) == 9)) == 9


@pytest.mark.dynamodb_only
def test_backfill_skips_items_that_violate_the_new_key(ddb, raw, tables):
    """A backfill leaves out stored items whose new key value is mistyped or empty."""
    # DynamoDB Local indexes both.
    name = tables.create()
    ddb.put_item(TableName=name, Item={"pk": S("full"), "h": S("x")})
    ddb.put_item(TableName=name, Item={"pk": S("empty"), "h": S("")})
    ddb.put_item(TableName=name, Item={"pk": S("mistyped"), "h": N(7)})
    assert raw.call("UpdateTable", create_gsi_update(name, "by_h", "h")).status == 200
    wait_for_status(ddb, name)
    assert [i["pk"]["S"] for i in scan_all(ddb, name, "by_h")] == ["full"]


def test_create_gsi_ignores_unused_attribute_definitions(ddb, raw, tables):
    """UpdateTable Create ignores AttributeDefinitions the new index does not use."""
    # CreateTable would reject them.
    name = tables.create()
    resp = raw.call("UpdateTable", create_gsi_update(name, "by_h", "h",
                                                     extra_defs=[("unused", "N")]))
    assert resp.status == 200, resp.body
    table = wait_for_status(ddb, name)
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["by_h"]


def test_delete_gsi(ddb, raw, tables):
    """UpdateTable Delete answers DELETING, then the GSI and its key definition are gone."""
    # Queries then name it unknown and its key attribute may take any type.
    name = unique_name("cf_idx_del")
    tables.create_raw(table_body(name, index_defs=[("g", "S"), ("h", "S")],
                                 gsis=[gsi("by_g", "g"), gsi("by_h", "h")]))
    ddb.put_item(TableName=name, Item={"pk": S("a"), "sk": S("1"), "g": S("x"), "h": S("y")})
    resp = raw.call("UpdateTable", {"TableName": name,
                                    "GlobalSecondaryIndexUpdates": [_delete("by_g")]})
    assert resp.status == 200, resp.body
    statuses = {i["IndexName"]: i["IndexStatus"]
                for i in resp.json()["TableDescription"]["GlobalSecondaryIndexes"]}
    assert statuses == {"by_g": "DELETING", "by_h": "ACTIVE"}

    table = wait_for_index_gone(ddb, name, "by_g")
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["by_h"]
    assert sorted(d["AttributeName"] for d in table["AttributeDefinitions"]) == ["h", "pk", "sk"]
    query = {"TableName": name, "IndexName": "by_g", "KeyConditionExpression": "g = :g",
             "ExpressionAttributeValues": {":g": S("x")}}
    assert_raw_error(raw.call("Query", query), VALIDATION,
                     "The table does not have the specified index: by_g")
    ddb.put_item(TableName=name, Item={"pk": S("b"), "sk": S("1"), "g": N(5)})
    assert len(eventually(lambda: scan_all(ddb, name, "by_h"), lambda got: len(got) == 1)) == 1


@pytest.fixture
def provisioned_with_gsis(tables):
    """A provisioned table (pk, sk) with GSIs by_g (g S) and by_h (h S) at 1/1 and an LSI."""
    name = unique_name("cf_idx_upd")
    tables.create_raw(table_body(name, provisioned=True,
                                 index_defs=[("g", "S"), ("h", "S"), ("l", "N")],
                                 gsis=[gsi("by_g", "g", throughput=PT1),
                                       gsi("by_h", "h", throughput=PT1)],
                                 lsis=[lsi("by_l", "l")]))
    return name


def gsi_throughputs(ddb, table):
    return {i["IndexName"]: (i["ProvisionedThroughput"]["ReadCapacityUnits"],
                             i["ProvisionedThroughput"]["WriteCapacityUnits"])
            for i in ddb.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"]}


def test_update_gsi_throughput(ddb, provisioned_with_gsis):
    """UpdateTable Update changes GSI throughput; Updates of two GSIs may share one call."""
    name = provisioned_with_gsis
    ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
        {"Update": {"IndexName": "by_g", "ProvisionedThroughput": {
            "ReadCapacityUnits": 3, "WriteCapacityUnits": 4}}}])
    wait_for_status(ddb, name)
    assert gsi_throughputs(ddb, name) == {"by_g": (3, 4), "by_h": (1, 1)}
    ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
        {"Update": {"IndexName": "by_g", "ProvisionedThroughput": {
            "ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}},
        {"Update": {"IndexName": "by_h", "ProvisionedThroughput": {
            "ReadCapacityUnits": 2, "WriteCapacityUnits": 6}}}])
    wait_for_status(ddb, name)
    assert gsi_throughputs(ddb, name) == {"by_g": (5, 5), "by_h": (2, 6)}


@pytest.mark.dynamodb_only
def test_update_gsi_throughput_response_shows_updating(ddb, provisioned_with_gsis):
    """The UpdateTable answer shows the GSI UPDATING with its old throughput."""
    name = provisioned_with_gsis
    desc = ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
        {"Update": {"IndexName": "by_g", "ProvisionedThroughput": {
            "ReadCapacityUnits": 3, "WriteCapacityUnits": 4}}}])["TableDescription"]
    [by_g] = [i for i in desc["GlobalSecondaryIndexes"] if i["IndexName"] == "by_g"]
    assert by_g["IndexStatus"] == "UPDATING"
    assert (by_g["ProvisionedThroughput"]["ReadCapacityUnits"],
            by_g["ProvisionedThroughput"]["WriteCapacityUnits"]) == (1, 1)
    wait_for_status(ddb, name)
    assert gsi_throughputs(ddb, name)["by_g"] == (3, 4)


def test_update_gsi_to_same_throughput_rejected(raw, provisioned_with_gsis):
    """Requesting a GSI's current throughput again is a ValidationException."""
    body = {"TableName": provisioned_with_gsis, "GlobalSecondaryIndexUpdates": [
        {"Update": {"IndexName": "by_g", "ProvisionedThroughput": PT1}}]}
    assert_raw_error(raw.call("UpdateTable", body), VALIDATION, per_target(
        re.compile(re.escape(
            "The provisioned throughput for the index by_g will not change. The requested value "
            "equals the current value. Current ReadCapacityUnits provisioned for index by_g: 1. "
            "Requested ReadCapacityUnits: 1. Current WriteCapacityUnits") + ".*"),
        "The requested throughput value equals the current value"))


def _create(name, attr="n", **kw):
    return {"Create": gsi(name, attr, throughput=PT1, **kw)}


def _delete(name):
    return {"Delete": {"IndexName": name}}


def _update(name, units=2):
    return {"Update": {"IndexName": name, "ProvisionedThroughput": {
        "ReadCapacityUnits": units, "WriteCapacityUnits": units}}}


SAME_INDEX_TWICE = (VALIDATION, INVALID + "Only one global secondary index update per index is "
                    "allowed simultaneously. Index: by_g",
                    VALIDATION, "Only one global secondary index update per index is allowed "
                    "simultaneously.")
ONE_AT_A_TIME = (LIMIT_EXCEEDED, ONE_ONLINE_INDEX, LIMIT_EXCEEDED, ONE_ONLINE_INDEX)

# name: (GlobalSecondaryIndexUpdates, AttributeDefinitions or None,
#        DynamoDB __type, DynamoDB message, Local __type, Local message)
UPDATE_CASES = {
    "create_existing_gsi_name": ([_create("by_g")], [("n", "S")], VALIDATION,
                                re.compile(r".*already exists.*"), VALIDATION,
                                "Attempting to create an index which already exists"),
    "create_existing_lsi_name": ([_create("by_l")], [("n", "S")], VALIDATION,
                                re.compile(r".*already exists.*"), VALIDATION,
                                "Attempting to create an index which already exists"),
    "create_without_attribute_definitions": (
        [_create("by_n")], None, VALIDATION,
        re.compile(r"(One or more parameter values were invalid: )?AttributeDefinitions is not "
                   r"specified for index: by_n"),
        VALIDATION, "No Attribute Schema Defined"),
    "create_on_defined_key_without_attribute_definitions": (
        [_create("by_g2", attr="g")], None, VALIDATION,
        re.compile(r"(One or more parameter values were invalid: )?AttributeDefinitions is not "
                   r"specified for index: by_g2"),
        VALIDATION, "No Attribute Schema Defined"),
    "create_redefining_a_key_type": (
        [_create("by_g2", attr="g")], [("g", "N")], VALIDATION, re.compile(r".*redefined.*"),
        VALIDATION, "invalid attribute, SchemaElement redefined should be of same type as "
        "previously defined"),
    "two_creates": ([_create("by_n"), _create("by_n2")], [("n", "S")], *ONE_AT_A_TIME),
    "create_and_delete": ([_create("by_n"), _delete("by_h")], [("n", "S")], *ONE_AT_A_TIME),
    "two_deletes": ([_delete("by_g"), _delete("by_h")], None, *ONE_AT_A_TIME),
    "same_index_deleted_twice": ([_delete("by_g"), _delete("by_g")], None, *SAME_INDEX_TWICE),
    "same_index_deleted_and_updated": ([_delete("by_g"), _update("by_g")], None,
                                       *SAME_INDEX_TWICE),
    "same_index_updated_twice": ([_update("by_g"), _update("by_g", 3)], None, *SAME_INDEX_TWICE),
    "create_and_delete_in_one_entry": (
        [{**_create("by_n"), **_delete("by_g")}], [("n", "S")], VALIDATION,
        re.compile(r"(One or more parameter values were invalid: )?Only one global secondary "
                   r"index action is allowed per GlobalSecondaryIndexUpdate object"),
        LIMIT_EXCEEDED, ONE_ONLINE_INDEX),
    "empty_entry": ([{}], None, VALIDATION,
                    INVALID + "One of GlobalSecondaryIndexUpdate.Update, "
                    "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must "
                    "not be null",
                    VALIDATION, "Update global secondary index action is null"),
    "delete_unknown_index": ([_delete("nope")], None, RESOURCE_NOT_FOUND,
                             "Requested resource not found: Index nope for table {table}",
                             RESOURCE_NOT_FOUND, "Requested resource not found"),
    "delete_an_lsi": ([_delete("by_l")], None, VALIDATION, re.compile(r".+"), VALIDATION,
                      "Cannot delete an index that is not a GlobalSecondaryIndex"),
}

DYNAMODB_ONLY_UPDATE_CASES = {
    # DynamoDB Local: ValidationException "Invalid global secondary index name".
    "update_unknown_index": ([_update("nope")], None, RESOURCE_NOT_FOUND,
                             "Requested resource not found: Index nope for table {table}"),
    # DynamoDB Local: 500 InternalFailure.
    "create_without_throughput_on_provisioned_table": (
        [{"Create": gsi("by_n", "n")}], [("n", "S")], VALIDATION,
        re.compile(r"(One or more parameter values were invalid: )?Both ReadCapacityUnits and "
                   r"WriteCapacityUnits must be specified for index: by_n")),
}


def _check_update_rejected(ddb, raw, table, updates, attr_defs, error_type, message):
    before = ddb.describe_table(TableName=table)["Table"]
    body = {"TableName": table, "GlobalSecondaryIndexUpdates": updates}
    if attr_defs is not None:
        body["AttributeDefinitions"] = defs(*attr_defs)
    if isinstance(message, str):
        message = message.format(table=table)
    assert_raw_error(raw.call("UpdateTable", body), error_type, message)
    # A rejected call changes nothing: same indexes, all ACTIVE, same definitions.
    after = wait_for_status(ddb, table)
    assert sorted((i["IndexName"], i["IndexStatus"]) for i in after["GlobalSecondaryIndexes"]) == [
        ("by_g", "ACTIVE"), ("by_h", "ACTIVE")]
    assert sorted(d["AttributeName"] for d in after["AttributeDefinitions"]) == sorted(
        d["AttributeName"] for d in before["AttributeDefinitions"])


@pytest.mark.parametrize("case", sorted(UPDATE_CASES))
def test_gsi_update_errors(ddb, raw, provisioned_with_gsis, case):
    """GlobalSecondaryIndexUpdates DynamoDB refuses get its error and change nothing."""
    updates, attr_defs, ddb_type, ddb_message, local_type, local_message = UPDATE_CASES[case]
    _check_update_rejected(ddb, raw, provisioned_with_gsis, updates, attr_defs,
                           per_target(ddb_type, local_type), per_target(ddb_message, local_message))


@pytest.mark.dynamodb_only
@pytest.mark.parametrize("case", sorted(DYNAMODB_ONLY_UPDATE_CASES))
def test_gsi_update_errors_dynamodb_only(ddb, raw, provisioned_with_gsis, case):
    """Updating an unknown GSI is ResourceNotFound; a provisioned Create needs throughput."""
    updates, attr_defs, error_type, message = DYNAMODB_ONLY_UPDATE_CASES[case]
    _check_update_rejected(ddb, raw, provisioned_with_gsis, updates, attr_defs, error_type,
                           message)


def test_create_21st_gsi_is_limit_exceeded(ddb, raw, tables):
    """A 21st GSI through UpdateTable is LimitExceededException (CreateTable: Validation)."""
    name = unique_name("cf_idx_20")
    tables.create_raw(table_body(name, index_defs=[("g", "S")], gsis=_many_gsis(20)))
    resp = raw.call("UpdateTable", create_gsi_update(name, "gsi20", "h"))
    assert_raw_error(resp, LIMIT_EXCEEDED, per_target(
        "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit "
        "of 20", "Number of global secondary indexes exceeds per-table limit"))
    assert len(wait_for_status(ddb, name)["GlobalSecondaryIndexes"]) == 20


# ---------------------------------------------------------------------------
# The session store (issue #5): Sessions with a user_index GSI

USERS = {42: 4, 7: 3, 1001: 2}


def test_session_store_user_index_walkthrough(ddb, ddb_resource):
    """The issue's session store: every session of user 42 through user_index (boto3)."""
    # Sessions (session_id S) with user_index (user_id N, ALL); several users with several
    # sessions; a session moved to another user and one logged out leave user 42's list.
    name = unique_name("Sessions")
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "session_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "session_id", "AttributeType": "S"},
                              {"AttributeName": "user_id", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[{"IndexName": "user_index",
                                 "KeySchema": [{"AttributeName": "user_id", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    try:
        ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1,
                                                                          "MaxAttempts": 30})
        wait_for_status(ddb, name)
        table = ddb_resource.Table(name)
        sessions = {}
        with table.batch_writer() as batch:
            for user, count in USERS.items():
                for n in range(count):
                    sid = f"sess-{user}-{n}"
                    sessions[sid] = {"session_id": sid, "user_id": Decimal(user),
                                     "session_data": f'{{"cart": [{n}]}}',
                                     "last_updated": f"2026-01-0{n + 1}T00:00:00Z"}
                    batch.put_item(Item=sessions[sid])

        def user_sessions(user):
            got = table.query(IndexName="user_index",
                              KeyConditionExpression=Key("user_id").eq(user))["Items"]
            return sorted(got, key=lambda s: s["session_id"])

        expected = [sessions[f"sess-42-{n}"] for n in range(4)]
        assert eventually(lambda: user_sessions(42), lambda got: got == expected) == expected
        assert isinstance(user_sessions(42)[0]["user_id"], Decimal)

        table.update_item(Key={"session_id": "sess-42-0"}, UpdateExpression="SET user_id = :u",
                          ExpressionAttributeValues={":u": 7})
        table.delete_item(Key={"session_id": "sess-42-1"})
        expected = expected[2:]
        assert eventually(lambda: user_sessions(42), lambda got: got == expected) == expected
        moved = eventually(lambda: user_sessions(7), lambda got: len(got) == 4)
        assert [s["session_id"] for s in moved] == ["sess-42-0", "sess-7-0", "sess-7-1",
                                                    "sess-7-2"]
    finally:
        ddb.delete_table(TableName=name)
    wait_for_absence(ddb, name)

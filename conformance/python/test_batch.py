"""BatchGetItem and BatchWriteItem: multi-table requests, per-table projection and consistency,
the 100-key and 25-request limits, the 16 MB response limit with UnprocessedKeys, duplicate and
invalid requests (rejected whole, nothing written), per-item atomicity, ConsumedCapacity.

Error texts: DynamoDB's are the ones drydock must return; where DynamoDB Local words one
differently per_target names both. DynamoDB sources: its documentation and live-service
recordings in other emulators' public suites (dynalite, the dynamodb-conformance captures).
"""

from __future__ import annotations

import json
import re
import threading

import pytest

from ddb_support import (
    RESOURCE_NOT_FOUND,
    VALIDATION,
    assert_raw_error,
    make_client,
    per_target,
    unique_name,
)

INVALID = "One or more parameter values were invalid: "
SCHEMA = "The provided key element does not match the schema"
DUPLICATES = "Provided list of item keys contains duplicates"
TOO_MANY_GETS = "Too many items requested for the BatchGetItem call"
TOO_MANY_WRITES = "Too many items requested for the BatchWriteItem call"
NOT_FOUND = ("Requested resource not found", "Cannot do operations on a non-existent table")
EMPTY_KEY = ("One or more parameter values are not valid. The AttributeValue for a key attribute "
             "cannot contain an empty string value. Key: pk")
ONE_OF = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
ITEM_LIMIT = 400 * 1024
RESPONSE_LIMIT = 16 * 1024 * 1024


def utf8(s: str) -> bytes:
    return s.encode("utf-8")


def item_size(item: dict) -> int:
    """DynamoDB item size for items made of S values only: names plus UTF-8 values."""
    total = 0
    for name, value in item.items():
        (tag, inner), = value.items()
        assert tag == "S", "item_size only measures S values"
        total += len(utf8(name)) + len(utf8(inner))
    return total


def sized_item(pk: str, size: int, filler: str = "filler", **extra) -> dict:
    """An item of exactly `size` bytes (names plus UTF-8 string values)."""
    item = {"pk": {"S": pk}, **{k: {"S": v} for k, v in extra.items()}}
    item[filler] = {"S": ""}
    item[filler]["S"] = "x" * (size - item_size(item))
    assert item_size(item) == size
    return item


def put_all(client, table, items):
    for start in range(0, len(items), 25):
        pending = {table: [{"PutRequest": {"Item": it}} for it in items[start:start + 25]]}
        for _ in range(20):
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]
            if not pending:
                break
        assert not pending


def by_pk(items):
    return sorted(items, key=lambda it: it["pk"]["S"])


def capacity_by_table(consumed):
    assert isinstance(consumed, list)
    out = {}
    for entry in consumed:
        assert entry["TableName"] not in out, "one ConsumedCapacity entry per table"
        out[entry["TableName"]] = entry["CapacityUnits"]
    return out


@pytest.fixture(scope="module")
def t(module_tables):
    """h: hash S; h2: hash S; r: hash S + range S; n: hash S + range N."""
    return {
        "h": module_tables.create(unique_name("cf_batch")),
        "h2": module_tables.create(unique_name("cf_batch")),
        "r": module_tables.create(unique_name("cf_batch"), range_key=("sk", "S")),
        "n": module_tables.create(unique_name("cf_batch"), range_key=("sk", "N")),
    }


def get_item(ddb, table, key):
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


# ---------------------------------------------------------------------------
# BatchWriteItem


def test_write_puts_and_deletes_across_tables(ddb, t):
    """One BatchWriteItem puts and deletes in several tables; UnprocessedItems is empty."""
    ddb.put_item(TableName=t["h"], Item={"pk": {"S": "w-old"}})
    ddb.put_item(TableName=t["r"], Item={"pk": {"S": "w"}, "sk": {"S": "old"}})
    resp = ddb.batch_write_item(RequestItems={
        t["h"]: [{"PutRequest": {"Item": {"pk": {"S": "w-new"}, "v": {"N": "1"}}}},
                 {"DeleteRequest": {"Key": {"pk": {"S": "w-old"}}}}],
        t["r"]: [{"PutRequest": {"Item": {"pk": {"S": "w"}, "sk": {"S": "new"}, "l": {"L": [{"NULL": True}]}}}},
                 {"DeleteRequest": {"Key": {"pk": {"S": "w"}, "sk": {"S": "old"}}}}],
        t["n"]: [{"PutRequest": {"Item": {"pk": {"S": "w"}, "sk": {"N": "-1.5"}}}}],
    })
    assert resp["UnprocessedItems"] == {}
    assert set(resp) - {"ResponseMetadata"} == {"UnprocessedItems"}
    assert get_item(ddb, t["h"], {"pk": {"S": "w-new"}}) == {"pk": {"S": "w-new"}, "v": {"N": "1"}}
    assert get_item(ddb, t["h"], {"pk": {"S": "w-old"}}) is None
    assert get_item(ddb, t["r"], {"pk": {"S": "w"}, "sk": {"S": "new"}})["l"] == {"L": [{"NULL": True}]}
    assert get_item(ddb, t["r"], {"pk": {"S": "w"}, "sk": {"S": "old"}}) is None
    assert get_item(ddb, t["n"], {"pk": {"S": "w"}, "sk": {"N": "-1.50"}}) is not None


def test_write_put_replaces_whole_item_and_delete_of_missing_is_fine(ddb, t):
    """A PutRequest replaces the whole stored item; a DeleteRequest for an absent key
    succeeds."""
    ddb.put_item(TableName=t["h"], Item={"pk": {"S": "rep"}, "a": {"S": "1"}, "b": {"S": "2"}})
    resp = ddb.batch_write_item(RequestItems={t["h"]: [
        {"PutRequest": {"Item": {"pk": {"S": "rep"}, "c": {"S": "3"}}}},
        {"DeleteRequest": {"Key": {"pk": {"S": "never-existed"}}}}]})
    assert resp["UnprocessedItems"] == {}
    assert get_item(ddb, t["h"], {"pk": {"S": "rep"}}) == {"pk": {"S": "rep"}, "c": {"S": "3"}}


def test_write_25_requests_across_tables(ddb, t):
    """25 requests (the maximum) split across tables are all applied."""
    resp = ddb.batch_write_item(RequestItems={
        t["h"]: [{"PutRequest": {"Item": {"pk": {"S": f"max-{i}"}}}} for i in range(15)],
        t["h2"]: [{"PutRequest": {"Item": {"pk": {"S": f"max-{i}"}}}} for i in range(10)],
    })
    assert resp["UnprocessedItems"] == {}
    got = ddb.batch_get_item(RequestItems={
        t["h"]: {"Keys": [{"pk": {"S": f"max-{i}"}} for i in range(15)]},
        t["h2"]: {"Keys": [{"pk": {"S": f"max-{i}"}} for i in range(10)]}})
    assert len(got["Responses"][t["h"]]) == 15 and len(got["Responses"][t["h2"]]) == 10


def test_same_key_in_two_tables_is_not_a_duplicate(ddb, t):
    """Duplicates are per table: the same key in two tables is fine."""
    resp = ddb.batch_write_item(RequestItems={
        t["h"]: [{"PutRequest": {"Item": {"pk": {"S": "twice"}}}}],
        t["h2"]: [{"DeleteRequest": {"Key": {"pk": {"S": "twice"}}}}]})
    assert resp["UnprocessedItems"] == {}


def put(pk, **attrs):
    return {"PutRequest": {"Item": {"pk": {"S": pk}, **attrs}}}


def delete(pk):
    return {"DeleteRequest": {"Key": {"pk": {"S": pk}}}}


def requests_for(t, case):
    """Request items for a write validation case; every case also carries one valid put of
    'bw-canary', which must not be written."""
    canary = put("bw-canary")
    h = t["h"]
    return {
        "put_put": {h: [canary, put("dup"), put("dup", v={"S": "2"})]},
        "put_delete": {h: [canary, put("dup"), delete("dup")]},
        "delete_delete": {h: [canary, delete("dup"), delete("dup")]},
        "number_spellings": {h: [canary], t["n"]: [
            {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}}},
            {"DeleteRequest": {"Key": {"pk": {"S": "a"}, "sk": {"N": "1.00"}}}}]},
        "empty_request": {h: [canary, {}]},
        "missing_key": {h: [canary, {"PutRequest": {"Item": {"other": {"S": "x"}}}}]},
        "key_type": {h: [canary, {"PutRequest": {"Item": {"pk": {"N": "5"}}}}]},
        "key_not_scalar": {h: [canary, {"PutRequest": {"Item": {"pk": {"L": [{"S": "x"}]}}}}]},
        "range_key_missing": {h: [canary], t["r"]: [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}]},
        "delete_extra_key_attribute": {h: [canary, {"DeleteRequest": {"Key": {"pk": {"S": "x"},
                                                                              "x": {"S": "y"}}}}]},
        "delete_key_type": {h: [canary, {"DeleteRequest": {"Key": {"pk": {"N": "1"}}}}]},
        "empty_key_value": {h: [canary, put("")]},
        "oversize_item": {h: [canary, {"PutRequest": {"Item": sized_item("big", ITEM_LIMIT + 1)}}]},
        "empty_set": {h: [canary, put("es", s={"SS": []})]},
        "bad_number": {h: [canary, put("bn", n={"N": "abc"})]},
        "too_many_across_tables": {h: [canary] + [put(f"m{i}") for i in range(19)],
                                   t["h2"]: [put(f"m{i}") for i in range(6)]},
        "missing_table": {h: [canary], unique_name("cf_missing"): [put("x")]},
    }[case]


WRITE_CASES = {
    "put_put": (VALIDATION, DUPLICATES),
    "put_delete": (VALIDATION, DUPLICATES),
    "delete_delete": (VALIDATION, DUPLICATES),
    "number_spellings": (VALIDATION, DUPLICATES),
    "empty_request": (VALIDATION, ONE_OF),
    "missing_key": (VALIDATION, (SCHEMA, "One of the required keys was not given a value")),
    "key_type": (VALIDATION, (SCHEMA, INVALID + "Type mismatch for key")),
    "key_not_scalar": (VALIDATION, (SCHEMA, "Invalid attribute value type")),
    "range_key_missing": (VALIDATION, (SCHEMA, "One of the required keys was not given a value")),
    "delete_extra_key_attribute": (VALIDATION, (SCHEMA, "The number of conditions on the keys is invalid")),
    "delete_key_type": (VALIDATION, (SCHEMA, INVALID + "Type mismatch for key")),
    "empty_key_value": (VALIDATION, EMPTY_KEY),
    "oversize_item": (VALIDATION, "Item size has exceeded the maximum allowed size"),
    "empty_set": (VALIDATION, INVALID + "An string set  may not be empty"),
    "bad_number": (VALIDATION, ("The parameter cannot be converted to a numeric value: abc",
                                "A value provided cannot be converted into a number")),
    "too_many_across_tables": (VALIDATION, TOO_MANY_WRITES),
    "missing_table": (RESOURCE_NOT_FOUND, NOT_FOUND),
}


@pytest.mark.parametrize("case", sorted(WRITE_CASES))
def test_write_rejected_whole(raw, ddb, t, case):
    """Duplicate keys, malformed or invalid requests, more than 25 requests in all, or a missing
    table reject the whole BatchWriteItem with DynamoDB's error; nothing in it is written."""
    error_type, message = WRITE_CASES[case]
    if isinstance(message, tuple):
        message = per_target(*message)
    resp = raw.call("BatchWriteItem", {"RequestItems": requests_for(t, case)})
    assert_raw_error(resp, error_type, message)
    assert get_item(ddb, t["h"], {"pk": {"S": "bw-canary"}}) is None


def test_write_more_than_25_in_one_table(raw, t):
    """26 requests for one table break the 1..25 constraint on each RequestItems value. (The
    echoed value is DynamoDB's Java rendering of the map; only the table name is pinned.)"""
    resp = raw.call("BatchWriteItem", {"RequestItems": {t["h"]: [put(f"x{i}") for i in range(26)]}})
    assert_raw_error(resp, VALIDATION, per_target(
        re.compile(r"1 validation error detected: Value '\{" + re.escape(t["h"]) + r"=.+\}' "
                   r"at 'requestItems' failed to satisfy constraint: Map value must satisfy "
                   r"constraint: \[Member must have length less than or equal to 25, Member must "
                   r"have length greater than or equal to 1\]", re.S),
        TOO_MANY_WRITES))


def test_write_empty_list_for_table(raw, t):
    """A table with no requests breaks the same 1..25 constraint."""
    resp = raw.call("BatchWriteItem", {"RequestItems": {t["h"]: []}})
    assert_raw_error(resp, VALIDATION, per_target(
        re.compile(r"1 validation error detected: Value '\{" + re.escape(t["h"]) + r"=.*\}' at "
                   r"'requestItems' failed to satisfy constraint: Map value must satisfy "
                   r"constraint: \[Member must have length less than or equal to 25, Member must "
                   r"have length greater than or equal to 1\]"),
        f"The batch write request list for a table cannot be null or empty: {t['h']}"))


def test_write_empty_request_items(raw):
    """An empty RequestItems map is rejected."""
    assert_raw_error(raw.call("BatchWriteItem", {"RequestItems": {}}), VALIDATION, per_target(
        "The requestItems parameter is required for BatchWriteItem",
        "BatchWriteItem cannot have a null or no requests set"))


def test_write_items_are_atomic_under_concurrent_reads(endpoint, ddb, t):
    """Each put in a batch is atomic: a concurrent reader sees every item whole, all of its
    attributes from one version (the batch as a whole promises no such thing)."""
    table, keys, versions = t["h2"], [f"atom-{i:02d}" for i in range(25)], 30
    attrs = ["a", "b", "c", "d", "e"]

    def version_item(key, v):
        return {"pk": {"S": key}, **{a: {"S": f"{v}:" + "y" * (v * 7 % 50)} for a in attrs}}

    put_all(ddb, table, [version_item(k, 0) for k in keys])
    stop, problems = threading.Event(), []

    def reader():
        client = make_client(endpoint)
        while not stop.is_set():
            got = client.batch_get_item(RequestItems={table: {"Keys": [{"pk": {"S": k}} for k in keys],
                                                              "ConsistentRead": True}})
            for item in got["Responses"][table]:
                seen = {item[a]["S"].split(":")[0] for a in attrs}
                if len(seen) != 1:
                    problems.append(item)
            if got["UnprocessedKeys"]:
                problems.append(("unprocessed", got["UnprocessedKeys"]))

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for r in readers:
        r.start()
    try:
        for v in range(1, versions + 1):
            resp = ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": version_item(k, v)}}
                                                               for k in keys]})
            assert resp["UnprocessedItems"] == {}
    finally:
        stop.set()
        for r in readers:
            r.join(timeout=30)
    assert not problems, f"torn items seen: {problems[:3]}"
    final = ddb.batch_get_item(RequestItems={table: {"Keys": [{"pk": {"S": k}} for k in keys]}})
    assert all(it["a"]["S"].startswith(f"{versions}:") for it in final["Responses"][table])


def test_write_consumed_capacity(ddb, t):
    """BatchWriteItem reports capacity per table: each item rounded up to 1 KB on its own
    (1536 bytes: 2 units, a tiny item: 1); a delete is charged on the item it deletes; a put
    over a larger item is charged on the larger."""
    big, tiny = sized_item("cap-w-big", 1536), {"pk": {"S": "cap-w-tiny"}}
    resp = ddb.batch_write_item(ReturnConsumedCapacity="TOTAL", RequestItems={
        t["h"]: [{"PutRequest": {"Item": big}}, {"PutRequest": {"Item": tiny}}],
        t["h2"]: [{"PutRequest": {"Item": {"pk": {"S": "cap-w-other"}}}}]})
    assert capacity_by_table(resp["ConsumedCapacity"]) == {t["h"]: 3.0, t["h2"]: 1.0}
    deleted = ddb.batch_write_item(ReturnConsumedCapacity="INDEXES", RequestItems={
        t["h"]: [{"DeleteRequest": {"Key": {"pk": big["pk"]}}}, {"DeleteRequest": {"Key": tiny}}]})
    entry, = deleted["ConsumedCapacity"]
    assert (entry["TableName"], entry["CapacityUnits"], entry["Table"]["CapacityUnits"]) == (t["h"], 3.0, 3.0)
    ddb.put_item(TableName=t["h"], Item=sized_item("cap-w-over", 3000))
    over = ddb.batch_write_item(ReturnConsumedCapacity="TOTAL", RequestItems={
        t["h"]: [{"PutRequest": {"Item": {"pk": {"S": "cap-w-over"}}}}]})
    assert capacity_by_table(over["ConsumedCapacity"]) == {t["h"]: 3.0}
    none = ddb.batch_write_item(RequestItems={t["h"]: [{"PutRequest": {"Item": tiny}}]})
    assert "ConsumedCapacity" not in none


@pytest.mark.dynamodb_only
def test_write_delete_of_missing_item_costs_one_unit(ddb, t):
    """Deleting an absent item still consumes one write unit."""
    resp = ddb.batch_write_item(ReturnConsumedCapacity="TOTAL", RequestItems={t["h"]: [
        {"DeleteRequest": {"Key": {"pk": {"S": "cap-missing-1"}}}},
        {"DeleteRequest": {"Key": {"pk": {"S": "cap-missing-2"}}}}]})
    assert capacity_by_table(resp["ConsumedCapacity"]) == {t["h"]: 2.0}


# ---------------------------------------------------------------------------
# BatchGetItem


@pytest.fixture(scope="module")
def seeded(module_tables, t):
    """A few items in h, h2 and r for the read tests."""
    client = module_tables.client
    put_all(client, t["h"], [
        {"pk": {"S": "g1"}, "a": {"S": "a1"}, "b": {"N": "1"}, "c": {"M": {"d": {"S": "d1"}}}},
        {"pk": {"S": "g2"}, "a": {"S": "a2"}},
        {"pk": {"S": "g3"}, "z": {"S": "no a or b"}},
        sized_item("g-1536", 1536),
        sized_item("g-6656", 6656),
    ])
    put_all(client, t["h2"], [{"pk": {"S": "g1"}, "w": {"S": "w1"}, "x": {"S": "x1"}}])
    put_all(client, t["r"], [{"pk": {"S": "g"}, "sk": {"S": s}} for s in ("1", "2")])
    return t


def test_get_across_tables(ddb, seeded):
    """BatchGetItem reads keys from several tables; keys without an item are simply absent; a
    table with no found item still has an empty list; UnprocessedKeys is empty."""
    t = seeded
    resp = ddb.batch_get_item(RequestItems={
        t["h"]: {"Keys": [{"pk": {"S": "g1"}}, {"pk": {"S": "absent"}}, {"pk": {"S": "g2"}}]},
        t["r"]: {"Keys": [{"pk": {"S": "g"}, "sk": {"S": "2"}}, {"pk": {"S": "g"}, "sk": {"S": "9"}}]},
        t["h2"]: {"Keys": [{"pk": {"S": "absent"}}]},
    })
    assert resp["UnprocessedKeys"] == {}
    assert by_pk(resp["Responses"][t["h"]]) == [
        {"pk": {"S": "g1"}, "a": {"S": "a1"}, "b": {"N": "1"}, "c": {"M": {"d": {"S": "d1"}}}},
        {"pk": {"S": "g2"}, "a": {"S": "a2"}}]
    assert resp["Responses"][t["r"]] == [{"pk": {"S": "g"}, "sk": {"S": "2"}}]
    assert resp["Responses"][t["h2"]] == []
    assert set(resp) - {"ResponseMetadata"} == {"Responses", "UnprocessedKeys"}


def test_get_projection_per_table(ddb, seeded):
    """Each table's ProjectionExpression applies to that table only, with that table's own
    ExpressionAttributeNames (legacy AttributesToGet likewise); an item with none of the
    attributes comes back as an empty map."""
    t = seeded
    resp = ddb.batch_get_item(RequestItems={
        t["h"]: {"Keys": [{"pk": {"S": k}} for k in ("g1", "g2", "g3")],
                 "ProjectionExpression": "#a, c.d", "ExpressionAttributeNames": {"#a": "a"}},
        t["h2"]: {"Keys": [{"pk": {"S": "g1"}}], "ProjectionExpression": "#a",
                  "ExpressionAttributeNames": {"#a": "w"}},
    })
    got = sorted(resp["Responses"][t["h"]], key=json.dumps)
    assert got == sorted([{"a": {"S": "a1"}, "c": {"M": {"d": {"S": "d1"}}}}, {"a": {"S": "a2"}}, {}],
                         key=json.dumps)
    assert resp["Responses"][t["h2"]] == [{"w": {"S": "w1"}}]
    legacy = ddb.batch_get_item(RequestItems={t["h2"]: {"Keys": [{"pk": {"S": "g1"}}],
                                                        "AttributesToGet": ["x", "pk"]}})
    assert legacy["Responses"][t["h2"]] == [{"pk": {"S": "g1"}, "x": {"S": "x1"}}]


def test_get_100_keys_across_tables(ddb, module_tables, seeded):
    """100 keys in one request (the maximum) are all answered."""
    t = seeded
    put_all(module_tables.client, t["h2"], [{"pk": {"S": f"hundred-{i:02d}"}} for i in range(99)])
    resp = ddb.batch_get_item(RequestItems={
        t["h2"]: {"Keys": [{"pk": {"S": f"hundred-{i:02d}"}} for i in range(99)]},
        t["h"]: {"Keys": [{"pk": {"S": "g1"}}]}})
    assert len(resp["Responses"][t["h2"]]) == 99 and len(resp["Responses"][t["h"]]) == 1
    assert resp["UnprocessedKeys"] == {}


def test_get_consumed_capacity_rounds_each_item(ddb, seeded):
    """BatchGetItem rounds each item up to 4 KB before adding (1.5 KB + 6.5 KB = 12 KB: 3
    units consistent), per table, halved where that table's read is eventually consistent."""
    t = seeded
    keys = [{"pk": {"S": "g-1536"}}, {"pk": {"S": "g-6656"}}]
    strong = ddb.batch_get_item(ReturnConsumedCapacity="TOTAL", RequestItems={
        t["h"]: {"Keys": keys, "ConsistentRead": True},
        t["h2"]: {"Keys": [{"pk": {"S": "g1"}}], "ConsistentRead": False}})
    assert capacity_by_table(strong["ConsumedCapacity"]) == {t["h"]: 3.0, t["h2"]: 0.5}
    eventual = ddb.batch_get_item(ReturnConsumedCapacity="INDEXES", RequestItems={t["h"]: {"Keys": keys}})
    entry, = eventual["ConsumedCapacity"]
    assert (entry["TableName"], entry["CapacityUnits"], entry["Table"]["CapacityUnits"]) == (t["h"], 1.5, 1.5)
    assert "ConsumedCapacity" not in ddb.batch_get_item(RequestItems={t["h"]: {"Keys": keys}})


@pytest.mark.dynamodb_only
def test_get_missing_key_costs_a_read(ddb, seeded):
    """Reading a key that has no item still consumes a read: 0.5 units eventually consistent,
    1 consistent."""
    t = seeded
    for consistent, units in ((False, 0.5), (True, 1.0)):
        resp = ddb.batch_get_item(ReturnConsumedCapacity="TOTAL", RequestItems={
            t["h2"]: {"Keys": [{"pk": {"S": "no-such-item"}}], "ConsistentRead": consistent}})
        assert capacity_by_table(resp["ConsumedCapacity"]) == {t["h2"]: units}


HUGE_ITEMS = 42  # 42 x 400 KB is 16.4 MiB: more than one response may carry


def test_get_response_limit_16_mb(ddb, module_tables):
    """A BatchGetItem response carries at most 16 MB of items; the keys left over come back in
    UnprocessedKeys with the table's ConsistentRead and projection, and asking again with them
    returns the rest."""
    name = module_tables.create(unique_name("cf_batch_huge"))
    items = [sized_item(f"huge-{i:02d}", ITEM_LIMIT) for i in range(HUGE_ITEMS)]
    put_all(module_tables.client, name, items)
    request = {name: {"Keys": [{"pk": it["pk"]} for it in items], "ConsistentRead": True,
                      "ProjectionExpression": "#k, filler", "ExpressionAttributeNames": {"#k": "pk"}}}
    first = ddb.batch_get_item(RequestItems=request)
    returned = first["Responses"][name]
    assert 1 <= len(returned) < HUGE_ITEMS
    assert sum(item_size(it) for it in returned) <= RESPONSE_LIMIT
    left = first["UnprocessedKeys"][name]
    assert left["ConsistentRead"] is True
    assert left["ProjectionExpression"] == "#k, filler"
    assert left["ExpressionAttributeNames"] == {"#k": "pk"}
    got = [it["pk"]["S"] for it in returned]
    unprocessed = [k["pk"]["S"] for k in left["Keys"]]
    assert sorted(got + unprocessed) == [f"huge-{i:02d}" for i in range(HUGE_ITEMS)]
    pending = first["UnprocessedKeys"]
    for _ in range(HUGE_ITEMS):
        if not pending:
            break
        more = ddb.batch_get_item(RequestItems=pending)
        got += [it["pk"]["S"] for it in more["Responses"][name]]
        pending = more["UnprocessedKeys"]
    assert sorted(got) == [f"huge-{i:02d}" for i in range(HUGE_ITEMS)]


def keys_body(t, table, keys, **extra):
    return {"RequestItems": {t[table]: {"Keys": keys, **extra}}}


GET_CASES = {
    "duplicate_keys": (lambda t: keys_body(t, "h", [{"pk": {"S": "d"}}, {"pk": {"S": "d"}}]),
                       VALIDATION, DUPLICATES),
    "duplicate_keys_reordered": (
        lambda t: keys_body(t, "r", [{"pk": {"S": "d"}, "sk": {"S": "1"}}, {"sk": {"S": "1"}, "pk": {"S": "d"}}]),
        VALIDATION, DUPLICATES),
    "too_many_across_tables": (
        lambda t: {"RequestItems": {t["h"]: {"Keys": [{"pk": {"S": f"k{i}"}} for i in range(60)]},
                                    t["h2"]: {"Keys": [{"pk": {"S": f"k{i}"}} for i in range(41)]}}},
        VALIDATION, TOO_MANY_GETS),
    "key_type": (lambda t: keys_body(t, "h", [{"pk": {"N": "1"}}]), VALIDATION,
                 (SCHEMA, INVALID + "Type mismatch for key")),
    "key_wrong_attribute": (lambda t: keys_body(t, "h", [{"other": {"S": "1"}}]), VALIDATION,
                            (SCHEMA, "One of the required keys was not given a value")),
    "key_extra_attribute": (lambda t: keys_body(t, "h", [{"pk": {"S": "1"}, "x": {"S": "1"}}]),
                            VALIDATION, (SCHEMA, "The number of conditions on the keys is invalid")),
    "range_key_missing": (lambda t: keys_body(t, "r", [{"pk": {"S": "1"}}]), VALIDATION,
                          (SCHEMA, "The number of conditions on the keys is invalid")),
    "empty_key_value": (lambda t: keys_body(t, "h", [{"pk": {"S": ""}}]), VALIDATION, EMPTY_KEY),
    "projection_and_attributes_to_get": (
        lambda t: keys_body(t, "h", [{"pk": {"S": "1"}}], ProjectionExpression="a", AttributesToGet=["a"]),
        VALIDATION, "Can not use both expression and non-expression parameters in the same "
                    "request: Non-expression parameters: {AttributesToGet} Expression parameters: "
                    "{ProjectionExpression}"),
    "unused_name": (lambda t: keys_body(t, "h", [{"pk": {"S": "1"}}], ProjectionExpression="b",
                                        ExpressionAttributeNames={"#a": "a"}),
                    VALIDATION, "Value provided in ExpressionAttributeNames unused in expressions: "
                                "keys: {#a}"),
    "empty_projection": (lambda t: keys_body(t, "h", [{"pk": {"S": "1"}}], ProjectionExpression=""),
                         VALIDATION, "Invalid ProjectionExpression: The expression can not be empty;"),
    "missing_table": (lambda t: {"RequestItems": {unique_name("cf_missing"): {"Keys": [{"pk": {"S": "1"}}]}}},
                      RESOURCE_NOT_FOUND, NOT_FOUND),
    "missing_table_beside_existing": (
        lambda t: {"RequestItems": {t["h"]: {"Keys": [{"pk": {"S": "g1"}}]},
                                    unique_name("cf_missing"): {"Keys": [{"pk": {"S": "1"}}]}}},
        RESOURCE_NOT_FOUND, NOT_FOUND),
    "empty_request_items": (lambda t: {"RequestItems": {}}, VALIDATION,
                            ("The requestItems parameter is required for BatchGetItem",
                             "BatchGetItem must have some requests set")),
}


@pytest.mark.parametrize("case", sorted(GET_CASES))
def test_get_validation(raw, seeded, case):
    """BatchGetItem errors: duplicate keys (as DynamoDB compares keys), more than 100 keys in
    all, keys that do not match the schema, mixed projection styles, missing tables."""
    build, error_type, message = GET_CASES[case]
    t = seeded
    if isinstance(message, tuple):
        message = per_target(*message)
    assert_raw_error(raw.call("BatchGetItem", build(t)), error_type, message)


def test_get_empty_keys_list(raw, seeded):
    """A table with an empty Keys list breaks the 1..100 constraint on Keys."""
    t = seeded
    assert_raw_error(raw.call("BatchGetItem", keys_body(t, "h", [])), VALIDATION, per_target(
        f"1 validation error detected: Value '[]' at 'requestItems.{t['h']}.member.keys' failed "
        "to satisfy constraint: Member must have length greater than or equal to 1",
        f"The list of keys in RequestItems for BatchGetItem is required: {t['h']} has empty list"))


def test_get_more_than_100_keys_in_one_table(raw, seeded):
    """101 keys for one table break the 1..100 constraint on Keys."""
    t = seeded
    resp = raw.call("BatchGetItem", keys_body(t, "h", [{"pk": {"S": f"k{i}"}} for i in range(101)]))
    # Recorded from DynamoDB in 2026 (older answers wrote 'requestItems.<T>.member.keys').
    assert_raw_error(resp, VALIDATION, per_target(
        f"1 validation error detected: Value at 'RequestItems.{t['h']}.member.Keys' failed to "
        "satisfy constraint: Member must have length less than or equal to 100",
        TOO_MANY_GETS))


def test_get_response_is_not_ordered_by_request(ddb, seeded):
    """Items come back whole whatever order the keys were given in (DynamoDB promises no
    order): the set of returned keys is the set of found keys."""
    t = seeded
    keys = [{"pk": {"S": k}} for k in ("g3", "g1", "g2", "absent")]
    resp = ddb.batch_get_item(RequestItems={t["h"]: {"Keys": keys, "ConsistentRead": True}})
    assert sorted(i["pk"]["S"] for i in resp["Responses"][t["h"]]) == ["g1", "g2", "g3"]

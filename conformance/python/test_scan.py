"""Scan: completeness, paging, Limit before filters, the 1 MB page, Select and projections,
parallel scan (Segment/TotalSegments), legacy ScanFilter, ConsumedCapacity, validation texts and
boto3's paginator.

Scan order is DynamoDB's to choose, so these tests compare sets, except where a property of
the order itself is pinned: paging a Scan visits items in the same order as one unpaged Scan.
Error texts: DynamoDB's are the ones drydock must return; where DynamoDB Local words one
differently per_target names both (sources as in test_query.py).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr

from ddb_support import (
    RESOURCE_NOT_FOUND,
    VALIDATION,
    assert_raw_error,
    per_target,
    unique_name,
)

INVALID = "One or more parameter values were invalid: "
SMALL = 300
CAP_ITEM_SIZE = 1500
BIG_ITEM_SIZE = 100_000
BIG_ITEMS = 15
BIG_PAGE = 11  # 10 items are 1,000,000 bytes; the 11th crosses 1 MB and ends the page
MANY = 2000


def utf8(s: str) -> bytes:
    return s.encode("utf-8")


def batch_put(client, table, items):
    """Write items with BatchWriteItem, 25 at a time, resubmitting anything unprocessed."""
    for start in range(0, len(items), 25):
        pending = {table: [{"PutRequest": {"Item": it}} for it in items[start:start + 25]]}
        for _ in range(20):
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]
            if not pending:
                break
        assert not pending, f"items still unprocessed: {pending}"


def sized_item(pk: str, size: int) -> dict:
    """An item of exactly `size` bytes (names plus UTF-8 string values)."""
    fixed = len("pk") + len(utf8(pk)) + len("filler")
    return {"pk": {"S": pk}, "filler": {"S": "x" * (size - fixed)}}


def small_item(i: int) -> dict:
    item = {"pk": {"S": f"item-{i:03d}"}, "grp": {"N": str(i % 5)},
            "color": {"S": ["red", "blue", "green"][i % 3]}, "tags": {"SS": sorted([f"t{i % 2}", "all"])}}
    if i % 4 == 0:
        item["opt"] = {"S": f"o{i}"}
    return item


@pytest.fixture(scope="module")
def t(module_tables):
    """h: 300 small items; r: pk+sk; big: 15 items of 100 KB; cap: 3 items of 1500 bytes."""
    names = {
        "h": module_tables.create(unique_name("cf_scan")),
        "r": module_tables.create(unique_name("cf_scan"), range_key=("sk", "S")),
        "big": module_tables.create(unique_name("cf_scan")),
        "cap": module_tables.create(unique_name("cf_scan")),
    }
    client = module_tables.client
    batch_put(client, names["h"], [small_item(i) for i in range(SMALL)])
    batch_put(client, names["r"], [{"pk": {"S": f"p{i % 3}"}, "sk": {"S": f"s{i}"}} for i in range(12)])
    batch_put(client, names["big"], [sized_item(f"b{i:02d}", BIG_ITEM_SIZE) for i in range(BIG_ITEMS)])
    batch_put(client, names["cap"], [sized_item(f"c{i}", CAP_ITEM_SIZE) for i in range(3)])
    return names


def keys(items, attr="pk"):
    return [it[attr]["S"] for it in items]


def scan_all(ddb, table, limit=None, **kwargs):
    """Every page of a Scan, following LastEvaluatedKey by hand."""
    pages, start = [], None
    for _ in range(10_000):
        extra = {"ExclusiveStartKey": start} if start else {}
        if limit:
            extra["Limit"] = limit
        resp = ddb.scan(TableName=table, **kwargs, **extra)
        pages.append(resp)
        start = resp.get("LastEvaluatedKey")
        if not start:
            return pages
    raise AssertionError("scan never reached its last page")


def assert_read_capacity(consumed, table, units):
    """TableName and CapacityUnits; ReadCapacityUnits, where present, agrees."""
    assert consumed["TableName"] == table
    assert consumed["CapacityUnits"] == units, consumed
    assert consumed.get("ReadCapacityUnits", units) == units
    assert "WriteCapacityUnits" not in consumed


# ---------------------------------------------------------------------------
# Completeness and paging


def test_scan_returns_every_item_once(ddb, t):
    """One Scan of a small table returns every item exactly once; Count == ScannedCount."""
    resp = ddb.scan(TableName=t["h"])
    got = keys(resp["Items"])
    assert sorted(got) == [f"item-{i:03d}" for i in range(SMALL)]
    assert resp["Count"] == resp["ScannedCount"] == SMALL
    assert "LastEvaluatedKey" not in resp
    first = resp["Items"][0]
    first["tags"]["SS"].sort()
    assert first == small_item(int(got[0][5:]))


@pytest.mark.parametrize("limit", [1, 7, 100, 299])
def test_limit_pages_follow_the_unpaged_order(ddb, t, limit):
    """Paging with Limit visits the same items in the same order as one unpaged Scan; every
    page but the last has exactly Limit items; LastEvaluatedKey is the last item's key."""
    whole = keys(ddb.scan(TableName=t["h"])["Items"])
    pages = scan_all(ddb, t["h"], limit)
    assert [k for p in pages for k in keys(p["Items"])] == whole
    for page in pages[:-1]:
        assert page["Count"] == page["ScannedCount"] == limit
        assert page["LastEvaluatedKey"] == {"pk": page["Items"][-1]["pk"]}
    assert "LastEvaluatedKey" not in pages[-1]


def test_range_table_last_evaluated_key(ddb, t):
    """On a table with a sort key, LastEvaluatedKey holds both key attributes and nothing else."""
    resp = ddb.scan(TableName=t["r"], Limit=5)
    last = resp["Items"][-1]
    assert resp["LastEvaluatedKey"] == {"pk": last["pk"], "sk": last["sk"]}
    pages = scan_all(ddb, t["r"], 5)
    got = [(i["pk"]["S"], i["sk"]["S"]) for p in pages for i in p["Items"]]
    assert sorted(got) == sorted((f"p{i % 3}", f"s{i}") for i in range(12))


def test_scan_is_grouped_by_partition_in_sort_order(ddb, t):
    """Items that share a partition key come back together, in sort key order."""
    items = ddb.scan(TableName=t["r"])["Items"]
    by_partition = {}
    order = []
    for it in items:
        pk = it["pk"]["S"]
        if not order or order[-1] != pk:
            assert pk not in by_partition, "a partition's items must be contiguous"
            order.append(pk)
        by_partition.setdefault(pk, []).append(it["sk"]["S"])
    for sks in by_partition.values():
        assert sks == sorted(sks, key=utf8)


def test_exclusive_start_key_not_stored(ddb, t):
    """An ExclusiveStartKey taken from a deleted item still resumes where it was."""
    order = keys(ddb.scan(TableName=t["h"])["Items"])
    client = ddb
    gone = order[150]
    client.delete_item(TableName=t["h"], Key={"pk": {"S": gone}})
    try:
        rest = keys(ddb.scan(TableName=t["h"], ExclusiveStartKey={"pk": {"S": gone}})["Items"])
        assert rest == order[151:]
    finally:
        client.put_item(TableName=t["h"], Item=small_item(int(gone[5:])))


# ---------------------------------------------------------------------------
# Filters


def test_filter_expression_counts(ddb, t):
    """FilterExpression: Count counts what is returned, ScannedCount what was read."""
    resp = ddb.scan(TableName=t["h"], FilterExpression="grp = :g",
                    ExpressionAttributeValues={":g": {"N": "2"}})
    assert sorted(keys(resp["Items"])) == [f"item-{i:03d}" for i in range(SMALL) if i % 5 == 2]
    assert (resp["Count"], resp["ScannedCount"]) == (SMALL // 5, SMALL)


def test_filter_applies_after_limit(ddb, t):
    """Limit bounds the items read; the filter then drops some of them; LastEvaluatedKey is the
    last item read, returned or not."""
    order = ddb.scan(TableName=t["h"])["Items"]
    resp = ddb.scan(TableName=t["h"], Limit=10, FilterExpression="grp = :g",
                    ExpressionAttributeValues={":g": {"N": "0"}})
    first_ten = order[:10]
    assert keys(resp["Items"]) == [k for k, it in zip(keys(first_ten), first_ten)
                                   if it["grp"]["N"] == "0"]
    assert resp["ScannedCount"] == 10
    assert resp["Count"] == len(resp["Items"])
    assert resp["LastEvaluatedKey"] == {"pk": first_ten[-1]["pk"]}


def test_filtered_pages_add_up(ddb, t):
    """Over every page of a filtered Scan, ScannedCount adds up to the table and Count to the
    matches, empty pages included."""
    pages = scan_all(ddb, t["h"], 13, FilterExpression="attribute_exists(opt) AND color = :c",
                     ExpressionAttributeValues={":c": {"S": "red"}})
    expected = [f"item-{i:03d}" for i in range(SMALL) if i % 4 == 0 and i % 3 == 0]
    assert sorted(k for p in pages for k in keys(p["Items"])) == expected
    assert sum(p["ScannedCount"] for p in pages) == SMALL
    assert sum(p["Count"] for p in pages) == len(expected)


SCAN_FILTERS = {
    "eq": ({"color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "blue"}]}}, None,
           lambda i: i % 3 == 1),
    "ne": ({"color": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "blue"}]}}, None,
           lambda i: i % 3 != 1),
    "le": ({"grp": {"ComparisonOperator": "LE", "AttributeValueList": [{"N": "1"}]}}, None,
           lambda i: i % 5 <= 1),
    "gt": ({"grp": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "3"}]}}, None,
           lambda i: i % 5 > 3),
    "in": ({"grp": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "0"}, {"N": "4"}]}},
           None, lambda i: i % 5 in (0, 4)),
    "between": ({"grp": {"ComparisonOperator": "BETWEEN",
                         "AttributeValueList": [{"N": "1"}, {"N": "2"}]}}, None,
                lambda i: 1 <= i % 5 <= 2),
    "null": ({"opt": {"ComparisonOperator": "NULL"}}, None, lambda i: i % 4 != 0),
    "not_null": ({"opt": {"ComparisonOperator": "NOT_NULL"}}, None, lambda i: i % 4 == 0),
    "contains": ({"tags": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "t1"}]}},
                 None, lambda i: i % 2 == 1),
    "not_contains": ({"color": {"ComparisonOperator": "NOT_CONTAINS",
                                "AttributeValueList": [{"S": "e"}]}}, None, lambda i: False),
    "begins_with": ({"pk": {"ComparisonOperator": "BEGINS_WITH",
                            "AttributeValueList": [{"S": "item-01"}]}}, None,
                    lambda i: 10 <= i <= 19),
    "and": ({"grp": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]},
             "color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]}}, "AND",
            lambda i: i % 5 == 1 and i % 3 == 0),
    "or": ({"grp": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]},
            "color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]}}, "OR",
           lambda i: i % 5 == 1 or i % 3 == 0),
}


@pytest.mark.parametrize("case", sorted(SCAN_FILTERS))
def test_scan_filter_legacy(ddb, t, case):
    """Legacy ScanFilter comparison operators and ConditionalOperator AND/OR (key attributes
    allowed in a Scan filter)."""
    scan_filter, conditional, predicate = SCAN_FILTERS[case]
    extra = {"ConditionalOperator": conditional} if conditional else {}
    resp = ddb.scan(TableName=t["h"], ScanFilter=scan_filter, **extra)
    assert sorted(keys(resp["Items"])) == [f"item-{i:03d}" for i in range(SMALL) if predicate(i)]
    assert resp["ScannedCount"] == SMALL


def test_filter_expression_on_key_attribute(ddb, t):
    """Unlike Query, a Scan filter may test key attributes."""
    resp = ddb.scan(TableName=t["h"], FilterExpression="pk IN (:a, :b)",
                    ExpressionAttributeValues={":a": {"S": "item-007"}, ":b": {"S": "nope"}})
    assert keys(resp["Items"]) == ["item-007"]


# ---------------------------------------------------------------------------
# Select and projections


def test_select_count(ddb, t):
    """Select COUNT answers Count/ScannedCount without an Items member, with and without a
    filter and with Limit (keeping LastEvaluatedKey)."""
    plain = ddb.scan(TableName=t["h"], Select="COUNT")
    assert "Items" not in plain
    assert (plain["Count"], plain["ScannedCount"]) == (SMALL, SMALL)
    filtered = ddb.scan(TableName=t["h"], Select="COUNT", FilterExpression="grp = :g",
                        ExpressionAttributeValues={":g": {"N": "4"}})
    assert (filtered["Count"], filtered["ScannedCount"]) == (SMALL // 5, SMALL)
    limited = ddb.scan(TableName=t["h"], Select="COUNT", Limit=20)
    assert (limited["Count"], limited["ScannedCount"]) == (20, 20)
    assert "LastEvaluatedKey" in limited and "Items" not in limited


def test_projection_expression(ddb, t):
    """ProjectionExpression and legacy AttributesToGet return only the named attributes."""
    resp = ddb.scan(TableName=t["h"], ProjectionExpression="#o, pk", ExpressionAttributeNames={"#o": "opt"},
                    FilterExpression="pk IN (:a, :b)",
                    ExpressionAttributeValues={":a": {"S": "item-004"}, ":b": {"S": "item-005"}})
    assert sorted(resp["Items"], key=lambda i: i["pk"]["S"]) == [
        {"pk": {"S": "item-004"}, "opt": {"S": "o4"}}, {"pk": {"S": "item-005"}}]
    legacy = ddb.scan(TableName=t["h"], AttributesToGet=["color"], Select="SPECIFIC_ATTRIBUTES",
                      ScanFilter={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "item-002"}]}})
    assert legacy["Items"] == [{"color": {"S": "green"}}]


def test_consistent_read(ddb, t):
    """ConsistentRead true is accepted by Scan and returns every item."""
    resp = ddb.scan(TableName=t["h"], ConsistentRead=True, Select="COUNT")
    assert resp["Count"] == SMALL


# ---------------------------------------------------------------------------
# Parallel scan


def segment_keys(ddb, table, segment, total, limit=None):
    pages = scan_all(ddb, table, limit, Segment=segment, TotalSegments=total)
    return [k for p in pages for k in keys(p["Items"])]


@pytest.mark.parametrize("total", [1, 2, 3, 7, 64])
def test_parallel_segments_disjoint_and_complete(ddb, t, total):
    """The segments of a parallel scan are disjoint and together hold every item."""
    seen = []
    for segment in range(total):
        seen += segment_keys(ddb, t["h"], segment, total)
    assert len(seen) == len(set(seen)) == SMALL
    assert sorted(seen) == [f"item-{i:03d}" for i in range(SMALL)]


def test_single_segment_is_the_whole_table(ddb, t):
    """Segment 0 of TotalSegments 1 is an ordinary Scan."""
    assert segment_keys(ddb, t["h"], 0, 1) == keys(ddb.scan(TableName=t["h"])["Items"])


def test_parallel_segments_stable_across_pages(ddb, t):
    """Paging a segment with Limit visits exactly the items of the unpaged segment, in the same
    order, and asking again gives the same segment."""
    for segment in range(3):
        whole = segment_keys(ddb, t["h"], segment, 3)
        assert whole, "each of 3 segments of 300 items should hold something"
        assert segment_keys(ddb, t["h"], segment, 3, limit=9) == whole
        assert segment_keys(ddb, t["h"], segment, 3) == whole


def test_segment_scan_with_filter_and_count(ddb, t):
    """Filters and Select COUNT work per segment and add up across segments."""
    counts = [ddb.scan(TableName=t["h"], Segment=s, TotalSegments=4, Select="COUNT",
                       FilterExpression="color = :c", ExpressionAttributeValues={":c": {"S": "red"}})
              for s in range(4)]
    assert sum(c["Count"] for c in counts) == SMALL // 3
    assert sum(c["ScannedCount"] for c in counts) == SMALL


def test_exclusive_start_key_from_another_segment(raw, ddb, t):
    """An ExclusiveStartKey must lie in the segment being scanned."""
    other = ddb.scan(TableName=t["h"], Segment=1, TotalSegments=2, Limit=1)["Items"]
    assert other, "segment 1 of 2 should not be empty"
    resp = raw.call("Scan", {"TableName": t["h"], "Segment": 0, "TotalSegments": 2,
                             "ExclusiveStartKey": {"pk": other[0]["pk"]}})
    assert_raw_error(resp, VALIDATION, per_target(
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
        "ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0",
        "Exclusive start key must lie within the segment"))


# ---------------------------------------------------------------------------
# The 1 MB page and ConsumedCapacity


def test_one_megabyte_page(ddb, t):
    """A Scan page ends with the item that takes the data read past 1 MB (11 items of 100,000
    bytes); LastEvaluatedKey continues with the other 4."""
    first = ddb.scan(TableName=t["big"])
    assert (first["Count"], first["ScannedCount"]) == (BIG_PAGE, BIG_PAGE)
    assert first["LastEvaluatedKey"] == {"pk": first["Items"][-1]["pk"]}
    rest = ddb.scan(TableName=t["big"], ExclusiveStartKey=first["LastEvaluatedKey"])
    assert rest["Count"] == BIG_ITEMS - BIG_PAGE
    assert "LastEvaluatedKey" not in rest
    assert sorted(keys(first["Items"] + rest["Items"])) == [f"b{i:02d}" for i in range(BIG_ITEMS)]


@pytest.mark.parametrize("shape", ["projection", "count"])
def test_one_megabyte_page_counts_whole_items(ddb, t, shape):
    """The megabyte is measured on stored items, whatever the projection or Select."""
    extra = {"ProjectionExpression": "pk"} if shape == "projection" else {"Select": "COUNT"}
    first = ddb.scan(TableName=t["big"], **extra)
    assert (first["Count"], first["ScannedCount"]) == (BIG_PAGE, BIG_PAGE)
    assert "LastEvaluatedKey" in first


@pytest.mark.dynamodb_only
def test_one_megabyte_page_is_measured_before_the_filter(ddb, t):
    """The megabyte applies before the filter: a filter dropping everything still ends the
    page after 11 items, with Count 0. (DynamoDB Local reads the whole table.)"""
    first = ddb.scan(TableName=t["big"], FilterExpression="attribute_not_exists(filler)")
    assert (first["Items"], first["Count"], first["ScannedCount"]) == ([], 0, BIG_PAGE)
    assert "LastEvaluatedKey" in first


def test_consumed_capacity_sums_the_items_read(ddb, t):
    """Scan capacity is the total size of the items read, rounded up once to 4 KB and halved
    when eventually consistent (3 x 1500 bytes: 1 unit, or 2 consistent), whatever the filter,
    projection or Select; with Limit only what was read counts."""
    name = t["cap"]
    for extra, units in [
        ({}, 1.0),
        ({"ConsistentRead": True}, 2.0),
        ({"FilterExpression": "attribute_not_exists(filler)"}, 1.0),
        ({"Select": "COUNT", "ConsistentRead": True}, 2.0),
        ({"ProjectionExpression": "pk"}, 1.0),
        ({"Limit": 1}, 0.5),
        ({"Limit": 2, "ConsistentRead": True}, 1.0),
    ]:
        resp = ddb.scan(TableName=name, ReturnConsumedCapacity="TOTAL", **extra)
        assert_read_capacity(resp["ConsumedCapacity"], name, units)
    indexes = ddb.scan(TableName=name, ReturnConsumedCapacity="INDEXES")
    assert indexes["ConsumedCapacity"]["Table"]["CapacityUnits"] == 1.0
    assert "ConsumedCapacity" not in ddb.scan(TableName=name)


def test_consumed_capacity_of_a_megabyte_page(ddb, t):
    """A full page is charged for the 11 items read: 1,100,000 bytes are 269 units of 4 KB."""
    resp = ddb.scan(TableName=t["big"], ReturnConsumedCapacity="TOTAL", Select="COUNT")
    assert_read_capacity(resp["ConsumedCapacity"], t["big"], math.ceil(1_100_000 / 4096) / 2)
    strong = ddb.scan(TableName=t["big"], ReturnConsumedCapacity="TOTAL", ConsistentRead=True,
                      ProjectionExpression="pk")
    assert_read_capacity(strong["ConsumedCapacity"], t["big"], 269.0)


# ---------------------------------------------------------------------------
# Validation


LIMIT_MESSAGE = ("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                 "Member must have value greater than or equal to 1",
                 "Limit must be greater than or equal to 1")
SEGMENT_WITHOUT_TOTAL = (
    "The TotalSegments parameter is required but was not present in the request when Segment "
    "parameter is present", "If segment is specified, total segment must also be specified")
X = {"S": "x"}
START_KEY_SCHEMA = "The provided starting key is invalid: The provided key element does not match the schema"

SCAN_CASES = {
    "limit_zero": ({"Limit": 0}, LIMIT_MESSAGE),
    "segment_without_total": ({"Segment": 1}, SEGMENT_WITHOUT_TOTAL),
    "segment_zero_without_total": ({"Segment": 0}, SEGMENT_WITHOUT_TOTAL),
    "total_without_segment": ({"TotalSegments": 4}, (
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present",
        "If total segments is specified, a particular segment must also be specified for this "
        "request")),
    "segment_equal_total": ({"Segment": 5, "TotalSegments": 5}, (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 5 is not less than TotalSegments: 5",
        "1 validation error detected: Value '5' at 'segment' failed to satisfy constraint: "
        "Member must have value less than or equal to 4")),
    "segment_above_total": ({"Segment": 3, "TotalSegments": 2}, (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 3 is not less than TotalSegments: 2",
        "1 validation error detected: Value '3' at 'segment' failed to satisfy constraint: "
        "Member must have value less than or equal to 1")),
    "segment_negative": ({"Segment": -1, "TotalSegments": 4}, (
        "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: "
        "Member must have value greater than or equal to 0",
        "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: "
        "Member must have value less than or equal to 3")),
    "total_zero": ({"Segment": 0, "TotalSegments": 0}, (
        "1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
        "1 validation error detected: Value '0' at 'segment' failed to satisfy constraint: "
        "Member must have value less than or equal to -1")),
    "total_too_large": ({"Segment": 0, "TotalSegments": 1000001},
                        "1 validation error detected: Value '1000001' at 'totalSegments' failed to "
                        "satisfy constraint: Member must have value less than or equal to 1000000"),
    "select_unknown": ({"Select": "EVERYTHING"}, (
        "1 validation error detected: Value 'EVERYTHING' at 'select' failed to satisfy "
        "constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
        "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
        "Select must be ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, COUNT, or SPECIFIC_ATTRIBUTES")),
    "all_projected_without_index": ({"Select": "ALL_PROJECTED_ATTRIBUTES"},
                                    "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using "
                                    "an IndexName"),
    "specific_without_projection": ({"Select": "SPECIFIC_ATTRIBUTES"},
                                    "Must specify the AttributesToGet or ProjectionExpression when "
                                    "choosing to get SPECIFIC_ATTRIBUTES"),
    "count_with_projection": ({"Select": "COUNT", "ProjectionExpression": "color"},
                              "Cannot specify the ProjectionExpression when choosing to get only "
                              "the Count"),
    "all_attributes_with_projection": ({"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "color"},
                                       "Cannot specify the ProjectionExpression when choosing to get "
                                       "ALL_ATTRIBUTES"),
    "unknown_index": ({"IndexName": "no_such_index"},
                      "The table does not have the specified index: no_such_index"),
    "filter_and_scan_filter": (
        {"FilterExpression": "color = :c", "ExpressionAttributeValues": {":c": X},
         "ScanFilter": {"color": {"ComparisonOperator": "EQ", "AttributeValueList": [X]}}},
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}"),
    "values_without_expression": ({"ExpressionAttributeValues": {":c": X}},
                                  "ExpressionAttributeValues can only be specified when using "
                                  "expressions: FilterExpression is null"),
    "unused_value": ({"FilterExpression": "color = :c", "ExpressionAttributeValues": {":c": X, ":u": X}},
                     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
    "undefined_name": ({"FilterExpression": "#missing = :c", "ExpressionAttributeValues": {":c": X}},
                       "Invalid FilterExpression: An expression attribute name used in the document "
                       "path is not defined; attribute name: #missing"),
    "empty_filter": ({"FilterExpression": ""},
                     "Invalid FilterExpression: The expression can not be empty;"),
    "scan_filter_argument_count": ({"ScanFilter": {"color": {"ComparisonOperator": "EQ"}}},
                                   INVALID + "Invalid number of argument(s) for the EQ "
                                   "ComparisonOperator"),
    "scan_filter_between_one_argument": (
        {"ScanFilter": {"grp": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}]}}},
        INVALID + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    "scan_filter_operand_type": (
        {"ScanFilter": {"grp": {"ComparisonOperator": "LT", "AttributeValueList": [{"BOOL": True}]}}},
        INVALID + "ComparisonOperator LT is not valid for BOOL AttributeValue type"),
    "start_key_wrong_type": ({"ExclusiveStartKey": {"pk": {"N": "1"}}},
                             (START_KEY_SCHEMA, "Type mismatch for attribute to update")),
    "start_key_wrong_name": ({"ExclusiveStartKey": {"other": X}},
                             (START_KEY_SCHEMA, "The provided starting key is invalid")),
    "start_key_extra_attribute": ({"ExclusiveStartKey": {"pk": X, "other": X}},
                                  (START_KEY_SCHEMA,
                                   "Exclusive Start Key must have same size as table's key schema")),
    "start_key_empty": ({"ExclusiveStartKey": {}},
                        (START_KEY_SCHEMA, "Exclusive Start Key must have same size as table's key schema")),
}


@pytest.mark.parametrize("case", sorted(SCAN_CASES))
def test_scan_validation(raw, t, case):
    """Scan parameter errors are ValidationExceptions worded as DynamoDB words them."""
    params, message = SCAN_CASES[case]
    if isinstance(message, tuple):
        message = per_target(*message)
    assert_raw_error(raw.call("Scan", {"TableName": t["h"], **params}), VALIDATION, message)


def test_scan_range_table_start_key_missing_sort_key(raw, t):
    """A range table's ExclusiveStartKey needs its sort key too."""
    resp = raw.call("Scan", {"TableName": t["r"], "ExclusiveStartKey": {"pk": {"S": "p0"}}})
    assert_raw_error(resp, VALIDATION, per_target(
        START_KEY_SCHEMA, "Exclusive Start Key must have same size as table's key schema"))


def test_scan_missing_table(raw):
    """A Scan of a missing table is ResourceNotFoundException."""
    resp = raw.call("Scan", {"TableName": unique_name("cf_missing")})
    assert_raw_error(resp, RESOURCE_NOT_FOUND, per_target(
        "Requested resource not found", "Cannot do operations on a non-existent table"))


# ---------------------------------------------------------------------------
# Secondary indexes


@pytest.fixture(scope="module")
def idx(module_tables):
    """pk S + sk S, an LSI on (pk, num N) KEYS_ONLY and a GSI on grp S including v."""
    name = unique_name("cf_scan_idx")
    module_tables.create_raw({
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": ty}
                                 for a, ty in (("pk", "S"), ("sk", "S"), ("num", "N"), ("grp", "S"))],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{
            "IndexName": "by_num", "Projection": {"ProjectionType": "KEYS_ONLY"},
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "num", "KeyType": "RANGE"}]}],
        "GlobalSecondaryIndexes": [{
            "IndexName": "by_grp", "KeySchema": [{"AttributeName": "grp", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["v"]}}],
    })
    batch_put(module_tables.client, name, [
        {"pk": {"S": "i"}, "sk": {"S": "a"}, "num": {"N": "3"}, "extra": {"S": "x"}},
        {"pk": {"S": "i"}, "sk": {"S": "b"}, "num": {"N": "1"}},
        {"pk": {"S": "j"}, "sk": {"S": "c"}, "extra": {"S": "not in the LSI"}},
    ])
    return name


def test_scan_local_index(ddb, idx):
    """Scanning an LSI returns only items that have the index key, with its projection."""
    resp = ddb.scan(TableName=idx, IndexName="by_num")
    assert sorted(resp["Items"], key=lambda i: i["sk"]["S"]) == [
        {"pk": {"S": "i"}, "sk": {"S": "a"}, "num": {"N": "3"}},
        {"pk": {"S": "i"}, "sk": {"S": "b"}, "num": {"N": "1"}}]
    assert resp["Count"] == resp["ScannedCount"] == 2


INDEX_CASES = {
    "gsi_consistent_read": ({"IndexName": "by_grp", "ConsistentRead": True}, (
        "Consistent reads are not supported on global secondary indexes",
        "Consistent read cannot be true when scanning a GSI")),
    "gsi_all_attributes": ({"IndexName": "by_grp", "Select": "ALL_ATTRIBUTES"},
                           INVALID + "Select type ALL_ATTRIBUTES is not supported for global "
                           "secondary index by_grp because its projection type is not ALL"),
}


@pytest.mark.parametrize("case", sorted(INDEX_CASES))
def test_index_scan_validation(raw, idx, case):
    """No consistent reads on a GSI; no ALL_ATTRIBUTES on a GSI that does not project all."""
    params, message = INDEX_CASES[case]
    if isinstance(message, tuple):
        message = per_target(*message)
    assert_raw_error(raw.call("Scan", {"TableName": idx, **params}), VALIDATION, message)


# ---------------------------------------------------------------------------
# boto3 paginator over a few thousand items


@pytest.fixture(scope="module")
def many(module_tables):
    """2000 items, pk item-0000..item-1999, grp = i mod 7, n = i."""
    name = module_tables.create(unique_name("cf_scan_many"))
    batch_put(module_tables.client, name, [
        {"pk": {"S": f"item-{i:04d}"}, "grp": {"N": str(i % 7)}, "n": {"N": str(i)}}
        for i in range(MANY)])
    return name


def all_many():
    return [f"item-{i:04d}" for i in range(MANY)]


def test_paginator_walks_every_item(ddb, many):
    """get_paginator('scan') with PageSize visits all 2000 items once, in pages of PageSize."""
    pages = list(ddb.get_paginator("scan").paginate(TableName=many, PaginationConfig={"PageSize": 100}))
    got = [k for p in pages for k in keys(p["Items"])]
    assert len(got) == MANY and sorted(got) == all_many()
    assert all(p["Count"] == 100 for p in pages[:-1])
    assert sum(p["ScannedCount"] for p in pages) == MANY


def test_paginator_with_filter(ddb, many):
    """A filtered paginated Scan returns exactly the matches; ScannedCount adds up to the
    table."""
    pages = list(ddb.get_paginator("scan").paginate(
        TableName=many, FilterExpression="grp = :g AND n >= :lo",
        ExpressionAttributeValues={":g": {"N": "3"}, ":lo": {"N": "500"}},
        PaginationConfig={"PageSize": 128}))
    got = sorted(k for p in pages for k in keys(p["Items"]))
    assert got == [f"item-{i:04d}" for i in range(MANY) if i % 7 == 3 and i >= 500]
    assert sum(p["ScannedCount"] for p in pages) == MANY
    assert sum(p["Count"] for p in pages) == len(got)


def test_paginator_parallel_segments(ddb, many):
    """Paginating each of 4 segments covers the table once, segments disjoint."""
    seen = []
    for segment in range(4):
        pages = ddb.get_paginator("scan").paginate(TableName=many, Segment=segment, TotalSegments=4,
                                                   ProjectionExpression="pk",
                                                   PaginationConfig={"PageSize": 75})
        seen += [k for p in pages for k in keys(p["Items"])]
    assert len(seen) == len(set(seen)) == MANY
    assert sorted(seen) == all_many()


def test_paginator_max_items_resumes(ddb, many):
    """The paginator's MaxItems/StartingToken (built on LastEvaluatedKey) resume without loss
    or repetition."""
    first = ddb.get_paginator("scan").paginate(
        TableName=many, PaginationConfig={"PageSize": 90, "MaxItems": 700}).build_full_result()
    assert len(first["Items"]) == 700
    rest = ddb.get_paginator("scan").paginate(
        TableName=many, PaginationConfig={"PageSize": 90, "StartingToken": first["NextToken"]}
    ).build_full_result()
    got = keys(first["Items"]) + keys(rest["Items"])
    assert len(got) == MANY and sorted(got) == all_many()


def test_resource_scan_pages_by_hand(ddb_resource, many):
    """The resource layer's Table.scan with an Attr filter and LastEvaluatedKey."""
    table = ddb_resource.Table(many)
    seen, start = [], None
    for _ in range(1000):
        kwargs = {"ExclusiveStartKey": start} if start else {}
        resp = table.scan(FilterExpression=Attr("n").between(Decimal(100), Decimal(140)),
                          Limit=250, **kwargs)
        seen += resp["Items"]
        start = resp.get("LastEvaluatedKey")
        if not start:
            break
    assert sorted(int(it["n"]) for it in seen) == list(range(100, 141))

"""Query: key conditions (expression and legacy), sort order of S/N/B, paging, the 1 MB page,
filters, Select, projections, ConsumedCapacity, validation texts, and boto3's paginator.

Error texts: DynamoDB's are the ones drydock must return. Their sources are DynamoDB Local
(where it agrees), the DynamoDB documentation, and live-service recordings kept in other
emulators' public test suites (dynalite, moto's aws_verified tests, the dynamodb-conformance
captures). Where Local words an error differently, per_target names both.

DynamoDB measures the 1 MB page on the items it reads (attribute names plus values), before
any filter or projection, and keeps the item that crosses the megabyte in the page.
"""

from __future__ import annotations

import base64
import math
import re
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr, Key

from ddb_support import (
    RESOURCE_NOT_FOUND,
    VALIDATION,
    assert_raw_error,
    per_target,
    unique_name,
)

INVALID = "One or more parameter values were invalid: "
MISSED_KEY = "Query condition missed key schema element"


def query_prefixed(message):
    """Query wraps some Select checks in the "1 validation error detected: " envelope; Scan and
    DynamoDB Local do not (recorded by moto's aws_verified select tests)."""
    return per_target("1 validation error detected: " + message, message)


# ---------------------------------------------------------------------------
# Fixture data


STRINGS = ["0", "10", "9", " ", "A", "B", "Z", "a", "a\x00", "a b", "aa", "ab", "abc", "b", "z",
           "~", "\x7f", "é", "éa", "ÿ", "Ā", "中", "\ue000", "\uffff", "\U0001f600"]

# Given spelling -> the value; returned in canonical form.
NUMBERS = ["-1e10", "-99.5", "-1", "-0.5", "-0.1", "-0.09", "-1E-130", "0", "1E-130", "0.00001",
           "0.09", "0.1", "5E-1", "1", "1.50", "9", "10", "1e10",
           "12345678901234567890123456789012345678", "12345678901234567890123456789012345679",
           "9.9999999999999999999999999999999999999E+125",
           "-9.9999999999999999999999999999999999999E+125"]

BINARIES = [b"\x00", b"\x00\xff", b"\x01", b"\x01\x00", b"a", b"\x7f", b"\x80", b"\xfe", b"\xff",
            b"\xff\xff"]

PAGE_KEYS = ["k1", "k2", "k3", "k4", "k5"]
FILTER_COLORS = ["red", "blue", "green"]
CAP_ITEM_SIZE = 1500
BIG_ITEM_SIZE = 100_000
BIG_ITEMS = 15


def utf8(s: str) -> bytes:
    return s.encode("utf-8")


def canonical(n: str) -> Decimal:
    return Decimal(n)


def sized_item(pk: str, sk: str, size: int, filler: str = "filler") -> dict:
    """An item of exactly `size` bytes (names plus UTF-8 string values)."""
    fixed = len("pk") + len(utf8(pk)) + len("sk") + len(utf8(sk)) + len(filler)
    return {"pk": {"S": pk}, "sk": {"S": sk}, filler: {"S": "x" * (size - fixed)}}


def batch_put(client, table, items):
    """Write items with BatchWriteItem, 25 at a time, resubmitting anything unprocessed."""
    for start in range(0, len(items), 25):
        pending = {table: [{"PutRequest": {"Item": it}} for it in items[start:start + 25]]}
        for _ in range(20):
            pending = client.batch_write_item(RequestItems=pending)["UnprocessedItems"]
            if not pending:
                break
        assert not pending, f"items still unprocessed: {pending}"


@pytest.fixture(scope="module")
def t(module_tables):
    """Tables: s (pk S, sk S), n (pk S, sk N), b (pk S, sk B), h (pk S only), with data."""
    names = {
        "s": module_tables.create(unique_name("cf_query"), range_key=("sk", "S")),
        "n": module_tables.create(unique_name("cf_query"), range_key=("sk", "N")),
        "b": module_tables.create(unique_name("cf_query"), range_key=("sk", "B")),
        "h": module_tables.create(unique_name("cf_query")),
    }
    client = module_tables.client
    s_items = [{"pk": {"S": "ord"}, "sk": {"S": s}, "v": {"N": str(i)}} for i, s in enumerate(STRINGS)]
    s_items += [{"pk": {"S": "other"}, "sk": {"S": s}} for s in ("a", "b")]
    s_items += [{"pk": {"S": "page"}, "sk": {"S": k}, "v": {"N": str(i)}}
                for i, k in enumerate(PAGE_KEYS)]
    for i in range(9):
        item = {"pk": {"S": "flt"}, "sk": {"S": f"f{i}"}, "color": {"S": FILTER_COLORS[i % 3]},
                "num": {"N": str(i)}, "tags": {"SS": [f"t{i % 2}", "all"]}}
        if i % 4 == 0:
            item["opt"] = {"S": f"o{i}"}
        s_items.append(item)
    s_items += [sized_item("cap", f"c{i}", CAP_ITEM_SIZE) for i in range(3)]
    s_items += [sized_item("big", f"b{i:02d}", BIG_ITEM_SIZE) for i in range(BIG_ITEMS)]
    batch_put(client, names["s"], s_items)
    batch_put(client, names["n"], [{"pk": {"S": "ord"}, "sk": {"N": n}} for n in NUMBERS])
    batch_put(client, names["b"], [{"pk": {"S": "ord"}, "sk": {"B": b}} for b in BINARIES])
    batch_put(client, names["h"], [{"pk": {"S": f"h{i}"}, "v": {"N": str(i)}} for i in range(5)])
    return names


def query(ddb, table, pk, condition=None, values=None, **kwargs):
    """Low-level Query on partition `pk` with an optional extra key condition."""
    expr = "pk = :pk" + (f" AND {condition}" if condition else "")
    eav = {":pk": {"S": pk}, **(values or {}), **kwargs.pop("ExpressionAttributeValues", {})}
    return ddb.query(TableName=table, KeyConditionExpression=expr, ExpressionAttributeValues=eav,
                     **kwargs)


def sort_keys(resp, kind="S"):
    return [item["sk"][kind] for item in resp["Items"]]


def walk(ddb, table, pk, limit, **kwargs):
    """Every page of a Query (Limit per page), following LastEvaluatedKey by hand."""
    pages, start = [], None
    for _ in range(1000):
        extra = {"ExclusiveStartKey": start} if start else {}
        resp = query(ddb, table, pk, Limit=limit, **kwargs, **extra)
        pages.append(resp)
        start = resp.get("LastEvaluatedKey")
        if not start:
            return pages
    raise AssertionError("query never reached its last page")


def assert_read_capacity(consumed, table, units, with_table_member=False):
    """ConsumedCapacity for a read: TableName and CapacityUnits; ReadCapacityUnits, where
    present, agrees; never WriteCapacityUnits; Table only for INDEXES."""
    assert consumed["TableName"] == table
    assert consumed["CapacityUnits"] == units, consumed
    assert consumed.get("ReadCapacityUnits", units) == units
    assert "WriteCapacityUnits" not in consumed
    if with_table_member:
        assert consumed["Table"]["CapacityUnits"] == units
    else:
        assert "Table" not in consumed


def read_units(total_bytes: int, consistent: bool) -> float:
    """Units for one Query/Scan response: the bytes read, rounded up once to 4 KB."""
    units = math.ceil(total_bytes / 4096)
    return float(units) if consistent else units / 2


# ---------------------------------------------------------------------------
# Key conditions


STRING_CONDITIONS = {
    "eq": ("sk = :a", {":a": "ab"}, lambda s: s == utf8("ab")),
    "lt": ("sk < :a", {":a": "b"}, lambda s: s < utf8("b")),
    "le": ("sk <= :a", {":a": "b"}, lambda s: s <= utf8("b")),
    "gt": ("sk > :a", {":a": "z"}, lambda s: s > utf8("z")),
    "ge": ("sk >= :a", {":a": "é"}, lambda s: s >= utf8("é")),
    "gt_bmp_max": ("sk > :a", {":a": "\uffff"}, lambda s: s > utf8("\uffff")),
    "lt_private_use": ("sk < :a", {":a": "\ue000"}, lambda s: s < utf8("\ue000")),
    "between": ("sk BETWEEN :a AND :b", {":a": "a", ":b": "b"},
                lambda s: utf8("a") <= s <= utf8("b")),
    "between_equal_bounds": ("sk BETWEEN :a AND :b", {":a": "é", ":b": "é"},
                             lambda s: s == utf8("é")),
    "begins_with": ("begins_with(sk, :a)", {":a": "a"}, lambda s: s.startswith(b"a")),
    "begins_with_multibyte": ("begins_with(sk, :a)", {":a": "é"}, lambda s: s.startswith(utf8("é"))),
    "reversed_operands": (":a <= sk", {":a": "z"}, lambda s: s >= utf8("z")),
}


@pytest.mark.parametrize("case", sorted(STRING_CONDITIONS))
def test_sort_key_condition_expression(ddb, t, case):
    """KeyConditionExpression sort key operators (=, <, <=, >, >=, BETWEEN, begins_with) select
    by UTF-8 byte order and return items in that order."""
    condition, values, predicate = STRING_CONDITIONS[case]
    resp = query(ddb, t["s"], "ord", condition, {k: {"S": v} for k, v in values.items()})
    expected = sorted((s for s in STRINGS if predicate(utf8(s))), key=utf8)
    assert expected, "the case must select something"
    assert sort_keys(resp) == expected
    assert resp["Count"] == resp["ScannedCount"] == len(expected)
    assert "LastEvaluatedKey" not in resp


LEGACY_CONDITIONS = {
    "EQ": (["ab"], lambda s: s == utf8("ab")),
    "LT": (["b"], lambda s: s < utf8("b")),
    "LE": (["b"], lambda s: s <= utf8("b")),
    "GT": (["z"], lambda s: s > utf8("z")),
    "GE": (["é"], lambda s: s >= utf8("é")),
    "BETWEEN": (["a", "b"], lambda s: utf8("a") <= s <= utf8("b")),
    "BEGINS_WITH": (["a"], lambda s: s.startswith(b"a")),
}


@pytest.mark.parametrize("op", sorted(LEGACY_CONDITIONS))
def test_sort_key_condition_legacy(ddb, t, op):
    """Legacy KeyConditions (EQ LT LE GT GE BETWEEN BEGINS_WITH) select like the expressions."""
    args, predicate = LEGACY_CONDITIONS[op]
    resp = ddb.query(TableName=t["s"], KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "ord"}]},
        "sk": {"ComparisonOperator": op, "AttributeValueList": [{"S": a} for a in args]},
    })
    assert sort_keys(resp) == sorted((s for s in STRINGS if predicate(utf8(s))), key=utf8)


def test_partition_key_only(ddb, t):
    """With only the partition key condition, every item of that partition and no other comes
    back; names and values may come through placeholders."""
    resp = ddb.query(TableName=t["s"], KeyConditionExpression="#p = :v",
                     ExpressionAttributeNames={"#p": "pk"},
                     ExpressionAttributeValues={":v": {"S": "other"}})
    assert resp["Items"] == [{"pk": {"S": "other"}, "sk": {"S": "a"}},
                             {"pk": {"S": "other"}, "sk": {"S": "b"}}]
    assert resp["Count"] == resp["ScannedCount"] == 2


def test_hash_only_table(ddb, t):
    """On a table without a sort key a Query returns the one item of that partition."""
    resp = ddb.query(TableName=t["h"], KeyConditionExpression="pk = :v",
                     ExpressionAttributeValues={":v": {"S": "h3"}})
    assert resp["Items"] == [{"pk": {"S": "h3"}, "v": {"N": "3"}}]
    assert (resp["Count"], resp["ScannedCount"]) == (1, 1)


def test_missing_partition_is_empty(ddb, t):
    """A partition without items answers Items [], Count 0, ScannedCount 0 and no
    LastEvaluatedKey."""
    resp = query(ddb, t["s"], "no-such-partition")
    assert resp["Items"] == []
    assert (resp["Count"], resp["ScannedCount"]) == (0, 0)
    assert "LastEvaluatedKey" not in resp


def test_condition_legacy_and_expression_agree_on_hash_table(ddb, t):
    """KeyConditions with EQ on the partition key finds the same item as the expression."""
    resp = ddb.query(TableName=t["h"], KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "h1"}]}})
    assert resp["Items"] == [{"pk": {"S": "h1"}, "v": {"N": "1"}}]


# ---------------------------------------------------------------------------
# Sort order


def test_string_sort_order_is_utf8_bytes(ddb, t):
    """S sort keys are ordered by their UTF-8 bytes (so U+1F600 sorts after U+FFFF, and 'é'
    after 'z'), forward and with ScanIndexForward false."""
    expected = sorted(STRINGS, key=utf8)
    assert sort_keys(query(ddb, t["s"], "ord")) == expected
    assert sort_keys(query(ddb, t["s"], "ord", ScanIndexForward=False)) == expected[::-1]


def test_number_sort_order_is_numeric(ddb, t):
    """N sort keys are ordered by numeric value across signs, decimals and the extremes of the
    range, and come back in canonical form."""
    expected = sorted(NUMBERS, key=canonical)
    forward = sort_keys(query(ddb, t["n"], "ord"), "N")
    assert [Decimal(n) for n in forward] == [canonical(n) for n in expected]
    assert "1.5" in forward and "0.5" in forward and "10000000000" in forward
    assert "0." + "0" * 129 + "1" in forward
    backward = sort_keys(query(ddb, t["n"], "ord", ScanIndexForward=False), "N")
    assert backward == forward[::-1]


NUMBER_CONDITIONS = {
    "between_signs": ("sk BETWEEN :a AND :b", {":a": "-1", ":b": "5E-1"},
                      lambda d: Decimal(-1) <= d <= Decimal("0.5")),
    "gt_negative": ("sk > :a", {":a": "-0.09"}, lambda d: d > Decimal("-0.09")),
    "lt_tiny_negative": ("sk < :a", {":a": "-1E-130"}, lambda d: d < Decimal("-1E-130")),
    "eq_other_spelling": ("sk = :a", {":a": "15E-1"}, lambda d: d == Decimal("1.5")),
    "ge_large": ("sk >= :a", {":a": "12345678901234567890123456789012345679"},
                 lambda d: d >= Decimal("12345678901234567890123456789012345679")),
}


@pytest.mark.parametrize("case", sorted(NUMBER_CONDITIONS))
def test_number_sort_key_conditions(ddb, t, case):
    """Sort key conditions on N compare numerically, whatever the spelling of the operand."""
    condition, values, predicate = NUMBER_CONDITIONS[case]
    resp = query(ddb, t["n"], "ord", condition, {k: {"N": v} for k, v in values.items()})
    expected = sorted((canonical(n) for n in NUMBERS if predicate(canonical(n))))
    assert [Decimal(n) for n in sort_keys(resp, "N")] == expected


def test_binary_sort_order_is_unsigned_bytes(ddb, t):
    """B sort keys are ordered by unsigned bytes, a prefix before its extensions."""
    forward = [bytes(b) for b in sort_keys(query(ddb, t["b"], "ord"), "B")]
    assert forward == sorted(BINARIES)
    backward = [bytes(b) for b in sort_keys(query(ddb, t["b"], "ord", ScanIndexForward=False), "B")]
    assert backward == sorted(BINARIES, reverse=True)


BINARY_CONDITIONS = {
    "gt_7f": ("sk > :a", {":a": b"\x7f"}, lambda b: b > b"\x7f"),
    "begins_with": ("begins_with(sk, :a)", {":a": b"\x01"}, lambda b: b.startswith(b"\x01")),
    "begins_with_high": ("begins_with(sk, :a)", {":a": b"\xff"}, lambda b: b.startswith(b"\xff")),
    "between": ("sk BETWEEN :a AND :b", {":a": b"\x00\xff", ":b": b"\x7f"},
                lambda b: b"\x00\xff" <= b <= b"\x7f"),
}


@pytest.mark.parametrize("case", sorted(BINARY_CONDITIONS))
def test_binary_sort_key_conditions(ddb, t, case):
    """Sort key conditions on B compare unsigned bytes; begins_with works on B."""
    condition, values, predicate = BINARY_CONDITIONS[case]
    resp = query(ddb, t["b"], "ord", condition, {k: {"B": v} for k, v in values.items()})
    assert [bytes(b) for b in sort_keys(resp, "B")] == sorted(b for b in BINARIES if predicate(b))


def test_binary_keys_on_the_wire_are_base64(raw, t):
    """B keys travel as base64 text in conditions, items and LastEvaluatedKey."""
    resp = raw.call("Query", {
        "TableName": t["b"], "KeyConditionExpression": "pk = :p AND sk >= :b", "Limit": 1,
        "ExpressionAttributeValues": {":p": {"S": "ord"}, ":b": {"B": base64.b64encode(b"\xfe").decode()}}})
    assert resp.status == 200, resp.body
    body = resp.json()
    assert body["Items"] == [{"pk": {"S": "ord"}, "sk": {"B": "/g=="}}]
    assert body["LastEvaluatedKey"] == {"pk": {"S": "ord"}, "sk": {"B": "/g=="}}


# ---------------------------------------------------------------------------
# Limit, LastEvaluatedKey, ExclusiveStartKey


def test_limit_pages_forward(ddb, t):
    """Limit caps each page; LastEvaluatedKey is the key (only the key) of the last item
    read; ExclusiveStartKey resumes right after it; the last page has no LastEvaluatedKey."""
    first = query(ddb, t["s"], "page", Limit=2)
    assert sort_keys(first) == ["k1", "k2"]
    assert (first["Count"], first["ScannedCount"]) == (2, 2)
    assert first["LastEvaluatedKey"] == {"pk": {"S": "page"}, "sk": {"S": "k2"}}
    second = query(ddb, t["s"], "page", Limit=2, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert sort_keys(second) == ["k3", "k4"]
    third = query(ddb, t["s"], "page", Limit=2, ExclusiveStartKey=second["LastEvaluatedKey"])
    assert sort_keys(third) == ["k5"]
    assert "LastEvaluatedKey" not in third


def test_limit_pages_backward(ddb, t):
    """With ScanIndexForward false the pages run from the highest sort key down, and
    LastEvaluatedKey resumes downwards."""
    pages = walk(ddb, t["s"], "page", 2, ScanIndexForward=False)
    seen = [k for p in pages for k in sort_keys(p)]
    assert seen == PAGE_KEYS[::-1]
    assert pages[0]["LastEvaluatedKey"] == {"pk": {"S": "page"}, "sk": {"S": "k4"}}


def test_limit_larger_than_partition(ddb, t):
    """A Limit larger than what the condition matches returns everything and no
    LastEvaluatedKey."""
    resp = query(ddb, t["s"], "page", Limit=100)
    assert sort_keys(resp) == PAGE_KEYS
    assert "LastEvaluatedKey" not in resp


def test_limit_equal_to_remaining_items(ddb, t):
    """When Limit equals the number of matching items, any LastEvaluatedKey returned leads to an
    empty last page without one."""
    resp = query(ddb, t["s"], "page", Limit=len(PAGE_KEYS))
    assert sort_keys(resp) == PAGE_KEYS
    if "LastEvaluatedKey" in resp:
        assert resp["LastEvaluatedKey"] == {"pk": {"S": "page"}, "sk": {"S": "k5"}}
        tail = query(ddb, t["s"], "page", Limit=5, ExclusiveStartKey=resp["LastEvaluatedKey"])
        assert (tail["Items"], tail["Count"], tail["ScannedCount"]) == ([], 0, 0)
        assert "LastEvaluatedKey" not in tail


@pytest.mark.parametrize("forward", [True, False], ids=["forward", "backward"])
def test_exclusive_start_key_between_items(ddb, t, forward):
    """An ExclusiveStartKey need not name a stored item: the query resumes strictly after
    (before, going backward) its position."""
    resp = query(ddb, t["s"], "page", ScanIndexForward=forward,
                 ExclusiveStartKey={"pk": {"S": "page"}, "sk": {"S": "k3x"}})
    assert sort_keys(resp) == (["k4", "k5"] if forward else ["k3", "k2", "k1"])


def test_exclusive_start_key_with_range_condition(ddb, t):
    """ExclusiveStartKey combines with a sort key condition: resuming inside the range."""
    resp = query(ddb, t["s"], "ord", "sk BETWEEN :a AND :b", {":a": {"S": "a"}, ":b": {"S": "b"}},
                 ExclusiveStartKey={"pk": {"S": "ord"}, "sk": {"S": "aa"}})
    assert sort_keys(resp) == ["ab", "abc", "b"]


# ---------------------------------------------------------------------------
# Filters, Count and ScannedCount


def flt_items(predicate):
    return [f"f{i}" for i in range(9) if predicate(i)]


def test_filter_expression_counts(ddb, t):
    """A FilterExpression drops items after they are read: Count counts what is returned,
    ScannedCount what the key condition matched."""
    resp = query(ddb, t["s"], "flt", FilterExpression="color = :c",
                 ExpressionAttributeValues={":c": {"S": "blue"}})
    assert sort_keys(resp) == flt_items(lambda i: i % 3 == 1)
    assert (resp["Count"], resp["ScannedCount"]) == (3, 9)


def test_filter_applies_after_limit(ddb, t):
    """Limit bounds the items read, not the items returned; LastEvaluatedKey is the last item
    read even when the filter dropped it."""
    resp = query(ddb, t["s"], "flt", FilterExpression="color = :c", Limit=3,
                 ExpressionAttributeValues={":c": {"S": "red"}})
    assert sort_keys(resp) == ["f0"]
    assert (resp["Count"], resp["ScannedCount"]) == (1, 3)
    assert resp["LastEvaluatedKey"] == {"pk": {"S": "flt"}, "sk": {"S": "f2"}}


def test_filter_matching_nothing_still_pages(ddb, t):
    """A page whose items were all filtered out is empty but still carries LastEvaluatedKey;
    walking every page adds ScannedCount up to the partition size."""
    pages = walk(ddb, t["s"], "flt", 4, FilterExpression="color = :c",
                 ExpressionAttributeValues={":c": {"S": "purple"}})
    assert [p["Count"] for p in pages] == [0] * len(pages)
    assert all(p["Items"] == [] for p in pages)
    assert sum(p["ScannedCount"] for p in pages) == 9
    assert pages[0]["LastEvaluatedKey"] == {"pk": {"S": "flt"}, "sk": {"S": "f3"}}


FILTERS = {
    "attribute_exists": ("attribute_exists(opt)", {}, lambda i: i % 4 == 0),
    "attribute_not_exists": ("attribute_not_exists(opt)", {}, lambda i: i % 4 != 0),
    "in": ("num IN (:a, :b, :c)", {":a": {"N": "1"}, ":b": {"N": "5"}, ":c": {"N": "50"}},
           lambda i: i in (1, 5)),
    "between_or": ("num BETWEEN :a AND :b OR color = :c",
                   {":a": {"N": "2"}, ":b": {"N": "3"}, ":c": {"S": "green"}},
                   lambda i: 2 <= i <= 3 or i % 3 == 2),
    "contains_set": ("contains(tags, :t)", {":t": {"S": "t1"}}, lambda i: i % 2 == 1),
    "not_begins_with": ("NOT begins_with(color, :p)", {":p": {"S": "gr"}}, lambda i: i % 3 != 2),
    "size": ("size(color) > :n", {":n": {"N": "3"}}, lambda i: i % 3 != 0),
    "ne_and": ("color <> :c AND num < :n", {":c": {"S": "red"}, ":n": {"N": "6"}},
               lambda i: i % 3 != 0 and i < 6),
}


@pytest.mark.parametrize("case", sorted(FILTERS))
def test_filter_expression_functions(ddb, t, case):
    """FilterExpression comparators, functions and boolean operators on non-key attributes."""
    expr, values, predicate = FILTERS[case]
    resp = query(ddb, t["s"], "flt", FilterExpression=expr, ExpressionAttributeValues=values)
    assert sort_keys(resp) == flt_items(predicate)
    assert resp["ScannedCount"] == 9


LEGACY_FILTERS = {
    "eq": ({"color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]}}, None,
           lambda i: i % 3 == 0),
    "ne": ({"color": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "red"}]}}, None,
           lambda i: i % 3 != 0),
    "not_null": ({"opt": {"ComparisonOperator": "NOT_NULL"}}, None, lambda i: i % 4 == 0),
    "null": ({"opt": {"ComparisonOperator": "NULL"}}, None, lambda i: i % 4 != 0),
    "in": ({"num": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "2"}, {"N": "7"}]}},
           None, lambda i: i in (2, 7)),
    "between": ({"num": {"ComparisonOperator": "BETWEEN",
                         "AttributeValueList": [{"N": "3"}, {"N": "5"}]}}, None,
                lambda i: 3 <= i <= 5),
    "contains": ({"tags": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "t0"}]}},
                 None, lambda i: i % 2 == 0),
    "begins_with": ({"color": {"ComparisonOperator": "BEGINS_WITH",
                               "AttributeValueList": [{"S": "b"}]}}, None, lambda i: i % 3 == 1),
    "and": ({"color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]},
             "num": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "2"}]}}, "AND",
            lambda i: i % 3 == 0 and i > 2),
    "or": ({"color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]},
            "num": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "2"}]}}, "OR",
           lambda i: i % 3 == 0 or i < 2),
}


@pytest.mark.parametrize("case", sorted(LEGACY_FILTERS))
def test_query_filter_legacy(ddb, t, case):
    """Legacy QueryFilter with its comparison operators and ConditionalOperator AND/OR."""
    query_filter, conditional, predicate = LEGACY_FILTERS[case]
    extra = {"ConditionalOperator": conditional} if conditional else {}
    resp = ddb.query(TableName=t["s"], QueryFilter=query_filter, **extra, KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "flt"}]}})
    assert sort_keys(resp) == flt_items(predicate)
    assert resp["ScannedCount"] == 9


def test_query_filter_applies_after_limit(ddb, t):
    """QueryFilter, like FilterExpression, runs after Limit has bounded the read."""
    resp = ddb.query(TableName=t["s"], Limit=4, KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "flt"}]}},
        QueryFilter={"color": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "green"}]}})
    assert sort_keys(resp) == ["f2"]
    assert (resp["Count"], resp["ScannedCount"]) == (1, 4)
    assert resp["LastEvaluatedKey"] == {"pk": {"S": "flt"}, "sk": {"S": "f3"}}


# ---------------------------------------------------------------------------
# Select and projections


def test_select_count(ddb, t):
    """Select COUNT returns Count and ScannedCount and no Items member at all."""
    resp = query(ddb, t["s"], "flt", Select="COUNT")
    assert "Items" not in resp
    assert (resp["Count"], resp["ScannedCount"]) == (9, 9)
    filtered = query(ddb, t["s"], "flt", Select="COUNT", FilterExpression="color = :c",
                     ExpressionAttributeValues={":c": {"S": "green"}})
    assert "Items" not in filtered
    assert (filtered["Count"], filtered["ScannedCount"]) == (3, 9)


def test_select_count_with_limit_keeps_last_evaluated_key(ddb, t):
    """Select COUNT with Limit still answers LastEvaluatedKey to continue from."""
    resp = query(ddb, t["s"], "flt", Select="COUNT", Limit=2)
    assert "Items" not in resp
    assert (resp["Count"], resp["ScannedCount"]) == (2, 2)
    assert resp["LastEvaluatedKey"] == {"pk": {"S": "flt"}, "sk": {"S": "f1"}}


def test_projection_expression(ddb, t):
    """ProjectionExpression (Select SPECIFIC_ATTRIBUTES or implied) returns only the named
    attributes; an item with none of them comes back as an empty map."""
    resp = query(ddb, t["s"], "flt", "sk <= :e", {":e": {"S": "f4"}},
                 ProjectionExpression="#o, num", ExpressionAttributeNames={"#o": "opt"})
    assert resp["Items"] == [{"opt": {"S": "o0"}, "num": {"N": "0"}}, {"num": {"N": "1"}},
                             {"num": {"N": "2"}}, {"num": {"N": "3"}},
                             {"opt": {"S": "o4"}, "num": {"N": "4"}}]
    explicit = query(ddb, t["s"], "flt", "sk = :e", {":e": {"S": "f1"}},
                     Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="opt")
    assert explicit["Items"] == [{}]


def test_projection_nested_paths(ddb, tables):
    """ProjectionExpression keeps map members and list elements by path."""
    name = tables.create(unique_name("cf_query"), range_key=("sk", "S"))
    ddb.put_item(TableName=name, Item={
        "pk": {"S": "n"}, "sk": {"S": "1"},
        "doc": {"M": {"a": {"S": "A"}, "b": {"S": "B"}, "deep": {"M": {"x": {"N": "1"}}}}},
        "arr": {"L": [{"S": "l0"}, {"S": "l1"}, {"S": "l2"}]}})
    resp = ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "n"}},
                     ProjectionExpression="doc.b, doc.deep.x, arr[2], arr[0]")
    assert resp["Items"] == [{"doc": {"M": {"b": {"S": "B"}, "deep": {"M": {"x": {"N": "1"}}}}},
                              "arr": {"L": [{"S": "l0"}, {"S": "l2"}]}}]


def test_attributes_to_get_legacy(ddb, t):
    """Legacy AttributesToGet projects like ProjectionExpression."""
    resp = ddb.query(TableName=t["s"], AttributesToGet=["sk", "color"], KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "flt"}]},
        "sk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "f5"}]}})
    assert resp["Items"] == [{"sk": {"S": "f5"}, "color": {"S": "green"}}]


def test_select_all_attributes_explicit(ddb, t):
    """Select ALL_ATTRIBUTES on the table returns whole items."""
    resp = query(ddb, t["s"], "page", "sk = :k", {":k": {"S": "k2"}}, Select="ALL_ATTRIBUTES")
    assert resp["Items"] == [{"pk": {"S": "page"}, "sk": {"S": "k2"}, "v": {"N": "1"}}]


def test_consistent_read(ddb, t):
    """ConsistentRead true is accepted on a table and sees every acknowledged write."""
    for consistent in (True, False):
        resp = query(ddb, t["s"], "page", ConsistentRead=consistent)
        assert sort_keys(resp) == PAGE_KEYS


# ---------------------------------------------------------------------------
# The 1 MB page


BIG_KEYS = [f"b{i:02d}" for i in range(BIG_ITEMS)]
# 10 items are 1,000,000 bytes (under a megabyte); the 11th crosses it and is kept.
BIG_PAGE = 11


def test_one_megabyte_page_forward(ddb, t):
    """A Query stops after the item that takes the data read past 1 MB and answers
    LastEvaluatedKey; the next page holds the rest."""
    first = query(ddb, t["s"], "big")
    assert sort_keys(first) == BIG_KEYS[:BIG_PAGE]
    assert (first["Count"], first["ScannedCount"]) == (BIG_PAGE, BIG_PAGE)
    assert first["LastEvaluatedKey"] == {"pk": {"S": "big"}, "sk": {"S": BIG_KEYS[BIG_PAGE - 1]}}
    rest = query(ddb, t["s"], "big", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert sort_keys(rest) == BIG_KEYS[BIG_PAGE:]
    assert "LastEvaluatedKey" not in rest


def test_one_megabyte_page_backward(ddb, t):
    """Going backward the megabyte is counted from the highest sort key."""
    first = query(ddb, t["s"], "big", ScanIndexForward=False)
    assert sort_keys(first) == BIG_KEYS[::-1][:BIG_PAGE]
    assert first["LastEvaluatedKey"]["sk"] == {"S": BIG_KEYS[::-1][BIG_PAGE - 1]}


@pytest.mark.parametrize("shape", ["projection", "count"])
def test_one_megabyte_page_counts_whole_items(ddb, t, shape):
    """The megabyte is measured on the stored items, not on what the projection or Select
    COUNT returns."""
    extra = {"ProjectionExpression": "sk"} if shape == "projection" else {"Select": "COUNT"}
    first = query(ddb, t["s"], "big", **extra)
    assert (first["Count"], first["ScannedCount"]) == (BIG_PAGE, BIG_PAGE)
    assert first["LastEvaluatedKey"]["sk"] == {"S": BIG_KEYS[BIG_PAGE - 1]}
    if shape == "projection":
        assert first["Items"] == [{"sk": {"S": k}} for k in BIG_KEYS[:BIG_PAGE]]


@pytest.mark.dynamodb_only
def test_one_megabyte_page_is_measured_before_the_filter(ddb, t):
    """The megabyte applies before the FilterExpression: a filter that drops everything still
    ends the page at 1 MB with Count 0. (DynamoDB Local reads the whole partition.)"""
    first = query(ddb, t["s"], "big", FilterExpression="attribute_exists(nothing_here)")
    assert (first["Items"], first["Count"], first["ScannedCount"]) == ([], 0, BIG_PAGE)
    assert first["LastEvaluatedKey"]["sk"] == {"S": BIG_KEYS[BIG_PAGE - 1]}


def test_limit_below_one_megabyte_wins(ddb, t):
    """A Limit smaller than the megabyte's worth ends the page first."""
    resp = query(ddb, t["s"], "big", Limit=3, ProjectionExpression="sk")
    assert sort_keys(resp) == BIG_KEYS[:3]
    assert resp["LastEvaluatedKey"]["sk"] == {"S": BIG_KEYS[2]}


# ---------------------------------------------------------------------------
# ConsumedCapacity


def test_consumed_capacity_sums_the_items_read(ddb, t):
    """Query capacity is the total size of the items read, rounded up once to 4 KB, halved
    when eventually consistent: 3 items of 1500 bytes cost 2 units or 1."""
    name = t["s"]
    total = 3 * CAP_ITEM_SIZE
    eventual = query(ddb, name, "cap", ReturnConsumedCapacity="TOTAL")
    assert_read_capacity(eventual["ConsumedCapacity"], name, read_units(total, False))
    assert read_units(total, False) == 1.0
    strong = query(ddb, name, "cap", ReturnConsumedCapacity="TOTAL", ConsistentRead=True)
    assert_read_capacity(strong["ConsumedCapacity"], name, 2.0)
    indexes = query(ddb, name, "cap", ReturnConsumedCapacity="INDEXES")
    assert_read_capacity(indexes["ConsumedCapacity"], name, 1.0, with_table_member=True)
    assert "ConsumedCapacity" not in query(ddb, name, "cap", ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in query(ddb, name, "cap")


CAPACITY_SHAPES = {
    "filter_none": {"FilterExpression": "attribute_exists(nothing_here)"},
    "filter_all": {"FilterExpression": "size(filler) > :z",
                   "ExpressionAttributeValues": {":z": {"N": "0"}}},
    "count": {"Select": "COUNT"},
    "projection": {"ProjectionExpression": "sk"},
}


@pytest.mark.parametrize("shape", sorted(CAPACITY_SHAPES))
def test_consumed_capacity_ignores_filter_and_projection(ddb, t, shape):
    """A filter, Select COUNT or a projection changes what is returned, not what is charged."""
    resp = query(ddb, t["s"], "cap", ReturnConsumedCapacity="TOTAL", ConsistentRead=True,
                 **CAPACITY_SHAPES[shape])
    assert_read_capacity(resp["ConsumedCapacity"], t["s"], 2.0)
    assert resp["ScannedCount"] == 3


def test_consumed_capacity_follows_limit(ddb, t):
    """With Limit only the items read are charged: one 1500-byte item costs half a unit."""
    resp = query(ddb, t["s"], "cap", Limit=1, ReturnConsumedCapacity="TOTAL")
    assert_read_capacity(resp["ConsumedCapacity"], t["s"], 0.5)
    two = query(ddb, t["s"], "cap", Limit=2, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert_read_capacity(two["ConsumedCapacity"], t["s"], 1.0)


def test_consumed_capacity_of_a_megabyte_page(ddb, t):
    """A full page is charged for the 11 items read: 1,100,000 bytes are 269 units of 4 KB."""
    eventual = query(ddb, t["s"], "big", ReturnConsumedCapacity="TOTAL", Select="COUNT")
    assert_read_capacity(eventual["ConsumedCapacity"], t["s"],
                         read_units(BIG_PAGE * BIG_ITEM_SIZE, False))
    strong = query(ddb, t["s"], "big", ReturnConsumedCapacity="TOTAL", ConsistentRead=True,
                   ProjectionExpression="sk")
    assert_read_capacity(strong["ConsumedCapacity"], t["s"], 269.0)


# ---------------------------------------------------------------------------
# Validation


def qbody(t, table="s", kce="pk = :p", values=None, **extra):
    body = {"TableName": t[table], "KeyConditionExpression": kce,
            "ExpressionAttributeValues": values if values is not None else {":p": {"S": "a"}}}
    body.update(extra)
    return body


S = {"S": "x"}
QUERY_CASES = {
    "limit_zero": (dict(Limit=0), (
        "1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
        "Limit must be greater than or equal to 1")),
    "limit_negative": (dict(Limit=-5), (
        "1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
        "Limit must be greater than or equal to 1")),
    "select_unknown": (dict(Select="EVERYTHING"), (
        "1 validation error detected: Value 'EVERYTHING' at 'select' failed to satisfy "
        "constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
        "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
        "Select must be ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, COUNT, or SPECIFIC_ATTRIBUTES")),
    "non_key_attribute_only": (dict(kce="color = :p"), (f"{MISSED_KEY}: pk", MISSED_KEY)),
    "sort_key_only": (dict(kce="sk = :p"), (f"{MISSED_KEY}: pk", MISSED_KEY)),
    "non_key_attribute_with_partition": (dict(kce="pk = :p AND color = :p"),
                                         (f"{MISSED_KEY}: sk", MISSED_KEY)),
    "non_key_attribute_in_begins_with": (dict(kce="pk = :p AND begins_with(color, :p)"),
                                         (f"{MISSED_KEY}: sk", MISSED_KEY)),
    "partition_key_range": (dict(kce="pk > :p"), "Query key condition not supported"),
    "partition_key_begins_with": (dict(kce="begins_with(pk, :p)"),
                                  "Query key condition not supported"),
    "hash_table_extra_condition": (dict(table="h", kce="pk = :p AND color = :p"),
                                   "Query key condition not supported"),
    "or": (dict(kce="pk = :p OR sk = :p"), "Invalid operator used in KeyConditionExpression: OR"),
    "not_equal": (dict(kce="pk = :p AND sk <> :p"),
                  "Invalid operator used in KeyConditionExpression: <>"),
    "in": (dict(kce="pk = :p AND sk IN (:p)"), "Invalid operator used in KeyConditionExpression: IN"),
    "not": (dict(kce="pk = :p AND NOT sk = :p"),
            "Invalid operator used in KeyConditionExpression: NOT"),
    "contains": (dict(kce="pk = :p AND contains(sk, :p)"),
                 "Invalid operator used in KeyConditionExpression: contains"),
    "attribute_exists": (dict(kce="pk = :p AND attribute_exists(sk)"),
                         "Invalid operator used in KeyConditionExpression: attribute_exists"),
    "two_conditions_one_key": (dict(kce="pk = :p AND sk > :p AND sk < :p"),
                               "KeyConditionExpressions must only contain one condition per key"),
    "partition_key_twice": (dict(kce="pk = :p AND pk = :p"),
                            "KeyConditionExpressions must only contain one condition per key"),
    "partition_value_type": (dict(values={":p": {"N": "1"}}),
                             INVALID + "Condition parameter type does not match schema type"),
    "sort_value_type": (dict(kce="pk = :p AND sk > :n", values={":p": S, ":n": {"N": "1"}}),
                        INVALID + "Condition parameter type does not match schema type"),
    "between_reversed": (dict(kce="pk = :p AND sk BETWEEN :b AND :a",
                              values={":p": S, ":a": {"S": "a"}, ":b": {"S": "b"}}),
                         "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound "
                         "to be greater than or equal to lower bound; lower bound operand: "
                         "AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}"),
    "between_mixed_types": (dict(kce="pk = :p AND sk BETWEEN :a AND :n",
                                 values={":p": S, ":a": {"S": "a"}, ":n": {"N": "1"}}),
                            "Invalid KeyConditionExpression: The BETWEEN operator requires same "
                            "data type for lower and upper bounds; lower bound operand: "
                            "AttributeValue: {S:a}, upper bound operand: AttributeValue: {N:1}"),
    "begins_with_number_operand": (dict(kce="pk = :p AND begins_with(sk, :n)",
                                        values={":p": S, ":n": {"N": "1"}}),
                                   "Invalid KeyConditionExpression: Incorrect operand type for "
                                   "operator or function; operator or function: begins_with, "
                                   "operand type: N"),
    "empty_partition_value": (dict(values={":p": {"S": ""}}),
                              "One or more parameter values are not valid. The AttributeValue for a "
                              "key attribute cannot contain an empty string value. Key: pk"),
    "empty_sort_value": (dict(kce="pk = :p AND sk > :e", values={":p": S, ":e": {"S": ""}}),
                         "One or more parameter values are not valid. The AttributeValue for a "
                         "key attribute cannot contain an empty string value. Key: sk"),
    "empty_expression": (dict(kce=""), "Invalid KeyConditionExpression: The expression can not be empty;"),
    "undefined_value": (dict(kce="pk = :q"),
                        "Invalid KeyConditionExpression: An expression attribute value used in "
                        "expression is not defined; attribute value: :q"),
    "unused_value": (dict(values={":p": S, ":u": S}),
                     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
    "unused_name": (dict(kce="#k = :p", ExpressionAttributeNames={"#k": "pk", "#u": "x"}),
                    "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}"),
    "filter_on_partition_key": (dict(FilterExpression="pk = :p"),
                                "Filter Expression can only contain non-primary key attributes: "
                                "Primary key attribute: pk"),
    "filter_on_sort_key": (dict(FilterExpression="begins_with(sk, :p)"),
                           "Filter Expression can only contain non-primary key attributes: "
                           "Primary key attribute: sk"),
    "all_projected_without_index": (dict(Select="ALL_PROJECTED_ATTRIBUTES"),
                                    "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using "
                                    "an IndexName"),
    "specific_without_projection": (dict(Select="SPECIFIC_ATTRIBUTES"),
                                    "Must specify the AttributesToGet or ProjectionExpression when "
                                    "choosing to get SPECIFIC_ATTRIBUTES"),
    "count_with_projection": (dict(Select="COUNT", ProjectionExpression="color"),
                              "Cannot specify the ProjectionExpression when choosing to get only "
                              "the Count"),
    "all_attributes_with_projection": (dict(Select="ALL_ATTRIBUTES", ProjectionExpression="color"),
                                       "Cannot specify the ProjectionExpression when choosing to get "
                                       "ALL_ATTRIBUTES"),
    "unknown_index": (dict(IndexName="no_such_index"),
                      "The table does not have the specified index: no_such_index"),
    "expression_and_key_conditions": (
        dict(KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S]}}),
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}"),
    "expression_and_query_filter": (
        dict(QueryFilter={"color": {"ComparisonOperator": "EQ", "AttributeValueList": [S]}}),
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}"),
}

# Query wraps these Select checks in the envelope; Scan does not (moto aws_verified).
QUERY_PREFIXED = {"all_projected_without_index", "specific_without_projection",
                  "count_with_projection", "all_attributes_with_projection"}


@pytest.mark.parametrize("case", sorted(QUERY_CASES))
def test_query_validation(raw, t, case):
    """Query parameter errors are ValidationExceptions worded as DynamoDB words them."""
    params, message = QUERY_CASES[case]
    params = dict(params)
    table = params.pop("table", "s")
    kce = params.pop("kce", "pk = :p")
    values = params.pop("values", None)
    body = qbody(t, table, kce, values, **params)
    if isinstance(message, tuple):
        message = per_target(*message)
    elif case in QUERY_PREFIXED:
        message = query_prefixed(message)
    assert_raw_error(raw.call("Query", body), VALIDATION, message)


def test_query_without_key_condition(raw, t):
    """A Query needs KeyConditionExpression or KeyConditions."""
    assert_raw_error(raw.call("Query", {"TableName": t["s"]}), VALIDATION,
                     "Either the KeyConditions or KeyConditionExpression parameter must be "
                     "specified in the request.")


EQ_A = {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}
LEGACY_CASES = {
    "no_conditions": ({}, "Conditions can be of length 1 or 2 only"),
    "contains_on_sort_key": ({"pk": EQ_A, "sk": {"ComparisonOperator": "CONTAINS",
                                                 "AttributeValueList": [{"S": "a"}]}},
                             "Attempted conditional constraint is not an indexable operation"),
    "not_null_on_sort_key": ({"pk": EQ_A, "sk": {"ComparisonOperator": "NOT_NULL"}},
                             ("Attempted conditional constraint is not an indexable operation",
                              "Only scalar types can be used as Range Key values")),
    "partition_key_gt": ({"pk": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "a"}]}},
                         "Query key condition not supported"),
    "sort_key_only": ({"sk": EQ_A}, (f"{MISSED_KEY}: pk", MISSED_KEY)),
    "non_key_attribute": ({"pk": EQ_A, "color": EQ_A}, (f"{MISSED_KEY}: sk", MISSED_KEY)),
    "value_type": ({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}},
                   INVALID + "Condition parameter type does not match schema type"),
    "between_reversed": ({"pk": EQ_A, "sk": {"ComparisonOperator": "BETWEEN",
                                             "AttributeValueList": [{"S": "b"}, {"S": "a"}]}},
                         "The BETWEEN condition was provided a range where the lower bound is "
                         "greater than the upper bound"),
    "argument_count": ({"pk": {"ComparisonOperator": "EQ",
                               "AttributeValueList": [{"S": "a"}, {"S": "b"}]}},
                       INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator"),
}


@pytest.mark.parametrize("case", sorted(LEGACY_CASES))
def test_key_conditions_legacy_validation(raw, t, case):
    """Legacy KeyConditions errors."""
    conditions, message = LEGACY_CASES[case]
    if isinstance(message, tuple):
        message = per_target(*message)
    resp = raw.call("Query", {"TableName": t["s"], "KeyConditions": conditions})
    assert_raw_error(resp, VALIDATION, message)


def test_query_filter_on_key_attribute(raw, t):
    """QueryFilter may not name a key attribute."""
    resp = raw.call("Query", {"TableName": t["s"], "KeyConditions": {"pk": EQ_A},
                              "QueryFilter": {"sk": EQ_A}})
    assert_raw_error(resp, VALIDATION, "QueryFilter can only contain non-primary key attributes: "
                                       "Primary key attribute: sk")


START_KEY_INVALID = "The provided starting key is invalid"
SCHEMA = "The provided key element does not match the schema"
LOCAL_SIZE = "Exclusive Start Key must have same size as table's key schema"
LOCAL_TYPE = "Type mismatch for attribute to update"
OUTSIDE = "The provided starting key is outside query boundaries based on provided conditions"
PREDICATE = "The provided starting key does not match the range key predicate"

START_KEY_CASES = {
    "missing_sort_key": ("s", {}, {"pk": {"S": "a"}}, START_KEY_INVALID, LOCAL_SIZE),
    "extra_attribute": ("s", {}, {"pk": {"S": "a"}, "sk": S, "x": S}, START_KEY_INVALID, LOCAL_SIZE),
    "empty": ("s", {}, {}, START_KEY_INVALID, LOCAL_SIZE),
    "wrong_attribute_name": ("s", {}, {"pk": {"S": "a"}, "x": S}, START_KEY_INVALID, START_KEY_INVALID),
    "sort_key_type": ("s", {}, {"pk": {"S": "a"}, "sk": {"N": "1"}}, SCHEMA, LOCAL_TYPE),
    "other_partition": ("s", {}, {"pk": {"S": "b"}, "sk": S}, OUTSIDE, PREDICATE),
    "outside_sort_condition": ("s", {"kce": "pk = :p AND sk > :m", "values": {":p": {"S": "a"},
                                                                            ":m": {"S": "m"}}},
                               {"pk": {"S": "a"}, "sk": {"S": "b"}}, PREDICATE, PREDICATE),
    "other_partition_inside_sort_condition": (
        "s", {"kce": "pk = :p AND sk < :m", "values": {":p": {"S": "a"}, ":m": {"S": "m"}}},
        {"pk": {"S": "b"}, "sk": {"S": "b"}},
        "The query can return at most one row and cannot be restarted", PREDICATE),
    "hash_table_other_partition": ("h", {}, {"pk": {"S": "b"}}, OUTSIDE, PREDICATE),
    "hash_table_key_type": ("h", {}, {"pk": {"N": "1"}}, SCHEMA, LOCAL_TYPE),
    "hash_table_wrong_name": ("h", {}, {"x": {"S": "a"}}, START_KEY_INVALID, START_KEY_INVALID),
}


@pytest.mark.parametrize("case", sorted(START_KEY_CASES))
def test_exclusive_start_key_validation(raw, t, case):
    """An ExclusiveStartKey must have the table's key attributes and types and lie inside the
    query's key condition."""
    table, params, start_key, dynamodb_message, local_message = START_KEY_CASES[case]
    params = dict(params)
    body = qbody(t, table, params.pop("kce", "pk = :p"), params.pop("values", None),
                 ExclusiveStartKey=start_key)
    assert_raw_error(raw.call("Query", body), VALIDATION, per_target(dynamodb_message, local_message))


def test_query_missing_table(raw):
    """A Query on a missing table is ResourceNotFoundException."""
    resp = raw.call("Query", {"TableName": unique_name("cf_missing"), "KeyConditionExpression": "pk = :p",
                              "ExpressionAttributeValues": {":p": {"S": "a"}}})
    assert_raw_error(resp, RESOURCE_NOT_FOUND, per_target(
        "Requested resource not found", "Cannot do operations on a non-existent table"))


def test_count_with_limit_on_hash_table(ddb, t):
    """Select COUNT with Limit on a hash-only table counts the one item and charges half a unit."""
    resp = ddb.query(TableName=t["h"], KeyConditionExpression="pk = :p", Limit=1, Select="COUNT",
                     ExpressionAttributeValues={":p": {"S": "h0"}}, ReturnConsumedCapacity="TOTAL")
    assert (resp["Count"], resp["ScannedCount"]) == (1, 1)
    assert_read_capacity(resp["ConsumedCapacity"], t["h"], 0.5)


# ---------------------------------------------------------------------------
# Secondary indexes


@pytest.fixture(scope="module")
def idx(module_tables):
    """pk S + sk S, an LSI on (pk, num N) KEYS_ONLY and a GSI on grp S including v."""
    name = unique_name("cf_query_idx")
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
    items = [
        {"pk": {"S": "i"}, "sk": {"S": "a"}, "num": {"N": "3"}, "grp": {"S": "g1"}, "v": {"S": "va"}},
        {"pk": {"S": "i"}, "sk": {"S": "b"}, "num": {"N": "-1"}, "grp": {"S": "g1"}, "x": {"S": "xb"}},
        {"pk": {"S": "i"}, "sk": {"S": "c"}, "num": {"N": "2.5"}, "x": {"S": "xc"}},
        {"pk": {"S": "i"}, "sk": {"S": "d"}, "x": {"S": "not in the LSI"}},
    ]
    batch_put(module_tables.client, name, items)
    return name, items


def test_lsi_query_defaults_to_projected_attributes(ddb, idx):
    """A Query on an index without Select returns the projected attributes (KEYS_ONLY: table
    and index keys), in index sort order, skipping items without the index key."""
    name, _ = idx
    resp = ddb.query(TableName=name, IndexName="by_num", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "i"}})
    assert resp["Items"] == [
        {"pk": {"S": "i"}, "sk": {"S": "b"}, "num": {"N": "-1"}},
        {"pk": {"S": "i"}, "sk": {"S": "c"}, "num": {"N": "2.5"}},
        {"pk": {"S": "i"}, "sk": {"S": "a"}, "num": {"N": "3"}},
    ]
    projected = ddb.query(TableName=name, IndexName="by_num", KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": {"S": "i"}},
                          Select="ALL_PROJECTED_ATTRIBUTES")
    assert projected["Items"] == resp["Items"]


def test_lsi_query_all_attributes_and_paging(ddb, idx):
    """ALL_ATTRIBUTES on an LSI returns whole items; its LastEvaluatedKey holds the table key
    and the index key."""
    name, items = idx
    resp = ddb.query(TableName=name, IndexName="by_num", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "i"}}, Select="ALL_ATTRIBUTES", Limit=2)
    assert resp["Items"] == [items[1], items[2]]
    assert resp["LastEvaluatedKey"] == {"pk": {"S": "i"}, "sk": {"S": "c"}, "num": {"N": "2.5"}}
    rest = ddb.query(TableName=name, IndexName="by_num", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "i"}}, Select="ALL_ATTRIBUTES",
                     ExclusiveStartKey=resp["LastEvaluatedKey"])
    assert rest["Items"] == [items[0]]


def test_lsi_key_condition_on_index_sort_key(ddb, idx):
    """The index sort key takes range conditions; the table sort key is then an ordinary
    attribute for the key condition."""
    name, _ = idx
    resp = ddb.query(TableName=name, IndexName="by_num", KeyConditionExpression="pk = :p AND num >= :n",
                     ExpressionAttributeValues={":p": {"S": "i"}, ":n": {"N": "0"}})
    assert [i["sk"]["S"] for i in resp["Items"]] == ["c", "a"]


INDEX_CASES = {
    "gsi_consistent_read": (dict(IndexName="by_grp", ConsistentRead=True),
                            "grp = :g", ("Consistent reads are not supported on global secondary "
                                         "indexes", "Consistent read cannot be true when querying a GSI")),
    "gsi_all_attributes": (dict(IndexName="by_grp", Select="ALL_ATTRIBUTES"), "grp = :g",
                           INVALID + "Select type ALL_ATTRIBUTES is not supported for global "
                           "secondary index by_grp because its projection type is not ALL"),
    "gsi_table_key_condition": (dict(IndexName="by_grp"), "pk = :g", (f"{MISSED_KEY}: grp", MISSED_KEY)),
    "lsi_missing_partition": (dict(IndexName="by_num"), "num = :n", (f"{MISSED_KEY}: pk", MISSED_KEY)),
}


@pytest.mark.parametrize("case", sorted(INDEX_CASES))
def test_index_query_validation(raw, idx, case):
    """Index queries: no consistent reads on a GSI, no ALL_ATTRIBUTES on a GSI that does not
    project everything, key conditions on the index's own keys."""
    name, _ = idx
    params, kce, message = INDEX_CASES[case]
    values = {":g": {"S": "g1"}} if ":g" in kce else {":n": {"N": "1"}}
    body = {"TableName": name, "KeyConditionExpression": kce, "ExpressionAttributeValues": values,
            **params}
    if isinstance(message, tuple):
        message = per_target(*message)
    assert_raw_error(raw.call("Query", body), VALIDATION, message)


# ---------------------------------------------------------------------------
# boto3 paginator over a few thousand items


PARTITIONS = 4
PER_PARTITION = 600


def model_number(i: int) -> Decimal:
    """Sort key i of a partition: negative and fractional values, numerically ordered."""
    return Decimal(i - PER_PARTITION // 2) / 4


@pytest.fixture(scope="module")
def many(module_tables):
    """2400 items: partitions p0..p3, sort key N from -75 to 74.75, grp = i mod 7."""
    name = module_tables.create(unique_name("cf_query_many"), range_key=("sk", "N"))
    items = []
    for p in range(PARTITIONS):
        for i in range(PER_PARTITION):
            items.append({"pk": {"S": f"p{p}"}, "sk": {"N": str(model_number(i))},
                          "grp": {"N": str(i % 7)}, "tag": {"S": f"t{p}-{i}"}})
    batch_put(module_tables.client, name, items)
    return name


def paginate(ddb, name, **kwargs):
    pages = list(ddb.get_paginator("query").paginate(TableName=name, **kwargs))
    items = [it for page in pages for it in page["Items"]]
    return pages, items


@pytest.mark.parametrize("forward", [True, False], ids=["forward", "backward"])
def test_paginator_walks_partition_in_order(ddb, many, forward):
    """get_paginator('query') with PageSize walks one partition of 600 items in sort order
    (numeric, negatives first), forward and backward, every page at most PageSize."""
    pages, items = paginate(ddb, many, KeyConditionExpression="pk = :p", ScanIndexForward=forward,
                            ExpressionAttributeValues={":p": {"S": "p2"}},
                            PaginationConfig={"PageSize": 50})
    expected = [model_number(i) for i in range(PER_PARTITION)]
    if not forward:
        expected.reverse()
    assert [Decimal(it["sk"]["N"]) for it in items] == expected
    assert all(it["pk"] == {"S": "p2"} for it in items)
    assert all(p["Count"] <= 50 for p in pages)
    assert sum(p["Count"] for p in pages) == PER_PARTITION
    assert len(pages) in (PER_PARTITION // 50, PER_PARTITION // 50 + 1)


@pytest.mark.parametrize("forward", [True, False], ids=["forward", "backward"])
def test_paginator_with_filter(ddb, many, forward):
    """With a FilterExpression the paginator returns exactly the matching items in order;
    ScannedCount over all pages adds up to the partition, Count to the matches."""
    pages, items = paginate(ddb, many, KeyConditionExpression="pk = :p", FilterExpression="grp = :g",
                            ScanIndexForward=forward,
                            ExpressionAttributeValues={":p": {"S": "p1"}, ":g": {"N": "3"}},
                            PaginationConfig={"PageSize": 64})
    expected = [f"t1-{i}" for i in range(PER_PARTITION) if i % 7 == 3]
    if not forward:
        expected.reverse()
    assert [it["tag"]["S"] for it in items] == expected
    assert sum(p["ScannedCount"] for p in pages) == PER_PARTITION
    assert sum(p["Count"] for p in pages) == len(expected)


def test_paginator_with_sort_key_range(ddb, many):
    """A BETWEEN on the N sort key across negative and positive values, paged."""
    _, items = paginate(ddb, many, KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
                        ExpressionAttributeValues={":p": {"S": "p0"}, ":lo": {"N": "-10.25"},
                                                   ":hi": {"N": "3.5"}},
                        PaginationConfig={"PageSize": 17})
    expected = [model_number(i) for i in range(PER_PARTITION)
                if Decimal("-10.25") <= model_number(i) <= Decimal("3.5")]
    assert [Decimal(it["sk"]["N"]) for it in items] == expected


def test_paginator_select_count(ddb, many):
    """A paginated Select COUNT adds up to the partition size and returns no items."""
    pages = list(ddb.get_paginator("query").paginate(
        TableName=many, KeyConditionExpression="pk = :p", Select="COUNT",
        ExpressionAttributeValues={":p": {"S": "p3"}}, PaginationConfig={"PageSize": 100}))
    assert sum(p["Count"] for p in pages) == PER_PARTITION
    assert all("Items" not in p for p in pages)


def test_resource_query_pages_by_hand(ddb_resource, many):
    """The resource layer's Table.query with Key/Attr conditions and LastEvaluatedKey."""
    table = ddb_resource.Table(many)
    seen, start = [], None
    for _ in range(100):
        kwargs = {"ExclusiveStartKey": start} if start else {}
        resp = table.query(KeyConditionExpression=Key("pk").eq("p3") & Key("sk").gte(Decimal(70)),
                           FilterExpression=Attr("grp").is_in([Decimal(0), Decimal(1)]),
                           Limit=5, **kwargs)
        seen += resp["Items"]
        start = resp.get("LastEvaluatedKey")
        if not start:
            break
    expected = [i for i in range(PER_PARTITION) if model_number(i) >= 70 and i % 7 in (0, 1)]
    assert [it["tag"] for it in seen] == [f"t3-{i}" for i in expected]
    assert all(isinstance(it["sk"], Decimal) for it in seen)


def test_response_members(raw, t):
    """A Query response carries Items, Count, ScannedCount and (when paging) LastEvaluatedKey
    only."""
    resp = raw.call("Query", {"TableName": t["s"], "KeyConditionExpression": "pk = :p", "Limit": 1,
                              "ExpressionAttributeValues": {":p": {"S": "page"}}})
    body = resp.json()
    assert set(body) == {"Items", "Count", "ScannedCount", "LastEvaluatedKey"}
    assert re.fullmatch(r"application/x-amz-json-1\.0.*", resp.header("content-type") or "")

"""ConditionExpression on PutItem, UpdateItem and DeleteItem: comparators, BETWEEN, IN, logic,
functions, document paths, the cross-type rules, ConditionalCheckFailedException and the
validation errors of the condition language.

Most truth-table checks go through one guarded UpdateItem (`ADD probe_count :probe_one`): the
condition held if the update went through, and failed if DynamoDB answered
ConditionalCheckFailedException. The attribute `probe_count` is never named by a condition.

Sources for texts DynamoDB Local cannot confirm: the DynamoDB Developer Guide (expression
limits, comparison and function reference) and live-service recordings kept in the test
suites of dynalite (test/deleteItem.js, test/updateItem.js) and ScyllaDB Alternator
(test/alternator/test_condition_expression.py).
"""

import re

import pytest
from botocore.exceptions import ClientError

from ddb_support import (
    DDB,
    VALIDATION,
    assert_client_error,
    assert_raw_error,
    error_message,
    per_target,
    unique_name,
)

CCF = "ConditionalCheckFailedException"
CCF_MESSAGE = "The conditional request failed"
BAD = "Invalid ConditionExpression: "


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


def B(x):
    return {"B": x}


ITEM = {
    "pk": S("cond-item"),
    "n": N(5),
    "neg": N("-2.5"),
    "big": N("12345678901234567890123456789012345678"),
    "s": S("hello"),
    "s2": S("help"),
    "blank": S(""),
    "pua": S("\ue000"),  # U+E000 sorts before U+1F600 in UTF-8 byte order (not in UTF-16)
    "b": B(b"\x01\x02\x03"),
    "lo": B(b"\x7f"),
    "hi": B(b"\x80"),
    "t": {"BOOL": True},
    "f": {"BOOL": False},
    "z": {"NULL": True},
    "ss": {"SS": ["a", "b", "c"]},
    "ns": {"NS": ["1", "2", "3"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "l": {"L": [N(1), S("two"), {"L": [N(3)]}]},
    "mm": {"M": {"x": N(1), "y": S("why")}},
    "m": {"M": {"x": N(1), "deep": {"M": {"arr": {"L": [N(0), N(1), {"M": {"c": S("see")}}]}}}}},
    "dot.name": S("dotted"),
    "status": S("active"),
    "nine": N(9),
    "one": N(1),
}
KEY = {"pk": ITEM["pk"]}


@pytest.fixture(scope="module")
def table(module_tables):
    name = module_tables.create(unique_name("cf_cond"))
    module_tables.client.put_item(TableName=name, Item=ITEM)
    return name


def holds(ddb, table, cond, values=None, names=None, key=KEY):
    """True if `cond` held for the stored item (the guarded write went through), False if
    DynamoDB answered ConditionalCheckFailedException; any other error propagates."""
    values = dict(values or {})
    values[":probe_one"] = N(1)
    request = {"TableName": table, "Key": key, "ConditionExpression": cond,
               "UpdateExpression": "ADD probe_count :probe_one",
               "ExpressionAttributeValues": values}
    if names:
        request["ExpressionAttributeNames"] = names
    try:
        ddb.update_item(**request)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == CCF:
            assert e.response["Error"]["Message"] == CCF_MESSAGE
            return False
        raise


def condition_error(ddb, table, cond, values=None, names=None, message=None):
    """Runs the guarded write and asserts a ValidationException with exactly `message`."""
    with pytest.raises(ClientError) as excinfo:
        holds(ddb, table, cond, values, names)
    assert_client_error(excinfo, "ValidationException", message)


def stored(ddb, table, key):
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


# ---------------------------------------------------------------------------
# ConditionalCheckFailedException on the three write operations


def test_failed_condition_on_every_write_operation(ddb, table):
    """A false condition is ConditionalCheckFailedException "The conditional request failed"
    (HTTP 400) on PutItem, UpdateItem and DeleteItem, and the item is left untouched."""
    key = {"pk": S("ccf-all-ops")}
    ddb.put_item(TableName=table, Item={**key, "v": N(1)})
    cond = {"ConditionExpression": "v = :two", "ExpressionAttributeValues": {":two": N(2)}}
    calls = [
        lambda: ddb.put_item(TableName=table, Item={**key, "v": N(3)}, **cond),
        lambda: ddb.update_item(TableName=table, Key=key, UpdateExpression="SET w = :two", **cond),
        lambda: ddb.delete_item(TableName=table, Key=key, **cond),
    ]
    for call in calls:
        with pytest.raises(ClientError) as excinfo:
            call()
        assert_client_error(excinfo, CCF, CCF_MESSAGE)
        assert "Item" not in excinfo.value.response  # only with ReturnValuesOnConditionCheckFailure
    assert stored(ddb, table, key) == {**key, "v": N(1)}


def test_failed_condition_error_type(raw, table):
    """On the wire the failure is __type com.amazonaws.dynamodb.v20120810#ConditionalCheckFailed
    Exception with the fixed message."""
    resp = raw.call("DeleteItem", {"TableName": table, "Key": {"pk": S("ccf-wire-absent")},
                                   "ConditionExpression": "attribute_exists(pk)"})
    assert_raw_error(resp, DDB + CCF, CCF_MESSAGE)


def test_put_item_create_only_idiom(ddb, table):
    """PutItem with attribute_not_exists(pk) creates an absent item and refuses to overwrite it."""
    key = {"pk": S("put-once")}
    ddb.put_item(TableName=table, Item={**key, "v": N(1)}, ConditionExpression="attribute_not_exists(pk)")
    with pytest.raises(ClientError) as excinfo:
        ddb.put_item(TableName=table, Item={**key, "v": N(2)},
                     ConditionExpression="attribute_not_exists(pk)")
    assert_client_error(excinfo, CCF, CCF_MESSAGE)
    assert stored(ddb, table, key) == {**key, "v": N(1)}


def test_put_item_condition_sees_the_old_item(ddb, table):
    """PutItem's condition is evaluated against the item being replaced; ALL_OLD returns it."""
    key = {"pk": S("put-replace")}
    ddb.put_item(TableName=table, Item={**key, "v": N(1), "gone": S("x")})
    out = ddb.put_item(TableName=table, Item={**key, "v": N(2)}, ConditionExpression="v = :one",
                       ExpressionAttributeValues={":one": N(1)}, ReturnValues="ALL_OLD")
    assert out["Attributes"] == {**key, "v": N(1), "gone": S("x")}
    assert stored(ddb, table, key) == {**key, "v": N(2)}


def test_delete_item_condition(ddb, table):
    """DeleteItem deletes only when its condition holds; a missing item fails a condition that
    needs an attribute."""
    key = {"pk": S("delete-cond")}
    ddb.put_item(TableName=table, Item={**key, "v": N(1)})
    with pytest.raises(ClientError) as excinfo:
        ddb.delete_item(TableName=table, Key=key, ConditionExpression="v > :one",
                        ExpressionAttributeValues={":one": N(1)})
    assert_client_error(excinfo, CCF, CCF_MESSAGE)
    out = ddb.delete_item(TableName=table, Key=key, ConditionExpression="v = :one",
                          ExpressionAttributeValues={":one": N(1)}, ReturnValues="ALL_OLD")
    assert out["Attributes"] == {**key, "v": N(1)}
    assert stored(ddb, table, key) is None
    with pytest.raises(ClientError) as excinfo:
        ddb.delete_item(TableName=table, Key=key, ConditionExpression="attribute_exists(v)")
    assert_client_error(excinfo, CCF, CCF_MESSAGE)


def test_conditions_on_a_missing_item(ddb, table):
    """Against an absent item every attribute is missing: attribute_not_exists and <> hold,
    comparisons and attribute_exists do not."""
    cases = [("attribute_not_exists(pk)", None, True), ("pk <> :p", {":p": S("absent-1")}, True),
             ("attribute_exists(pk)", None, False), ("v = :p", {":p": S("x")}, False),
             ("NOT v = :p", {":p": S("x")}, True)]
    for i, (cond, values, expected) in enumerate(cases):
        key = {"pk": S(f"absent-{i}")}
        assert holds(ddb, table, cond, values, key=key) is expected, cond
        ddb.delete_item(TableName=table, Key=key)


# ReturnValuesOnConditionCheckFailure is newer than the python3-boto3 in Debian 12, so these
# go over raw signed HTTP; the JS suite checks the SDK's `Item` on the exception.

def _rvcf(raw, action, body, mode="ALL_OLD"):
    return raw.call(action, {**body, "ReturnValuesOnConditionCheckFailure": mode})


def test_return_values_on_condition_check_failure_all_old(raw, ddb, table):
    """ReturnValuesOnConditionCheckFailure=ALL_OLD puts the whole current item under `Item` in
    the ConditionalCheckFailedException body, for PutItem, UpdateItem and DeleteItem."""
    key = {"pk": S("rvcf")}
    old = {**key, "v": N(1), "m": {"M": {"a": {"L": [S("x")]}}}}
    ddb.put_item(TableName=table, Item=old)
    wire_old = {"pk": {"S": "rvcf"}, "v": {"N": "1"}, "m": {"M": {"a": {"L": [{"S": "x"}]}}}}
    cond = {"TableName": table, "ConditionExpression": "v = :two",
            "ExpressionAttributeValues": {":two": {"N": "2"}}}
    bodies = {
        "PutItem": {**cond, "Item": {"pk": {"S": "rvcf"}}},
        "UpdateItem": {**cond, "Key": {"pk": {"S": "rvcf"}}, "UpdateExpression": "REMOVE v"},
        "DeleteItem": {**cond, "Key": {"pk": {"S": "rvcf"}}},
    }
    for action, body in bodies.items():
        payload = assert_raw_error(_rvcf(raw, action, body), DDB + CCF, CCF_MESSAGE)
        assert payload["Item"] == wire_old, action
        assert set(payload) - {"message", "Message"} == {"__type", "Item"}
    assert stored(ddb, table, key) == old


def test_return_values_on_condition_check_failure_none_and_absent(raw, table):
    """NONE (the default) returns no Item; ALL_OLD returns none either when no item exists."""
    body = {"TableName": table, "Key": {"pk": {"S": "rvcf-absent"}},
            "ConditionExpression": "attribute_exists(pk)"}
    for mode in ("ALL_OLD", "NONE"):
        payload = assert_raw_error(_rvcf(raw, "DeleteItem", body, mode), DDB + CCF, CCF_MESSAGE)
        assert "Item" not in payload


def test_return_values_on_condition_check_failure_enum(raw, table):
    """Single-item writes accept only ALL_OLD and NONE for ReturnValuesOnConditionCheckFailure."""
    body = {"TableName": table, "Item": {"pk": {"S": "rvcf-enum"}},
            "ConditionExpression": "attribute_exists(pk)"}
    resp = _rvcf(raw, "PutItem", body, "ALL_NEW")
    assert_raw_error(resp, VALIDATION, "1 validation error detected: Value 'ALL_NEW' at "
                     "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member "
                     "must satisfy enum value set: [ALL_OLD, NONE]")


def test_successful_write_returns_no_item(raw, ddb, table):
    """When the condition holds, ReturnValuesOnConditionCheckFailure adds nothing to the reply."""
    ddb.put_item(TableName=table, Item={"pk": S("rvcf-ok"), "v": N(1)})
    resp = _rvcf(raw, "UpdateItem", {
        "TableName": table, "Key": {"pk": {"S": "rvcf-ok"}}, "UpdateExpression": "SET v = :two",
        "ConditionExpression": "v = :one",
        "ExpressionAttributeValues": {":one": {"N": "1"}, ":two": {"N": "2"}}})
    assert resp.status == 200, resp.body
    assert resp.json() == {}


# ---------------------------------------------------------------------------
# Comparators


COMPARISONS = [
    ("n = :v", {":v": N(5)}, True),
    ("n = :v", {":v": N("5.000")}, True),
    ("n = :v", {":v": N(6)}, False),
    ("n <> :v", {":v": N(6)}, True),
    ("n <> :v", {":v": N(5)}, False),
    ("n < :v", {":v": N("5.0000000001")}, True),
    ("n < :v", {":v": N(5)}, False),
    ("n <= :v", {":v": N(5)}, True),
    ("n <= :v", {":v": N("4.99")}, False),
    ("n > :v", {":v": N(-10)}, True),
    ("n > :v", {":v": N(5)}, False),
    ("n >= :v", {":v": N(5)}, True),
    ("n >= :v", {":v": N("5.1")}, False),
    ("neg < n", None, True),
    ("n=:v", {":v": N(5)}, True),
    ("big < :v", {":v": N("12345678901234567890123456789012345679")}, True),
    ("big = :v", {":v": N("1.2345678901234567890123456789012345678E37")}, True),
    ("s < :v", {":v": S("help")}, True),
    ("s < s2", None, True),
    ("s > :v", {":v": S("Hello")}, True),
    ("s >= :v", {":v": S("hello")}, True),
    ("s < :v", {":v": S("hello ")}, True),
    ("blank < :v", {":v": S("a")}, True),
    ("pua < :v", {":v": S("\U0001F600")}, True),
    ("lo < hi", None, True),
    ("hi > :v", {":v": B(b"\x7f\xff")}, True),
    ("b = :v", {":v": B(b"\x01\x02\x03")}, True),
    ("b > :v", {":v": B(b"\x01\x02")}, True),
    ("t = :v", {":v": {"BOOL": True}}, True),
    ("t = :v", {":v": {"BOOL": False}}, False),
    ("t <> f", None, True),
    ("z = :v", {":v": {"NULL": True}}, True),
    ("ss = :v", {":v": {"SS": ["c", "a", "b"]}}, True),
    ("ss = :v", {":v": {"SS": ["a", "b"]}}, False),
    ("ns = :v", {":v": {"NS": ["3", "1", "2"]}}, True),
    ("bs = :v", {":v": {"BS": [b"\x02", b"\x01"]}}, True),
    ("l = :v", {":v": {"L": [N(1), S("two"), {"L": [N(3)]}]}}, True),
    ("l = :v", {":v": {"L": [S("two"), N(1), {"L": [N(3)]}]}}, False),
    ("mm = :v", {":v": {"M": {"y": S("why"), "x": N(1)}}}, True),
    ("mm <> :v", {":v": {"M": {"x": N(1)}}}, True),
    (":a = :b", {":a": N(1), ":b": N("1.0")}, True),
]


@pytest.mark.parametrize("cond,values,expected", COMPARISONS,
                         ids=[f"{c} {v}" for c, v, _ in COMPARISONS])
def test_comparators(ddb, table, cond, values, expected):
    """= <> < <= > >= compare numbers by value (38 digits exact), strings and binaries by
    unsigned UTF-8/byte order, and sets (any order), lists (in order) and maps structurally
    for = and <>."""
    assert holds(ddb, table, cond, values) is expected


CROSS_TYPE_FALSE = [
    ("n = :v", {":v": S("5")}, False),
    ("n <> :v", {":v": S("5")}, True),
    ("n < :v", {":v": S("6")}, False),
    ("n >= :v", {":v": B(b"\x05")}, False),
    ("s > :v", {":v": N(1)}, False),
    ("b < :v", {":v": S("zzz")}, False),
    ("l < :v", {":v": N(1)}, False),
    (":v < l", {":v": N(1)}, False),
    ("mm > :v", {":v": S("a")}, False),
    ("t < :v", {":v": N(1)}, False),
    ("ss < s", None, False),
    ("z < :v", {":v": N(1)}, False),
    ("n = :v", {":v": {"L": [N(5)]}}, False),
    ("ns = :v", {":v": {"SS": ["1", "2", "3"]}}, False),
]


@pytest.mark.parametrize("cond,values,expected", CROSS_TYPE_FALSE,
                         ids=[f"{c} {v}" for c, v, _ in CROSS_TYPE_FALSE])
def test_cross_type_comparison_is_simply_false(ddb, table, cond, values, expected):
    """Comparing values of different types is false (so <> is true), not an error, including
    an ordering comparison whose item-side operand is a list, map, set, BOOL or NULL."""
    assert holds(ddb, table, cond, values) is expected


UNORDERABLE_VALUES = [
    ("<", {"L": [N(1)]}, "L"),
    ("<=", {"M": {}}, "M"),
    (">", {"SS": ["a"]}, "SS"),
    (">=", {"NS": ["1"]}, "NS"),
    ("<", {"BS": [b"\x01"]}, "BS"),
    ("<", {"BOOL": True}, "BOOL"),
    (">", {"NULL": True}, "NULL"),
]


@pytest.mark.parametrize("op,value,type_name", UNORDERABLE_VALUES, ids=[t for _, _, t in UNORDERABLE_VALUES])
def test_ordering_against_unorderable_value_is_validation_error(ddb, table, op, value, type_name):
    """An expression value of a type that has no order (L M SS NS BS BOOL NULL) in < <= > >=
    is a ValidationException naming the operator and type, on either side."""
    message = (f"{BAD}Incorrect operand type for operator or function; "
               f"operator or function: {op}, operand type: {type_name}")
    condition_error(ddb, table, f"n {op} :v", {":v": value}, message=message)
    condition_error(ddb, table, f":v {op} n", {":v": value}, message=message)


MISSING_ATTRIBUTES = [
    ("absent1 = :v", {":v": N(5)}, False),
    ("absent1 <> :v", {":v": N(5)}, True),
    ("absent1 < :v", {":v": N(5)}, False),
    (":v <= absent1", {":v": N(5)}, False),
    ("absent1 = absent2", None, False),
    ("absent1 <> absent2", None, True),
    ("absent1 BETWEEN :a AND :b", {":a": N(1), ":b": N(9)}, False),
    ("absent1 IN (:a, :b)", {":a": N(1), ":b": N(9)}, False),
    ("begins_with(absent1, :v)", {":v": S("h")}, False),
    ("contains(absent1, :v)", {":v": S("h")}, False),
    ("NOT contains(absent1, :v)", {":v": S("h")}, True),
    ("size(absent1) = :v", {":v": N(0)}, False),
    ("size(absent1) <> :v", {":v": N(0)}, True),
    ("attribute_type(absent1, :v)", {":v": S("N")}, False),
    ("m.nope = :v", {":v": N(1)}, False),
    ("l[7] = :v", {":v": N(1)}, False),
    ("n.x = :v", {":v": N(1)}, False),
    ("mm[0] = :v", {":v": N(1)}, False),
]


@pytest.mark.parametrize("cond,values,expected", MISSING_ATTRIBUTES,
                         ids=[c for c, _, _ in MISSING_ATTRIBUTES])
def test_missing_attributes(ddb, table, cond, values, expected):
    """A missing attribute (or a path through a missing or wrong-typed parent) compares false
    with everything, even another missing attribute; <> with it is true; functions on it are
    false; none of this is an error."""
    assert holds(ddb, table, cond, values) is expected


# ---------------------------------------------------------------------------
# BETWEEN and IN


BETWEEN = [
    ("n BETWEEN :a AND :b", {":a": N(1), ":b": N(9)}, True),
    ("n BETWEEN :a AND :b", {":a": N(5), ":b": N(5)}, True),
    ("n BETWEEN :a AND :b", {":a": N(6), ":b": N(9)}, False),
    ("n between :a and :b", {":a": N(-1), ":b": N(5)}, True),
    ("s BETWEEN :a AND :b", {":a": S("hell"), ":b": S("hellp")}, True),
    ("b BETWEEN :a AND :b", {":a": B(b"\x01"), ":b": B(b"\x01\x02\x04")}, True),
    ("n BETWEEN one AND nine", None, True),
    ("n BETWEEN nine AND one", None, False),
    ("n BETWEEN :a AND :b", {":a": S("1"), ":b": S("9")}, False),
    ("n BETWEEN one AND s", None, False),
    ("l BETWEEN :a AND :b", {":a": N(1), ":b": N(9)}, False),
    ("n BETWEEN :a AND :b AND s = :c", {":a": N(1), ":b": N(9), ":c": S("hello")}, True),
]


@pytest.mark.parametrize("cond,values,expected", BETWEEN, ids=[f"{c} {v}" for c, v, _ in BETWEEN])
def test_between(ddb, table, cond, values, expected):
    """BETWEEN is inclusive on both ends; bounds taken from the item that are reversed or of
    another type just make it false; BETWEEN binds tighter than AND."""
    assert holds(ddb, table, cond, values) is expected


def test_between_value_bounds_validation(ddb, table):
    """Bounds given as expression values must be orderable, of one type and in order, or the
    request is a ValidationException that prints both bounds."""
    condition_error(ddb, table, "n BETWEEN :a AND :b", {":a": N(9), ":b": N(1)}, message=(
        f"{BAD}The BETWEEN operator requires upper bound to be greater than or equal to lower "
        "bound; lower bound operand: AttributeValue: {N:9}, upper bound operand: "
        "AttributeValue: {N:1}"))
    condition_error(ddb, table, "s BETWEEN :a AND :b", {":a": S("b"), ":b": S("a")}, message=(
        f"{BAD}The BETWEEN operator requires upper bound to be greater than or equal to lower "
        "bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: "
        "AttributeValue: {S:a}"))
    condition_error(ddb, table, "n BETWEEN :a AND :b", {":a": N(1), ":b": S("a")}, message=(
        f"{BAD}The BETWEEN operator requires same data type for lower and upper bounds; lower "
        "bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"))
    condition_error(ddb, table, "n BETWEEN :a AND :b",
                    {":a": {"L": [N(1)]}, ":b": {"L": [N(2)]}}, message=(
                        f"{BAD}Incorrect operand type for operator or function; operator or "
                        "function: BETWEEN, operand type: L"))


IN_CASES = [
    ("n IN (:a, :b)", {":a": N(1), ":b": N(5)}, True),
    ("n IN (:a)", {":a": N(4)}, False),
    ("n IN (:a, :b)", {":a": S("5"), ":b": N("5.0")}, True),
    ("n in (:a)", {":a": N(5)}, True),
    ("s IN (s2, :a)", {":a": S("hello")}, True),
    ("s IN (s2, blank)", None, False),
    ("ss IN (:a)", {":a": {"SS": ["b", "c", "a"]}}, True),
    ("mm IN (:a)", {":a": {"M": {"x": N(1), "y": S("why")}}}, True),
]


@pytest.mark.parametrize("cond,values,expected", IN_CASES, ids=[f"{c} {v}" for c, v, _ in IN_CASES])
def test_in(ddb, table, cond, values, expected):
    """IN is true when the operand equals any listed operand; the list may mix types and
    item attributes, and any type compares by equality."""
    assert holds(ddb, table, cond, values) is expected


def test_in_limit_of_100_operands(ddb, table):
    """IN takes up to 100 operands in its list; 101 is a ValidationException; an empty list
    is a syntax error."""
    hundred = {f":v{i}": N(100 + i) for i in range(99)}
    hundred[":v99"] = N(5)
    assert holds(ddb, table, "n IN (" + ", ".join(hundred) + ")", hundred) is True
    over = {**hundred, ":v100": N(7)}
    condition_error(ddb, table, "n IN (" + ", ".join(over) + ")", over, message=(
        f"{BAD}The IN operator is provided with too many operands; number of operands: 101"))
    condition_error(ddb, table, "n IN ()", message=f'{BAD}Syntax error; token: ")", near: "()"')


# ---------------------------------------------------------------------------
# AND / OR / NOT and parentheses


LOGIC = [
    ("one = :one AND nine = :nine", True),
    ("one = :one AND nine = :one", False),
    ("one = :nine OR nine = :nine", True),
    ("one = :nine OR nine = :one", False),
    ("NOT one = :nine", True),
    ("NOT NOT one = :one", True),
    # AND binds tighter than OR: true OR (false AND false)
    ("one = :one OR one = :nine AND nine = :one", True),
    ("(one = :one OR one = :nine) AND nine = :one", False),
    # NOT binds tighter than AND: (NOT false) AND false, not NOT (false AND false)
    ("NOT one = :nine AND nine = :one", False),
    ("NOT (one = :one AND nine = :one)", True),
    # NOT binds tighter than OR: (NOT true) OR true, not NOT (true OR true)
    ("NOT one = :one OR nine = :nine", True),
    ("NOT (one = :nine OR nine = :nine)", False),
    ("(one = :one)", True),
    ("(one = :one) and (nine = :nine) Or (one = :nine)", True),
    ("one = :one aNd NoT nine = :one", True),
    ("((one = :nine OR nine = :nine) AND (one = :one OR nine = :one))", True),
]


@pytest.mark.parametrize("cond,expected", LOGIC, ids=[c for c, _ in LOGIC])
def test_logical_operators_and_precedence(ddb, table, cond, expected):
    """NOT binds tighter than AND, AND tighter than OR; parentheses override; keywords are
    case-insensitive."""
    values = {k: v for k, v in {":one": N(1), ":nine": N(9)}.items() if k in cond}
    assert holds(ddb, table, cond, values) is expected


def test_redundant_parentheses(ddb, table):
    """Doubled parentheses around the same condition are a ValidationException."""
    condition_error(ddb, table, "((n = :v))", {":v": N(5)},
                    message=f"{BAD}The expression has redundant parentheses;")
    condition_error(ddb, table, "n = :v AND ((s = :w))", {":v": N(5), ":w": S("hello")},
                    message=f"{BAD}The expression has redundant parentheses;")


# ---------------------------------------------------------------------------
# Functions


FUNCTIONS = [
    ("attribute_exists(n)", None, True),
    ("attribute_exists(absent1)", None, False),
    ("attribute_not_exists(absent1)", None, True),
    ("attribute_not_exists(n)", None, False),
    ("attribute_exists (m.deep.arr[2].c)", None, True),
    ("attribute_exists(m.deep.arr[3])", None, False),
    ("attribute_not_exists(mm.zz)", None, True),
    ("attribute_exists(z)", None, True),
    ("attribute_exists(#d)", None, True),
    ("begins_with(s, :v)", {":v": S("hel")}, True),
    ("begins_with(s, :v)", {":v": S("hello")}, True),
    ("begins_with(s, :v)", {":v": S("ello")}, False),
    ("begins_with(s, :v)", {":v": S("")}, True),
    ("begins_with(b, :v)", {":v": B(b"\x01\x02")}, True),
    ("begins_with(b, :v)", {":v": B(b"\x02")}, False),
    ("begins_with(n, :v)", {":v": S("5")}, False),
    ("begins_with(s, :v)", {":v": B(b"h")}, False),
    ("begins_with(:v, s2)", {":v": S("helper")}, True),
    ("contains(s, :v)", {":v": S("ell")}, True),
    ("contains(s, :v)", {":v": S("elo")}, False),
    ("contains(b, :v)", {":v": B(b"\x02\x03")}, True),
    ("contains(ss, :v)", {":v": S("b")}, True),
    ("contains(ss, :v)", {":v": S("d")}, False),
    ("contains(ns, :v)", {":v": N("2.0")}, True),
    ("contains(bs, :v)", {":v": B(b"\x02")}, True),
    ("contains(l, :v)", {":v": S("two")}, True),
    ("contains(l, :v)", {":v": {"L": [N(3)]}}, True),
    ("contains(l, :v)", {":v": S("tw")}, False),
    ("contains(mm, :v)", {":v": S("x")}, False),
    ("contains(n, :v)", {":v": N(5)}, False),
    ("contains(ss, s)", None, False),
    ("NOT contains(ss, :v)", {":v": S("z")}, True),
    ("size(s) = :v", {":v": N(5)}, True),
    ("size(blank) = :v", {":v": N(0)}, True),
    ("size(b) = :v", {":v": N(3)}, True),
    ("size(ss) = :v", {":v": N(3)}, True),
    ("size(bs) = :v", {":v": N(2)}, True),
    ("size(l) = :v", {":v": N(3)}, True),
    ("size(mm) = :v", {":v": N(2)}, True),
    ("size(m.deep.arr) > :v", {":v": N(2)}, True),
    ("size(s) BETWEEN :a AND :b", {":a": N(1), ":b": N(5)}, True),
    ("size(s) IN (:a, :b)", {":a": N(4), ":b": N(5)}, True),
    ("size(l) = size(ss)", None, True),
    ("size(s) < n", None, False),
    ("size(s) = :v", {":v": S("5")}, False),
    ("size(n) = :v", {":v": N(1)}, False),
    ("size(t) = :v", {":v": N(1)}, False),
    ("size(z) = :v", {":v": N(1)}, False),
]


@pytest.mark.parametrize("cond,values,expected", FUNCTIONS, ids=[f"{c} {v}" for c, v, _ in FUNCTIONS])
def test_functions(ddb, table, cond, values, expected):
    """attribute_exists/attribute_not_exists, begins_with (S and B), contains (substring of S
    or B, member of a set or list), size (S and B length, set/list/map count; no size for N,
    BOOL, NULL)."""
    assert holds(ddb, table, cond, values, {"#d": "dot.name"} if "#d" in cond else None) is expected


TYPE_OF = {"n": "N", "s": "S", "b": "B", "t": "BOOL", "z": "NULL", "ss": "SS", "ns": "NS",
           "bs": "BS", "l": "L", "mm": "M"}


@pytest.mark.parametrize("attribute", sorted(TYPE_OF))
def test_attribute_type(ddb, table, attribute):
    """attribute_type(path, :t) is true exactly for the attribute's own type name."""
    for type_name in TYPE_OF.values():
        expected = type_name == TYPE_OF[attribute]
        assert holds(ddb, table, f"attribute_type({attribute}, :t)", {":t": S(type_name)}) is expected


def test_attribute_type_validation(ddb, table):
    """attribute_type needs a string naming one of the ten types, given as an expression value."""
    condition_error(ddb, table, "attribute_type(n, :t)", {":t": N(1)}, message=(
        f"{BAD}Incorrect operand type for operator or function; operator or function: "
        "attribute_type, operand type: N"))
    valid = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}"
    condition_error(ddb, table, "attribute_type(n, :t)", {":t": S("DOG")}, message=per_target(
        # The live service's listing order of the valid types is not recorded; the type is.
        re.compile(
            r"Invalid ConditionExpression: Invalid attribute type name found; type: DOG, "
            r"valid types: \{[A-Z,]+\}"),
        f"{BAD}Invalid attribute type name found; type: DOG, valid types: {valid}"))


FUNCTION_ERRORS = [
    ("size(s)", None,
     "The function is not allowed to be used this way in an expression; function: size"),
    ("attribute_exists(n) = :v", {":v": N(1)},
     "The function is not allowed to be used this way in an expression; function: attribute_exists"),
    ("size(s, s) = :v", {":v": N(5)},
     "Incorrect number of operands for operator or function; operator or function: size, "
     "number of operands: 2"),
    ("attribute_exists(n, s)", None,
     "Incorrect number of operands for operator or function; operator or function: "
     "attribute_exists, number of operands: 2"),
    ("begins_with(s)", None,
     "Incorrect number of operands for operator or function; operator or function: "
     "begins_with, number of operands: 1"),
    ("if_not_exists(n, n) = :v", {":v": N(1)},
     "The function is not allowed in a condition expression; function: if_not_exists"),
    ("list_append(l, l) = :v", {":v": N(1)},
     "The function is not allowed in a condition expression; function: list_append"),
    ("dog(n) = :v", {":v": N(1)}, "Invalid function name; function: dog"),
    ("ATTRIBUTE_EXISTS(n)", None, "Invalid function name; function: ATTRIBUTE_EXISTS"),
    ("attribute_exists(:v)", {":v": N(1)},
     "Operator or function requires a document path; operator or function: attribute_exists"),
    ("attribute_not_exists(:v)", {":v": N(1)},
     "Operator or function requires a document path; operator or function: attribute_not_exists"),
    ("begins_with(s, :v)", {":v": N(1)},
     "Incorrect operand type for operator or function; operator or function: begins_with, "
     "operand type: N"),
    ("n = n", None,
     "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: =, first operand: [n]"),
    ("contains(l, l)", None,
     "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: contains, first operand: [l]"),
    ("begins_with(s, s)", None,
     "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: begins_with, first operand: [s]"),
]


@pytest.mark.parametrize("cond,values,message", FUNCTION_ERRORS, ids=[c for c, _, _ in FUNCTION_ERRORS])
def test_function_misuse(ddb, table, cond, values, message):
    """Misused functions are ValidationExceptions: size only inside a comparison, boolean
    functions never inside one, arity, case-sensitive names, update-only functions, paths where
    a path is required, operand types given as values, an operand compared with itself."""
    condition_error(ddb, table, cond, values, message=BAD + message)


# ---------------------------------------------------------------------------
# Document paths and names


PATHS = [
    ("m.deep.arr[2].c = :v", {":v": S("see")}, None, True),
    ("m.deep.arr[1] = :v", {":v": N(1)}, None, True),
    ("m.x = mm.x", None, None, True),
    ("l[2][0] = :v", {":v": N(3)}, None, True),
    ("l[0] < l[2][0]", None, None, True),
    ("#m.#d.#l[2].#c = :v", {":v": S("see")}, {"#m": "m", "#d": "deep", "#l": "arr", "#c": "c"}, True),
    ("#dn = :v", {":v": S("dotted")}, {"#dn": "dot.name"}, True),
    ("#st = :v", {":v": S("active")}, {"#st": "status"}, True),
    ("#m.x = :v", {":v": N(1)}, {"#m": "m"}, True),
    ("#q = :v", {":v": N(1)}, {"#q": "m.x"}, False),
]


@pytest.mark.parametrize("cond,values,names,expected", PATHS, ids=[c for c, _, _, _ in PATHS])
def test_document_paths(ddb, table, cond, values, names, expected):
    """Conditions read nested map members and list elements (a.b[2].c); a #name is always one
    path element, so a dot inside its value is part of the attribute name."""
    assert holds(ddb, table, cond, values, names) is expected


def test_reserved_word_must_be_escaped(ddb, table):
    """An unescaped reserved word is a ValidationException that echoes the word as written."""
    condition_error(ddb, table, "status = :v", {":v": S("active")},
                    message=f"{BAD}Attribute name is a reserved keyword; reserved keyword: status")
    condition_error(ddb, table, "mm.Name = :v", {":v": S("x")},
                    message=f"{BAD}Attribute name is a reserved keyword; reserved keyword: Name")
    condition_error(ddb, table, "dot.name = :v", {":v": S("x")},
                    message=f"{BAD}Attribute name is a reserved keyword; reserved keyword: name")


SYNTAX_ERRORS = [
    ("n", 'token: "<EOF>", near: "n"'),
    ("n = :v AND", 'token: "<EOF>", near: "AND"'),
    ("n == :v", 'token: "=", near: "== :v"'),
    ("n != :v", 'token: "!", near: "n !="'),
    ("n = :v)", 'token: ")", near: ":v)"'),
    ("(n = :v", 'token: "<EOF>", near: ":v"'),
    ("l[-1] = :v", 'token: "-", near: "[-1"'),
    ("l[x] = :v", 'token: "x", near: "[x]"'),
    ("n BETWEEN :v", 'token: "<EOF>", near: ":v"'),
    ("n IN :v", 'token: ":v", near: "IN :v"'),
    ("NOT", 'token: "<EOF>", near: "NOT"'),
    ("_n = :v", 'token: "_", near: "_n"'),
    ("n = 5", 'token: "5", near: "= 5"'),
]


@pytest.mark.parametrize("cond,detail", SYNTAX_ERRORS, ids=[c for c, _ in SYNTAX_ERRORS])
def test_syntax_errors(ddb, table, cond, detail):
    """A malformed condition is "Invalid ConditionExpression: Syntax error; token: "<t>",
    near: "<context>"", naming the offending token and its neighbourhood."""
    condition_error(ddb, table, cond, {":v": N(5)} if ":v" in cond else None,
                    message=f"{BAD}Syntax error; {detail}")


def test_empty_condition_expression(ddb, table):
    """An empty ConditionExpression is rejected as empty, not parsed."""
    condition_error(ddb, table, "", message=f"{BAD}The expression can not be empty;")


# ---------------------------------------------------------------------------
# ExpressionAttributeNames / ExpressionAttributeValues


def test_undefined_name_and_value(ddb, table):
    """A #name or :value the request does not define is named in the error; an undefined name
    is reported before an undefined value and before unused entries."""
    condition_error(ddb, table, "#x = :v", {":v": N(5)}, {"#s": "s"}, message=(
        f"{BAD}An expression attribute name used in the document path is not defined; "
        "attribute name: #x"))
    condition_error(ddb, table, "s = :x", {":v": N(5)}, message=(
        f"{BAD}An expression attribute value used in expression is not defined; "
        "attribute value: :x"))
    condition_error(ddb, table, "#x = :x", None, {"#s": "s"}, message=(
        f"{BAD}An expression attribute name used in the document path is not defined; "
        "attribute name: #x"))


def test_reserved_word_reported_before_undefined_value(ddb, table):
    """Reserved words are found while parsing, before placeholders are resolved."""
    condition_error(ddb, table, "n = :undefined AND status = :v", {":v": S("x")}, message=(
        f"{BAD}Attribute name is a reserved keyword; reserved keyword: status"))


def test_unused_names_and_values_on_put_and_delete(ddb, table):
    """Entries no expression uses are rejected, names before values, on PutItem and DeleteItem
    as on UpdateItem."""
    item = {"pk": S("unused-entries")}
    cases = [
        ({"#a": "a", "#u": "u"}, {":v": N(1), ":u": N(1)},
         "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}"),
        ({"#a": "a"}, {":v": N(1), ":u": N(1)},
         "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
    ]
    for names, values, message in cases:
        for call in (lambda: ddb.put_item(TableName=table, Item=item, ConditionExpression="#a = :v",
                                          ExpressionAttributeNames=names,
                                          ExpressionAttributeValues=values),
                     lambda: ddb.delete_item(TableName=table, Key=item, ConditionExpression="#a = :v",
                                             ExpressionAttributeNames=names,
                                             ExpressionAttributeValues=values)):
            with pytest.raises(ClientError) as excinfo:
                call()
            assert_client_error(excinfo, "ValidationException", message)


def test_entries_used_only_by_a_short_circuited_branch_count_as_used(ddb, table):
    """Use is decided from the expression text, not from evaluation: a name/value only in an
    OR branch that is never evaluated is still used."""
    assert holds(ddb, table, "one = :one OR #nope = :nope", {":one": N(1), ":nope": N(2)},
                 {"#nope": "nope"}) is True


def test_placeholder_maps_validated(ddb_unchecked, table):
    """Empty maps and malformed keys in ExpressionAttributeNames/Values are rejected up front."""
    base = {"TableName": table, "Key": KEY, "ConditionExpression": "attribute_exists(pk)"}
    cases = [
        ({"ExpressionAttributeNames": {}}, "ExpressionAttributeNames must not be empty"),
        ({"ExpressionAttributeValues": {}}, "ExpressionAttributeValues must not be empty"),
        ({"ExpressionAttributeNames": {"a": "a"}},
         'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'),
        ({"ExpressionAttributeValues": {"b": S("x")}},
         'ExpressionAttributeValues contains invalid key: Syntax error; key: "b"'),
        ({"ExpressionAttributeNames": {"#e": ""}},
         "ExpressionAttributeNames contains invalid value: Empty attribute name for key #e"),
        ({"ExpressionAttributeValues": {":e": {"SS": []}}},
         "ExpressionAttributeValues contains invalid value: One or more parameter values were "
         "invalid: An string set  may not be empty for key :e"),
    ]
    for extra, message in cases:
        with pytest.raises(ClientError) as excinfo:
            ddb_unchecked.delete_item(**base, **extra)
        assert_client_error(excinfo, "ValidationException", message)


# ---------------------------------------------------------------------------
# Limits


def test_expression_length_limit(ddb, table):
    """A ConditionExpression may be 4096 characters long; one more is rejected with its size."""
    def padded(total):
        head, tail = "attribute_exists(n) OR ", "n = :v"
        return head + " " * (total - len(head) - len(tail)) + tail
    assert holds(ddb, table, padded(4096), {":v": N(5)}) is True
    condition_error(ddb, table, padded(4097), {":v": N(5)}, message=(
        f"{BAD}Expression size has exceeded the maximum allowed size; expression size: 4097"))


def test_operator_count_limit(ddb, table):
    """An expression may hold 300 operators (each comparison and each AND/OR counts); the
    301st is rejected with the count."""
    assert holds(ddb, table, " OR ".join(["n = :v"] * 150), {":v": N(4)}) is False  # 299 operators
    condition_error(ddb, table, " OR ".join(["n = :v"] * 151), {":v": N(4)}, message=(
        f"{BAD}The expression contains too many operators; operator count: 301"))


def test_document_path_depth_limit(ddb, table):
    """A document path may nest 32 levels; 33 is rejected with the level count."""
    assert holds(ddb, table, "attribute_not_exists(" + ".".join(["a"] * 32) + ")") is True
    condition_error(ddb, table, "attribute_not_exists(" + ".".join(["a"] * 33) + ")", message=(
        f"{BAD}The document path has too many nesting levels; nesting levels: 33"))


def test_raw_error_body_for_condition_validation(raw, table):
    """A condition ValidationException carries the coral validate __type on the wire."""
    resp = raw.call("DeleteItem", {"TableName": table, "Key": {"pk": {"S": "raw-bad"}},
                                   "ConditionExpression": "n =="})
    payload = assert_raw_error(resp, VALIDATION)
    assert error_message(payload).startswith(BAD + "Syntax error; ")

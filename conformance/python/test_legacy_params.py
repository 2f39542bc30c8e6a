"""The legacy (pre-expression) parameters of the single-item writes and GetItem: Expected with
Exists/Value and ComparisonOperator/AttributeValueList, ConditionalOperator, AttributeUpdates
(PUT/ADD/DELETE) and AttributesToGet; and the errors for mixing them with expressions.

Sources for texts DynamoDB Local cannot confirm: live-service recordings in dynalite's tests
(test/putItem.js, test/deleteItem.js, test/updateItem.js, test/scan.js), ExtendDB's
dual-target tests (ConditionalOperator and the mixing message), ScyllaDB Alternator's
test/alternator/test_item.py (UpdateItem on absent items).
"""

import re

import pytest
from botocore.exceptions import ClientError

from ddb_support import assert_client_error, per_target, unique_name

INVALID = "One or more parameter values were invalid: "
CCF = "ConditionalCheckFailedException"
MIXING = "Can not use both expression and non-expression parameters in the same request: "


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


def B(x):
    return {"B": x}


ITEM = {
    "pk": S("legacy"),
    "n": N(5),
    "s": S("hello"),
    "b": B(b"\x01\x02"),
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "l": {"L": [N(1), S("x")]},
    "t": {"BOOL": True},
}
KEY = {"pk": ITEM["pk"]}


@pytest.fixture(scope="module")
def table(module_tables):
    name = module_tables.create(unique_name("cf_legacy"))
    module_tables.client.put_item(TableName=name, Item=ITEM)
    return name


def AV(op, *values):
    return {"ComparisonOperator": op, "AttributeValueList": list(values)}


def expected_holds(ddb, table, expected, conditional_operator=None):
    """True if UpdateItem guarded by `expected` went through, False on
    ConditionalCheckFailedException; other errors propagate."""
    request = {"TableName": table, "Key": KEY, "Expected": expected,
               "AttributeUpdates": {"probe": {"Action": "ADD", "Value": N(1)}}}
    if conditional_operator:
        request["ConditionalOperator"] = conditional_operator
    try:
        ddb.update_item(**request)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == CCF:
            assert e.response["Error"]["Message"] == "The conditional request failed"
            return False
        raise


def rejected(call, message):
    with pytest.raises(ClientError) as excinfo:
        call()
    assert_client_error(excinfo, "ValidationException", message)


# ---------------------------------------------------------------------------
# Expected


EXISTS_VALUE = [
    ({"n": {"Value": N(5)}}, True),
    ({"n": {"Value": N(6)}}, False),
    ({"n": {"Value": N(5), "Exists": True}}, True),
    ({"n": {"Value": S("5")}}, False),
    ({"absent_attr": {"Exists": False}}, True),
    ({"n": {"Exists": False}}, False),
    ({"absent_attr": {"Value": N(5)}}, False),
    ({"ss": {"Value": {"SS": ["b", "a"]}}}, True),
    ({"n": {"Value": N(5)}, "s": {"Value": S("hello")}}, True),
    ({"n": {"Value": N(5)}, "s": {"Value": S("other")}}, False),
]


@pytest.mark.parametrize("expected,holds", EXISTS_VALUE, ids=[repr(e) for e, _ in EXISTS_VALUE])
def test_expected_exists_and_value(ddb, table, expected, holds):
    """Expected {Value} (Exists defaults to true) is equality; {Exists: false} requires the
    attribute to be absent; several entries are ANDed."""
    assert expected_holds(ddb, table, expected) is holds


COMPARISONS = [
    ({"n": AV("EQ", N(5))}, True),
    ({"n": AV("EQ", N("5.0"))}, True),
    ({"n": AV("NE", N(5))}, False),
    ({"absent_attr": AV("NE", N(5))}, True),
    ({"n": AV("NE", S("5"))}, True),
    ({"n": AV("LE", N(5))}, True),
    ({"n": AV("LT", N(5))}, False),
    ({"n": AV("GE", N(5))}, True),
    ({"n": AV("GT", N(4))}, True),
    ({"n": AV("LT", S("9"))}, False),
    ({"s": AV("GT", S("hell"))}, True),
    ({"b": AV("LT", B(b"\x01\x03"))}, True),
    ({"absent_attr": AV("NULL")}, True),
    ({"n": AV("NULL")}, False),
    ({"n": AV("NOT_NULL")}, True),
    ({"absent_attr": AV("NOT_NULL")}, False),
    ({"s": AV("CONTAINS", S("ell"))}, True),
    ({"ss": AV("CONTAINS", S("a"))}, True),
    ({"ns": AV("CONTAINS", N(2))}, True),
    ({"l": AV("CONTAINS", S("x"))}, True),
    ({"b": AV("CONTAINS", B(b"\x02"))}, True),
    ({"ss": AV("CONTAINS", S("z"))}, False),
    ({"ss": AV("NOT_CONTAINS", S("z"))}, True),
    ({"s": AV("NOT_CONTAINS", S("ell"))}, False),
    ({"absent_attr": AV("NOT_CONTAINS", S("z"))}, False),
    ({"s": AV("BEGINS_WITH", S("he"))}, True),
    ({"s": AV("BEGINS_WITH", S("lo"))}, False),
    ({"b": AV("BEGINS_WITH", B(b"\x01"))}, True),
    ({"n": AV("BEGINS_WITH", S("5"))}, False),
    ({"n": AV("IN", N(1), N(5))}, True),
    ({"n": AV("IN", N(1), N(2))}, False),
    ({"n": AV("BETWEEN", N(5), N(9))}, True),
    ({"n": AV("BETWEEN", N(6), N(9))}, False),
    ({"s": AV("BETWEEN", S("a"), S("z"))}, True),
    ({"ss": AV("EQ", {"SS": ["b", "a"]})}, True),
    ({"l": AV("EQ", {"L": [N(1), S("x")]})}, True),
    ({"n": AV("GT", B(b"x"))}, False),
]


@pytest.mark.parametrize("expected,holds", COMPARISONS, ids=[repr(e) for e, _ in COMPARISONS])
def test_expected_comparison_operators(ddb, table, expected, holds):
    """EQ NE LE LT GE GT NULL NOT_NULL CONTAINS NOT_CONTAINS BEGINS_WITH IN BETWEEN behave as
    documented: a missing attribute satisfies NE and NULL only; other types compare false."""
    assert expected_holds(ddb, table, expected) is holds


def test_conditional_operator(ddb, table):
    """ConditionalOperator OR needs any entry to hold, AND (the default) all of them."""
    expected = {"n": AV("EQ", N(5)), "absent_attr": AV("NOT_NULL")}
    assert expected_holds(ddb, table, expected, "OR") is True
    assert expected_holds(ddb, table, expected, "AND") is False
    assert expected_holds(ddb, table, expected) is False


def test_conditional_operator_needs_two_conditions(ddb, table):
    """ConditionalOperator without Expected, or with a single Expected entry, is rejected."""
    rejected(lambda: ddb.put_item(TableName=table, Item={"pk": S("condop")}, ConditionalOperator="OR"),
             "ConditionalOperator cannot be used without Filter or Expected")
    rejected(lambda: ddb.delete_item(TableName=table, Key=KEY, ConditionalOperator="AND",
                                     Expected={"n": AV("EQ", N(5))}),
             "ConditionalOperator can only be used when Filter or Expected has two or more elements")


@pytest.mark.dynamodb_only
def test_conditional_operator_enum(ddb_unchecked, table):
    """ConditionalOperator is AND or OR; anything else fails enum validation (DynamoDB Local
    answers 500)."""
    with pytest.raises(ClientError) as excinfo:
        ddb_unchecked.delete_item(TableName=table, Key=KEY, ConditionalOperator="XOR",
                                  Expected={"n": AV("EQ", N(5)), "s": AV("EQ", S("x"))})
    assert_client_error(excinfo, "ValidationException", re.compile(
        r"1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy "
        r"constraint: Member must satisfy enum value set: \[(AND, OR|OR, AND)\]"))


EXPECTED_ERRORS = [
    ({"n": {}}, INVALID + "Value must be provided when Exists is null for Attribute: n"),
    ({"n": {"Exists": True}}, INVALID + "Value must be provided when Exists is true for Attribute: n"),
    ({"n": {"Exists": False, "Value": N(5)}},
     INVALID + "Value cannot be used when Exists is false for Attribute: n"),
    ({"n": {"ComparisonOperator": "LT"}},
     INVALID + "Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: n"),
    ({"n": {"Exists": True, "ComparisonOperator": "EQ"}},
     INVALID + "Exists and ComparisonOperator cannot be used together for Attribute: n"),
    ({"n": {"Value": N(5), "AttributeValueList": [N(5)], "ComparisonOperator": "EQ"}},
     INVALID + "Value and AttributeValueList cannot be used together for Attribute: n"),
    ({"n": {"AttributeValueList": [N(5)]}},
     INVALID + "AttributeValueList can only be used with a ComparisonOperator for Attribute: n"),
    ({"n": AV("EQ")}, INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator"),
    ({"n": AV("NULL", N(1))}, INVALID + "Invalid number of argument(s) for the NULL ComparisonOperator"),
    ({"n": AV("BETWEEN", N(1))},
     INVALID + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    ({"n": AV("IN")}, INVALID + "Invalid number of argument(s) for the IN ComparisonOperator"),
    ({"n": AV("IN", N(9), S("1"))},
     INVALID + "AttributeValues inside AttributeValueList must be of same type"),
    ({"n": AV("BETWEEN", N(9), N(1))},
     "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"),
    ({"n": AV("LT", {"L": []})}, INVALID + "ComparisonOperator LT is not valid for L AttributeValue type"),
    ({"n": AV("IN", {"SS": ["a"]})},
     INVALID + "ComparisonOperator IN is not valid for SS AttributeValue type"),
    ({"n": AV("BEGINS_WITH", N(1))},
     INVALID + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ({"n": AV("CONTAINS", {"L": []})},
     INVALID + "ComparisonOperator CONTAINS is not valid for L AttributeValue type"),
]


@pytest.mark.parametrize("expected,message", EXPECTED_ERRORS, ids=[m[-45:] for _, m in EXPECTED_ERRORS])
def test_expected_validation(ddb_unchecked, table, expected, message):
    """Malformed Expected entries are ValidationExceptions naming the attribute or operator."""
    rejected(lambda: ddb_unchecked.update_item(
        TableName=table, Key=KEY, Expected=expected,
        AttributeUpdates={"probe": {"Action": "ADD", "Value": N(1)}}), message)


def test_expected_on_put_and_delete(ddb, table):
    """PutItem and DeleteItem honour Expected like UpdateItem."""
    key = {"pk": S("legacy-put")}
    ddb.put_item(TableName=table, Item={**key, "v": N(1)}, Expected={"pk": {"Exists": False}})
    with pytest.raises(ClientError) as excinfo:
        ddb.put_item(TableName=table, Item={**key, "v": N(2)}, Expected={"pk": {"Exists": False}})
    assert_client_error(excinfo, CCF, "The conditional request failed")
    with pytest.raises(ClientError) as excinfo:
        ddb.delete_item(TableName=table, Key=key, Expected={"v": AV("GT", N(1))})
    assert_client_error(excinfo, CCF, "The conditional request failed")
    ddb.delete_item(TableName=table, Key=key, Expected={"v": {"Value": N(1)}})
    assert "Item" not in ddb.get_item(TableName=table, Key=key, ConsistentRead=True)


# ---------------------------------------------------------------------------
# AttributeUpdates


@pytest.fixture
def legacy_item(ddb, table, request):
    key = {"pk": S("au-" + request.node.name[:150])}

    def update(updates, mode="ALL_NEW", **extra):
        return ddb.update_item(TableName=table, Key=key, AttributeUpdates=updates,
                               ReturnValues=mode, **extra).get("Attributes")

    def get():
        return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")

    ddb.put_item(TableName=table, Item={**key, "n": N(5), "s": S("hello"), "ss": {"SS": ["a", "b"]},
                                        "ns": {"NS": ["1", "2"]}, "l": {"L": [N(1)]}})
    return key, update, get


def sets_sorted(item):
    return {k: {tag: sorted(v) if tag in ("SS", "NS", "BS") else v for tag, v in value.items()}
            for k, value in item.items()}


def test_attribute_updates_put(legacy_item):
    """PUT (the default Action) replaces or creates an attribute."""
    key, update, get = legacy_item
    update({"n": {"Value": N(10)}, "new": {"Action": "PUT", "Value": S("x")}})
    got = get()
    assert got["n"] == N(10) and got["new"] == S("x")


def test_attribute_updates_add(legacy_item):
    """ADD adds to numbers, unions sets and appends to lists; a missing attribute starts empty."""
    key, update, get = legacy_item
    got = update({"n": {"Action": "ADD", "Value": N(3)}, "ss": {"Action": "ADD", "Value": {"SS": ["c", "a"]}},
                  "l": {"Action": "ADD", "Value": {"L": [S("x")]}},
                  "fresh_n": {"Action": "ADD", "Value": N(7)},
                  "fresh_s": {"Action": "ADD", "Value": {"SS": ["z"]}},
                  "fresh_l": {"Action": "ADD", "Value": {"L": [N(1)]}}}, "UPDATED_NEW")
    assert sets_sorted(got) == {"n": N(8), "ss": {"SS": ["a", "b", "c"]}, "l": {"L": [N(1), S("x")]},
                                "fresh_n": N(7), "fresh_s": {"SS": ["z"]}, "fresh_l": {"L": [N(1)]}}


def test_attribute_updates_delete(legacy_item):
    """DELETE without Value removes the attribute; with a set Value it removes members, and the
    attribute when none remain; missing attributes are ignored."""
    key, update, get = legacy_item
    update({"s": {"Action": "DELETE"}, "ns": {"Action": "DELETE", "Value": {"NS": ["1", "9"]}},
            "absent_attr": {"Action": "DELETE"}})
    got = get()
    assert "s" not in got and got["ns"] == {"NS": ["2"]}
    assert update({"ns": {"Action": "DELETE", "Value": {"NS": ["2"]}}}, "UPDATED_NEW") is None
    assert "ns" not in get()


def test_attribute_updates_return_values(legacy_item):
    """ReturnValues work with AttributeUpdates: UPDATED_OLD lists the old values of touched
    attributes that existed."""
    key, update, get = legacy_item
    got = update({"n": {"Action": "ADD", "Value": N(1)}, "s": {"Action": "DELETE"},
                  "fresh": {"Value": S("f")}}, "UPDATED_OLD")
    assert got == {"n": N(5), "s": S("hello")}


def test_attribute_updates_on_absent_item(ddb, table):
    """An empty AttributeUpdates creates a key-only item; DELETE-only updates do not create
    the item (DynamoDB Local creates it)."""
    created = {"pk": S("au-empty")}
    assert ddb.update_item(TableName=table, Key=created, AttributeUpdates={},
                           ReturnValues="ALL_NEW")["Attributes"] == created
    for i, updates in enumerate([{"a": {"Action": "DELETE"}},
                                 {"a": {"Action": "DELETE", "Value": {"SS": ["x"]}}}]):
        key = {"pk": S(f"au-delete-only-{i}")}
        ddb.update_item(TableName=table, Key=key, AttributeUpdates=updates)
        got = ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
        assert got == per_target(None, key)


def typed(prefix, short, long):
    """`prefix` followed by a type name. dynalite's (older) live recordings show the short form
    (N), DynamoDB Local the long one (NUMBER); against DynamoDB either is accepted."""
    return per_target(re.compile(re.escape(prefix) + f"({short}|{long})"), prefix + long)


ATTRIBUTE_UPDATE_ERRORS = [
    ({"s2": {"Action": "PUT"}},
     INVALID + "Only DELETE action is allowed when no attribute value is specified"),
    ({"n": {"Action": "DELETE", "Value": N(1)}},
     typed(INVALID + "DELETE action with value is not supported for the type ", "N", "NUMBER")),
    ({"n": {"Action": "DELETE", "Value": S("x")}},
     typed(INVALID + "DELETE action with value is not supported for the type ", "S", "STRING")),
    ({"n": {"Action": "ADD", "Value": S("1")}},
     typed(INVALID + "ADD action is not supported for the type ", "S", "STRING")),
    ({"n": {"Action": "ADD", "Value": {"M": {}}}},
     typed(INVALID + "ADD action is not supported for the type ", "M", "MAP")),
    ({"n": {"Action": "ADD", "Value": {"SS": ["x"]}}}, "Type mismatch for attribute to update"),
    ({"ss": {"Action": "ADD", "Value": N(1)}}, "Type mismatch for attribute to update"),
    ({"ss": {"Action": "ADD", "Value": {"NS": ["1"]}}}, "Type mismatch for attribute to update"),
    ({"ss": {"Action": "DELETE", "Value": {"NS": ["1"]}}}, "Type mismatch for attribute to update"),
    ({"pk": {"Action": "PUT", "Value": S("zz")}},
     INVALID + "Cannot update attribute pk. This attribute is part of the key"),
    ({"pk": {"Action": "DELETE"}}, INVALID + "Cannot update attribute pk. This attribute is part of the key"),
    ({"x": {"Action": "PUT", "Value": {"SS": []}}}, INVALID + "An string set  may not be empty"),
]


@pytest.mark.parametrize("updates,message", ATTRIBUTE_UPDATE_ERRORS,
                         ids=[repr(u)[:60] for u, _ in ATTRIBUTE_UPDATE_ERRORS])
def test_attribute_updates_validation(ddb_unchecked, table, legacy_item, updates, message):
    """Invalid AttributeUpdates are ValidationExceptions and leave the item unchanged."""
    key, update, get = legacy_item
    before = get()
    rejected(lambda: ddb_unchecked.update_item(TableName=table, Key=key, AttributeUpdates=updates),
             message)
    assert get() == before


# ---------------------------------------------------------------------------
# AttributesToGet


def test_attributes_to_get(ddb, table):
    """AttributesToGet returns just the named top-level attributes that exist."""
    got = ddb.get_item(TableName=table, Key=KEY, AttributesToGet=["n", "s", "absent_attr"],
                       ConsistentRead=True)["Item"]
    assert got == {"n": N(5), "s": S("hello")}
    got = ddb.get_item(TableName=table, Key=KEY, AttributesToGet=["absent_attr"], ConsistentRead=True)
    assert got["Item"] == {}


def test_attributes_to_get_duplicates(ddb, table):
    """Naming an attribute twice in AttributesToGet is rejected."""
    rejected(lambda: ddb.get_item(TableName=table, Key=KEY, AttributesToGet=["n", "n"]),
             per_target(re.compile(r".*two attributes with the same name.*"),
                        "Cannot have two attributes with the same name"))


# ---------------------------------------------------------------------------
# Mixing legacy and expression parameters


MIXES = [
    ("update_item", {"UpdateExpression": "SET x = :v", "ExpressionAttributeValues": {":v": N(1)},
                     "Expected": {"n": {"Value": N(5)}}}, "{Expected}", "{UpdateExpression}"),
    ("update_item", {"UpdateExpression": "SET x = :v", "ExpressionAttributeValues": {":v": N(1)},
                     "AttributeUpdates": {"x": {"Value": N(1)}}}, "{AttributeUpdates}", "{UpdateExpression}"),
    ("update_item", {"AttributeUpdates": {"x": {"Value": N(1)}},
                     "ConditionExpression": "attribute_exists(n)"},
     "{AttributeUpdates}", "{ConditionExpression}"),
    ("update_item", {"AttributeUpdates": {"a": {"Value": N(1)}}, "Expected": {"n": AV("EQ", N(5))},
                     "ConditionalOperator": "AND", "UpdateExpression": "SET a = :v",
                     "ConditionExpression": "attribute_exists(pk)",
                     "ExpressionAttributeValues": {":v": N(1)}},
     "{AttributeUpdates, Expected, ConditionalOperator}", "{UpdateExpression, ConditionExpression}"),
    ("put_item", {"Expected": {"n": AV("EQ", N(5))}, "ConditionalOperator": "AND",
                  "ConditionExpression": "attribute_exists(pk)"},
     "{Expected, ConditionalOperator}", "{ConditionExpression}"),
    ("put_item", {"ConditionalOperator": "OR", "ConditionExpression": "attribute_not_exists(n)"},
     "{ConditionalOperator}", "{ConditionExpression}"),
    ("delete_item", {"Expected": {"n": {"Exists": False}}, "ConditionExpression": "attribute_not_exists(n)"},
     "{Expected}", "{ConditionExpression}"),
    ("get_item", {"AttributesToGet": ["n"], "ProjectionExpression": "s"}, "{AttributesToGet}",
     "{ProjectionExpression}"),
]


@pytest.mark.parametrize("operation,params,legacy,modern", MIXES,
                         ids=[f"{o} {l} {m}" for o, _, l, m in MIXES])
def test_mixing_legacy_and_expression_parameters(ddb, table, operation, params, legacy, modern):
    """A request may not mix the two styles; the message lists both sides in DynamoDB's fixed
    order."""
    target = {"Item": {"pk": S("mix")}} if operation == "put_item" else {"Key": KEY}
    rejected(lambda: getattr(ddb, operation)(TableName=table, **target, **params),
             f"{MIXING}Non-expression parameters: {legacy} Expression parameters: {modern}")


def test_placeholders_need_expressions(ddb, table):
    """ExpressionAttributeNames/Values without an expression that could use them are rejected."""
    au = {"AttributeUpdates": {"x": {"Value": N(1)}}}
    rejected(lambda: ddb.update_item(TableName=table, Key=KEY,
                                     ExpressionAttributeValues={":v": N(1)}, **au),
             "ExpressionAttributeValues can only be specified when using expressions: "
             "UpdateExpression and ConditionExpression are null")
    rejected(lambda: ddb.update_item(TableName=table, Key=KEY,
                                     ExpressionAttributeNames={"#v": "v"}, **au),
             "ExpressionAttributeNames can only be specified when using expressions")
    rejected(lambda: ddb.put_item(TableName=table, Item={"pk": S("mix")},
                                  ExpressionAttributeValues={":v": N(1)}),
             "ExpressionAttributeValues can only be specified when using expressions: "
             "ConditionExpression is null")
    rejected(lambda: ddb.delete_item(TableName=table, Key=KEY, ExpressionAttributeValues={":v": N(1)}),
             "ExpressionAttributeValues can only be specified when using expressions: "
             "ConditionExpression is null")
    rejected(lambda: ddb.get_item(TableName=table, Key=KEY, AttributesToGet=["n"],
                                  ExpressionAttributeNames={"#n": "n"}),
             "ExpressionAttributeNames can only be specified when using expressions")

"""Single-item data plane: PutItem, GetItem, DeleteItem; the value model and its limits."""

import base64
from decimal import Decimal

import pytest
from boto3.dynamodb.types import Binary

from ddb_support import (
    RESOURCE_NOT_FOUND,
    VALIDATION,
    assert_client_error,
    assert_raw_error,
    per_target,
    unique_name,
)

INVALID = "One or more parameter values were invalid: "
ITEM_LIMIT = 400 * 1024
SCHEMA_MISMATCH = "The provided key element does not match the schema"
LOCAL_MISSING_KEY = "One of the required keys was not given a value"
LOCAL_TYPE_MISMATCH = INVALID + "Type mismatch for key"
LOCAL_KEY_TOO_BIG = ("Hash primary key values must be under 2048 bytes, and range primary key "
                     "values must be under 1024 bytes")
HASH_KEY_TOO_BIG = per_target(
    INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes", LOCAL_KEY_TOO_BIG)
RANGE_KEY_TOO_BIG = per_target(
    INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
    LOCAL_KEY_TOO_BIG)
NOT_A_NUMBER = "A value provided cannot be converted into a number"  # DynamoDB Local's text


@pytest.fixture(scope="module")
def t(module_tables):
    """The module's tables: hash S, hash S + range S, hash S + range B, hash N."""
    return {
        "hash": module_tables.create(unique_name("cf_items")),
        "range": module_tables.create(unique_name("cf_items"), range_key=("sk", "S")),
        "binary": module_tables.create(unique_name("cf_items"), range_key=("sk", "B")),
        "number": module_tables.create(unique_name("cf_items"), hash_key=("pk", "N")),
    }


def normalised(item):
    """Make set members order-insensitive for comparison (DynamoDB does not keep set order)."""
    out = {}
    for name, value in item.items():
        (tag, inner), = value.items()
        if tag in ("SS", "NS", "BS"):
            out[name] = {tag: sorted(inner)}
        elif tag == "M":
            out[name] = {"M": normalised(inner)}
        elif tag == "L":
            out[name] = {"L": [next(iter(normalised({"x": v}).values())) for v in inner]}
        else:
            out[name] = value
    return out


def put_error(raw, table, item):
    return raw.call("PutItem", {"TableName": table, "Item": item})


# ---------------------------------------------------------------------------
# Round trips


ALL_TYPES = {
    "pk": {"S": "all-types"},
    "s": {"S": "héllo wörld ☃ \u0000 tab\t"},
    "n": {"N": "-123.456"},
    "b": {"B": bytes(range(256))},
    "t": {"BOOL": True},
    "f": {"BOOL": False},
    "z": {"NULL": True},
    "ss": {"SS": ["b", "a", "ç"]},
    "ns": {"NS": ["3", "-1.5", "100"]},
    "bs": {"BS": [b"\x00", b"\xff\xfe", b"abc"]},
    "m": {"M": {"inner": {"S": "x"}, "num": {"N": "7"}}},
    "l": {"L": [{"S": "a"}, {"N": "1"}, {"NULL": True}, {"BOOL": False}]},
    "empty_s": {"S": ""},
    "empty_b": {"B": b""},
    "empty_m": {"M": {}},
    "empty_l": {"L": []},
}


def test_all_attribute_types_round_trip(ddb, t):
    """All ten attribute types (S N B BOOL NULL M L SS NS BS), including empty S/B/M/L
    values outside keys, come back exactly as stored."""
    ddb.put_item(TableName=t["hash"], Item=ALL_TYPES)
    got = ddb.get_item(TableName=t["hash"], Key={"pk": {"S": "all-types"}})["Item"]
    assert normalised(got) == normalised(ALL_TYPES)


def test_binary_wire_form_is_base64(raw, t):
    """On the wire B values are base64 text, returned byte-for-byte."""
    payload = base64.b64encode(bytes(range(255, -1, -1))).decode()
    put = raw.call("PutItem", {"TableName": t["hash"], "Item": {
        "pk": {"S": "b64"}, "b": {"B": payload}, "bs": {"BS": ["AAE=", "/w=="]}}})
    assert put.status == 200, put.body
    got = raw.call("GetItem", {"TableName": t["hash"], "Key": {"pk": {"S": "b64"}}})
    item = got.json()["Item"]
    assert item["b"] == {"B": payload}
    assert sorted(item["bs"]["BS"]) == sorted(["AAE=", "/w=="])


def test_nested_documents_round_trip(ddb, t):
    """Maps and lists nest (here 20 levels) and keep every member type."""
    deep = {"S": "bottom"}
    for level in range(20):
        deep = {"M": {f"k{level}": deep, "list": {"L": [deep, {"NS": ["1", "2"]}]}}} if level % 5 == 0 \
            else {"L": [deep, {"M": {"n": {"N": str(level)}}}]}
    item = {"pk": {"S": "nested"}, "doc": deep,
            "mixed": {"L": [{"M": {"ss": {"SS": ["x"]}, "bs": {"BS": [b"y"]}}}, {"L": [{"L": []}]}]}}
    ddb.put_item(TableName=t["hash"], Item=item)
    got = ddb.get_item(TableName=t["hash"], Key={"pk": {"S": "nested"}}, ConsistentRead=True)["Item"]
    assert normalised(got) == normalised(item)


def test_resource_api_python_types(ddb_resource, t):
    """boto3's resource layer maps Decimal/str/bytes/bool/None/list/dict/set both ways."""
    table = ddb_resource.Table(t["hash"])
    item = {"pk": "py", "n": Decimal("1.25"), "b": Binary(b"\x01\x02"), "flag": True,
            "nothing": None, "tags": {"x", "y"}, "nums": {Decimal(1), Decimal(2)},
            "doc": {"list": [Decimal(1), "two", False, None, {"deep": [b"\x03"]}]}}
    table.put_item(Item=item)
    got = table.get_item(Key={"pk": "py"})["Item"]
    item["doc"]["list"][4]["deep"][0] = Binary(b"\x03")
    assert got == item


def test_get_missing_item_has_no_item(ddb, t):
    """GetItem for an absent key answers without an Item member."""
    got = ddb.get_item(TableName=t["hash"], Key={"pk": {"S": "never-written"}})
    assert "Item" not in got


def test_put_overwrites_whole_item(ddb, t):
    """PutItem replaces every attribute of an existing item."""
    key = {"pk": {"S": "overwrite"}}
    ddb.put_item(TableName=t["hash"], Item={**key, "a": {"S": "1"}, "b": {"S": "2"}})
    ddb.put_item(TableName=t["hash"], Item={**key, "c": {"S": "3"}})
    assert ddb.get_item(TableName=t["hash"], Key=key)["Item"] == {**key, "c": {"S": "3"}}


def test_composite_key_items_are_distinct(ddb, t):
    """Items with the same hash key and different range keys are separate items."""
    for sk in ("a", "b"):
        ddb.put_item(TableName=t["range"], Item={"pk": {"S": "p"}, "sk": {"S": sk}, "v": {"S": sk * 3}})
    for sk in ("a", "b"):
        got = ddb.get_item(TableName=t["range"], Key={"pk": {"S": "p"}, "sk": {"S": sk}})["Item"]
        assert got["v"] == {"S": sk * 3}


# ---------------------------------------------------------------------------
# ReturnValues


def test_put_return_values(ddb, t):
    """PutItem: NONE returns nothing; ALL_OLD returns the replaced item, nothing for a new one."""
    key = {"pk": {"S": "rv-put"}}
    first = ddb.put_item(TableName=t["hash"], Item={**key, "v": {"N": "1"}}, ReturnValues="ALL_OLD")
    assert "Attributes" not in first
    none = ddb.put_item(TableName=t["hash"], Item={**key, "v": {"N": "2"}}, ReturnValues="NONE")
    assert "Attributes" not in none
    old = ddb.put_item(TableName=t["hash"], Item={**key, "v": {"N": "3"}}, ReturnValues="ALL_OLD")
    assert old["Attributes"] == {**key, "v": {"N": "2"}}


def test_delete_return_values(ddb, t):
    """DeleteItem: ALL_OLD returns the deleted item; deleting a missing item returns nothing
    and is not an error."""
    key = {"pk": {"S": "rv-del"}}
    ddb.put_item(TableName=t["hash"], Item={**key, "v": {"SS": ["x"]}})
    gone = ddb.delete_item(TableName=t["hash"], Key=key, ReturnValues="ALL_OLD")
    assert gone["Attributes"] == {**key, "v": {"SS": ["x"]}}
    again = ddb.delete_item(TableName=t["hash"], Key=key, ReturnValues="ALL_OLD")
    assert "Attributes" not in again
    plain = ddb.delete_item(TableName=t["hash"], Key=key)
    assert "Attributes" not in plain
    assert "Item" not in ddb.get_item(TableName=t["hash"], Key=key)


@pytest.mark.parametrize("value", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
def test_put_rejects_update_return_values(raw, t, value):
    """PutItem accepts only NONE and ALL_OLD as ReturnValues."""
    resp = raw.call("PutItem", {"TableName": t["hash"], "Item": {"pk": {"S": "x"}},
                                "ReturnValues": value})
    assert_raw_error(resp, VALIDATION, per_target("ReturnValues can only be ALL_OLD or NONE",
                                                  "Return values set to invalid value"))


# ---------------------------------------------------------------------------
# Numbers

NORMALISED_NUMBERS = [
    ("1.50", "1.5"), ("1e2", "100"), ("1E2", "100"), ("-0", "0"), ("0.000", "0"),
    ("-0.0", "0"), ("00042", "42"), ("123.4500e-2", "1.2345"), ("1e-5", "0.00001"),
    ("-00001.23456789012345678901234567890123456780000", "-1.2345678901234567890123456789012345678"),
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
    ("9.9999999999999999999999999999999999999E+125", "9" * 38 + "0" * 88),
    ("-9.9999999999999999999999999999999999999E+125", "-" + "9" * 38 + "0" * 88),
    ("1E-130", "0." + "0" * 129 + "1"),
    ("-1e-130", "-0." + "0" * 129 + "1"),
    ("1" + "0" * 60, "1" + "0" * 60),
]


def test_numbers_normalised(ddb, t):
    """Numbers are stored as exact decimals and returned in canonical form: no exponent,
    no leading/trailing zeros, no negative zero, up to 38 significant digits."""
    item = {"pk": {"S": "numbers"}}
    item.update({f"n{i}": {"N": given} for i, (given, _) in enumerate(NORMALISED_NUMBERS)})
    ddb.put_item(TableName=t["hash"], Item=item)
    got = ddb.get_item(TableName=t["hash"], Key={"pk": {"S": "numbers"}})["Item"]
    for i, (given, canonical) in enumerate(NORMALISED_NUMBERS):
        assert got[f"n{i}"] == {"N": canonical}, f"{given!r}"


def test_number_set_normalised(ddb, t):
    """Number set members are normalised like scalar numbers."""
    ddb.put_item(TableName=t["hash"], Item={"pk": {"S": "ns"}, "s": {"NS": ["1.50", "2e0", "003"]}})
    got = ddb.get_item(TableName=t["hash"], Key={"pk": {"S": "ns"}})["Item"]
    assert sorted(got["s"]["NS"]) == ["1.5", "2", "3"]


def test_number_key_normalised(ddb, t):
    """A number key is matched by value: written as 1.50, read back with 1.5 and 15e-1."""
    ddb.put_item(TableName=t["number"], Item={"pk": {"N": "1.50"}, "v": {"S": "x"}})
    for spelling in ("1.5", "15e-1", "001.5000"):
        got = ddb.get_item(TableName=t["number"], Key={"pk": {"N": spelling}})["Item"]
        assert got == {"pk": {"N": "1.5"}, "v": {"S": "x"}}


NUMBER_ERRORS = {
    "39_digits": ("123456789012345678901234567890123456789",
                  "Attempting to store more than 38 significant digits in a Number",
                  "DynamoDB only supports precision up to 38 digits"),
    "39_digits_fraction": ("-1.23456789012345678901234567890123456789",
                           "Attempting to store more than 38 significant digits in a Number",
                           "DynamoDB only supports precision up to 38 digits"),
    "overflow": ("1e126", "Number overflow. Attempting to store a number with magnitude larger "
                 "than supported range", None),
    "negative_overflow": ("-1E+126", "Number overflow. Attempting to store a number with "
                          "magnitude larger than supported range", None),
    "underflow": ("1e-131", "Number underflow. Attempting to store a number with magnitude "
                  "smaller than supported range", None),
    "negative_underflow": ("-1e-131", "Number underflow. Attempting to store a number with "
                           "magnitude smaller than supported range", None),
    "letters": ("b", "The parameter cannot be converted to a numeric value: b", NOT_A_NUMBER),
    "nan": ("NaN", "The parameter cannot be converted to a numeric value: NaN", NOT_A_NUMBER),
    "empty": ("", "The parameter cannot be converted to a numeric value", NOT_A_NUMBER),
}


@pytest.mark.parametrize("case", sorted(NUMBER_ERRORS))
def test_number_validation(raw, t, case):
    """Numbers beyond 38 significant digits, outside 1E-130..9.99E+125, or not numeric are
    ValidationExceptions."""
    value, dynamodb_message, local_message = NUMBER_ERRORS[case]
    resp = put_error(raw, t["hash"], {"pk": {"S": "bad-number"}, "n": {"N": value}})
    assert_raw_error(resp, VALIDATION, per_target(dynamodb_message, local_message or dynamodb_message))


def test_number_in_set_validated(raw, t):
    """Set members are validated like scalars."""
    resp = put_error(raw, t["hash"], {"pk": {"S": "bad-ns"}, "n": {"NS": ["1", "b"]}})
    assert_raw_error(resp, VALIDATION, per_target(
        "The parameter cannot be converted to a numeric value: b", NOT_A_NUMBER))


# ---------------------------------------------------------------------------
# Attribute value shape and sets

VALUE_ERRORS = {
    "no_type": ({}, "Supplied AttributeValue is empty, must contain exactly one of the "
                "supported datatypes", None),
    "nested_no_type": ({"M": {"x": {}}}, "Supplied AttributeValue is empty, must contain "
                       "exactly one of the supported datatypes", None),
    "two_types": ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, "
                  "must contain exactly one of the supported datatypes", None),
    "null_false": ({"NULL": False}, INVALID + "Null attribute value types must have the value of "
                   "true", None),
    "empty_ss": ({"SS": []}, INVALID + "An string set  may not be empty", None),
    "empty_ns": ({"NS": []}, INVALID + "An number set  may not be empty", None),
    "empty_bs": ({"BS": []}, INVALID + "Binary sets should not be empty", None),
    "duplicate_ss": ({"SS": ["a", "a"]}, INVALID + "Input collection [a, a] contains duplicates.",
                     INVALID + "Input collection [a, a] contains duplicates"),
    "duplicate_ns": ({"NS": ["1", "1"]}, "Input collection contains duplicates", None),
    "duplicate_ns_after_normalising": ({"NS": ["1", "1.0"]}, "Input collection contains duplicates",
                                       None),
    "duplicate_bs": ({"BS": ["Yg==", "Yg=="]},
                     INVALID + "Input collection [Yg==, Yg==]of type BS contains duplicates.",
                     INVALID + "Input collection of type BS contains duplicates."),
}


@pytest.mark.parametrize("case", sorted(VALUE_ERRORS))
def test_attribute_value_validation(raw, t, case):
    """Malformed attribute values (no type, two types, NULL false, empty or duplicate sets)."""
    value, dynamodb_message, local_message = VALUE_ERRORS[case]
    resp = put_error(raw, t["hash"], {"pk": {"S": "bad-value"}, "v": value})
    assert_raw_error(resp, VALIDATION, per_target(dynamodb_message, local_message or dynamodb_message))


# ---------------------------------------------------------------------------
# Key validation


def test_put_missing_hash_key(raw, t):
    """PutItem without the hash key attribute names the missing key."""
    assert_raw_error(put_error(raw, t["hash"], {"other": {"S": "x"}}), VALIDATION,
                     per_target(INVALID + "Missing the key pk in the item", LOCAL_MISSING_KEY))


def test_put_missing_range_key(raw, t):
    """PutItem without the range key attribute names the missing key."""
    assert_raw_error(put_error(raw, t["range"], {"pk": {"S": "x"}}), VALIDATION,
                     per_target(INVALID + "Missing the key sk in the item", LOCAL_MISSING_KEY))


@pytest.mark.parametrize("value", [{"N": "1"}, {"B": "YQ=="}, {"BOOL": True}, {"SS": ["a"]},
                                   {"M": {}}, {"L": []}, {"NULL": True}],
                         ids=lambda v: next(iter(v)))
def test_put_key_type_mismatch(raw, t, value):
    """PutItem with a key attribute of the wrong type names expected and actual types."""
    actual = next(iter(value))
    local = LOCAL_TYPE_MISMATCH if actual in ("N", "B") else "Invalid attribute value type"
    assert_raw_error(put_error(raw, t["hash"], {"pk": value}), VALIDATION, per_target(
        INVALID + f"Type mismatch for key pk expected: S actual: {actual}", local))


KEY_ERRORS = {
    "missing_attribute": ({"other": {"S": "x"}}, LOCAL_MISSING_KEY),
    "extra_attribute": ({"pk": {"S": "x"}, "extra": {"S": "y"}},
                        "The number of conditions on the keys is invalid"),
    "wrong_type": ({"pk": {"N": "1"}}, LOCAL_TYPE_MISMATCH),
    "empty_key": ({}, "The number of conditions on the keys is invalid"),
}


@pytest.mark.parametrize("action", ["GetItem", "DeleteItem"])
@pytest.mark.parametrize("case", sorted(KEY_ERRORS))
def test_key_does_not_match_schema(raw, t, action, case):
    """A Key with a missing, extra or wrongly typed attribute does not match the schema."""
    key, local_message = KEY_ERRORS[case]
    resp = raw.call(action, {"TableName": t["hash"], "Key": key})
    assert_raw_error(resp, VALIDATION, per_target(SCHEMA_MISMATCH, local_message))


def test_key_missing_range_attribute(raw, t):
    """A Key without the table's range key does not match the schema."""
    resp = raw.call("GetItem", {"TableName": t["range"], "Key": {"pk": {"S": "x"}}})
    assert_raw_error(resp, VALIDATION, per_target(
        SCHEMA_MISMATCH, "The number of conditions on the keys is invalid"))


EMPTY_STRING_KEY = ("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty string value. Key: ")
EMPTY_BINARY_KEY = ("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty binary value. Key: ")


@pytest.mark.parametrize("action", ["PutItem", "GetItem", "DeleteItem"])
def test_empty_string_key_rejected(raw, t, action):
    """Key attributes cannot be empty strings (non-key attributes can)."""
    member = "Item" if action == "PutItem" else "Key"
    resp = raw.call(action, {"TableName": t["hash"], member: {"pk": {"S": ""}}})
    assert_raw_error(resp, VALIDATION, EMPTY_STRING_KEY + "pk")


def test_empty_binary_range_key_rejected(raw, t):
    """Key attributes cannot be empty binary values."""
    resp = put_error(raw, t["binary"], {"pk": {"S": "x"}, "sk": {"B": ""}})
    assert_raw_error(resp, VALIDATION, EMPTY_BINARY_KEY + "sk")


# ---------------------------------------------------------------------------
# Size limits


def test_hash_key_2048_bytes(ddb, raw, t):
    """A hash key may be 2048 bytes of UTF-8 (not characters); 2049 bytes is rejected."""
    at_limit = "é" * 1024  # 2048 bytes
    ddb.put_item(TableName=t["hash"], Item={"pk": {"S": at_limit}})
    assert ddb.get_item(TableName=t["hash"], Key={"pk": {"S": at_limit}})["Item"]["pk"]["S"] == at_limit
    over = at_limit + "a"
    assert_raw_error(put_error(raw, t["hash"], {"pk": {"S": over}}), VALIDATION, HASH_KEY_TOO_BIG)
    assert_raw_error(raw.call("GetItem", {"TableName": t["hash"], "Key": {"pk": {"S": over}}}),
                     VALIDATION, HASH_KEY_TOO_BIG)


def test_range_key_1024_bytes(ddb, raw, t):
    """A range key may be 1024 bytes; 1025 is rejected (string and binary alike)."""
    ddb.put_item(TableName=t["range"], Item={"pk": {"S": "k"}, "sk": {"S": "€" * 341 + "a"}})  # 1024
    assert_raw_error(put_error(raw, t["range"], {"pk": {"S": "k"}, "sk": {"S": "€" * 341 + "ab"}}),
                     VALIDATION, RANGE_KEY_TOO_BIG)
    ddb.put_item(TableName=t["binary"], Item={"pk": {"S": "k"}, "sk": {"B": b"\x01" * 1024}})
    assert_raw_error(
        put_error(raw, t["binary"], {"pk": {"S": "k"}, "sk": {"B": base64.b64encode(b"\x01" * 1025).decode()}}),
        VALIDATION, RANGE_KEY_TOO_BIG)


def sized_item(total: int, key: str, filler_name: str = "b") -> dict:
    """An item of exactly `total` bytes: attribute names plus UTF-8 string values."""
    fixed = len("pk") + len(key) + len(filler_name)
    return {"pk": {"S": key}, filler_name: {"S": "x" * (total - fixed)}}


@pytest.mark.parametrize("filler_name", ["b", "a_much_longer_attribute_name_counts_too"])
def test_item_size_limit_exact_boundary(ddb, raw, t, filler_name):
    """An item of exactly 400 KB (409600 bytes, names included) is accepted; one byte more
    is rejected."""
    key = "size-" + filler_name[:5]
    ddb.put_item(TableName=t["hash"], Item=sized_item(ITEM_LIMIT, key, filler_name))
    got = ddb.get_item(TableName=t["hash"], Key={"pk": {"S": key}})["Item"]
    assert len(got[filler_name]["S"]) == ITEM_LIMIT - len("pk") - len(key) - len(filler_name)
    resp = put_error(raw, t["hash"], sized_item(ITEM_LIMIT + 1, key, filler_name))
    assert_raw_error(resp, VALIDATION, "Item size has exceeded the maximum allowed size")


# ---------------------------------------------------------------------------
# Read/write options and missing tables


@pytest.mark.parametrize("consistent", [True, False])
def test_consistent_read_accepted(ddb, t, consistent):
    """GetItem accepts ConsistentRead true and false."""
    ddb.put_item(TableName=t["hash"], Item={"pk": {"S": "cr"}})
    got = ddb.get_item(TableName=t["hash"], Key={"pk": {"S": "cr"}}, ConsistentRead=consistent)
    assert got["Item"] == {"pk": {"S": "cr"}}


def assert_capacity(consumed, table, units, kind):
    """TableName and CapacityUnits as documented; the optional Read/WriteCapacityUnits
    members, where present, must agree with the operation's kind."""
    assert consumed["TableName"] == table
    assert consumed["CapacityUnits"] == units
    other = "WriteCapacityUnits" if kind == "ReadCapacityUnits" else "ReadCapacityUnits"
    assert consumed.get(kind, units) == units
    assert other not in consumed
    assert set(consumed) <= {"TableName", "CapacityUnits", kind, "Table"}


def test_return_consumed_capacity(ddb, t):
    """ReturnConsumedCapacity TOTAL reports capacity units per table: 1 WCU for a small put,
    0.5 RCU for an eventually consistent small read, 1 RCU for a consistent one; INDEXES adds
    the table's own share; NONE reports nothing."""
    name = t["hash"]
    put = ddb.put_item(TableName=name, Item={"pk": {"S": "cap"}}, ReturnConsumedCapacity="TOTAL")
    assert_capacity(put["ConsumedCapacity"], name, 1.0, "WriteCapacityUnits")
    assert "Table" not in put["ConsumedCapacity"]
    get = ddb.get_item(TableName=name, Key={"pk": {"S": "cap"}}, ReturnConsumedCapacity="TOTAL")
    assert_capacity(get["ConsumedCapacity"], name, 0.5, "ReadCapacityUnits")
    strong = ddb.get_item(TableName=name, Key={"pk": {"S": "cap"}}, ConsistentRead=True,
                          ReturnConsumedCapacity="TOTAL")
    assert_capacity(strong["ConsumedCapacity"], name, 1.0, "ReadCapacityUnits")
    none = ddb.get_item(TableName=name, Key={"pk": {"S": "cap"}}, ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in none
    indexes = ddb.delete_item(TableName=name, Key={"pk": {"S": "cap"}},
                              ReturnConsumedCapacity="INDEXES")
    assert_capacity(indexes["ConsumedCapacity"], name, 1.0, "WriteCapacityUnits")
    assert indexes["ConsumedCapacity"]["Table"]["CapacityUnits"] == 1.0


@pytest.mark.parametrize("action", ["PutItem", "GetItem", "DeleteItem"])
def test_item_ops_on_missing_table(raw, action):
    """Item operations on a missing table are ResourceNotFoundException."""
    member = "Item" if action == "PutItem" else "Key"
    resp = raw.call(action, {"TableName": unique_name("cf_missing"), member: {"pk": {"S": "x"}}})
    assert_raw_error(resp, RESOURCE_NOT_FOUND, per_target(
        "Requested resource not found", "Cannot do operations on a non-existent table"))


def test_missing_table_sdk_exception(ddb):
    """boto3 raises its modelled ResourceNotFoundException for a missing table."""
    with pytest.raises(ddb.exceptions.ResourceNotFoundException) as excinfo:
        ddb.get_item(TableName=unique_name("cf_missing"), Key={"pk": {"S": "x"}})
    assert_client_error(excinfo, "ResourceNotFoundException", per_target(
        "Requested resource not found", "Cannot do operations on a non-existent table"))

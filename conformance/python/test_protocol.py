"""The JSON wire protocol, checked with hand-built (SigV4-signed) HTTP requests."""

import re

import pytest

from ddb_support import (
    CORAL,
    DDB,
    JSON_10,
    JSON_11,
    ORACLE,
    RESOURCE_NOT_FOUND,
    SERIALIZATION,
    VALIDATION,
    assert_raw_error,
    crc32_of,
    per_target,
    unique_name,
)


def assert_success_headers(resp):
    assert resp.status == 200, resp.body[:300]
    assert resp.header("x-amzn-requestid")
    assert resp.header("x-amz-crc32") == crc32_of(resp.body)
    assert resp.header("content-length") == str(len(resp.body))


# ---------------------------------------------------------------------------
# Routing


def test_unknown_operation(raw):
    """An X-Amz-Target naming no DynamoDB operation is UnknownOperationException (400)."""
    resp = raw.call("ListTable", {})
    body = assert_raw_error(resp, per_target(CORAL + "UnknownOperationException",
                                             DDB + "UnknownOperationException"))
    if not ORACLE:
        # DynamoDB's body is just the type (recorded with a CRC32 of 1368724161).
        assert body == {"__type": CORAL + "UnknownOperationException"}
    else:
        assert body["Message"] == "An unknown operation was requested."


@pytest.mark.dynamodb_only
def test_missing_target_is_unknown_operation(raw):
    """A POST without X-Amz-Target is UnknownOperationException, not a server error."""
    resp = raw.call(None, {})
    assert assert_raw_error(resp, CORAL + "UnknownOperationException") == {
        "__type": CORAL + "UnknownOperationException"}


@pytest.mark.dynamodb_only
def test_foreign_service_target_is_unknown_operation(raw):
    """A target for another service's prefix is UnknownOperationException."""
    resp = raw.call(None, {}, extra_headers={"X-Amz-Target": "Foo_20120810.ListTables"})
    assert_raw_error(resp, CORAL + "UnknownOperationException")


@pytest.mark.parametrize("content_type", [JSON_10, JSON_11])
def test_content_types_accepted(raw, content_type):
    """Requests are accepted as application/x-amz-json-1.0 and -1.1."""
    resp = raw.call("ListTables", {"Limit": 5}, content_type=content_type)
    assert_success_headers(resp)
    assert isinstance(resp.json()["TableNames"], list)
    assert resp.header("content-type") in (JSON_10, JSON_11)


def test_json_10_response_content_type(raw):
    """A JSON 1.0 request gets an application/x-amz-json-1.0 response, errors included."""
    assert raw.call("ListTables", {}).header("content-type") == JSON_10
    error = raw.call("DescribeTable", {"TableName": unique_name("cf_missing")})
    assert error.status == 400
    assert error.header("content-type") == JSON_10


def test_unknown_and_null_members_ignored(raw):
    """Unknown members are ignored and JSON null means absent."""
    assert_success_headers(raw.call("ListTables", {"Foo": 1, "bar": {"x": []}}))
    assert_success_headers(raw.call("ListTables", {"ExclusiveStartTableName": None, "Limit": None}))


# ---------------------------------------------------------------------------
# Authentication


def test_missing_authorization(raw):
    """A request without Authorization (or presigned query) is rejected before it runs."""
    resp = raw.call("ListTables", {}, sign=False)
    assert_raw_error(
        resp,
        per_target(CORAL + "MissingAuthenticationTokenException",
                   DDB + "MissingAuthenticationToken"),
        per_target("Request is missing Authentication Token",
                   "Request must contain either a valid (registered) AWS access key ID or "
                   "X.509 certificate."))


# ---------------------------------------------------------------------------
# Serialization errors (DynamoDB Local answers these with 500 InternalFailure or coerces)


@pytest.mark.dynamodb_only
@pytest.mark.parametrize("payload", [b"hi", b"{", b'{"TableName": "abc",}', b"[]", b""],
                         ids=["text", "truncated", "trailing_comma", "array", "empty"])
def test_malformed_json(raw, payload):
    """A body that is not a JSON object is SerializationException (400) with no message."""
    resp = raw.call("ListTables", raw=payload)
    assert assert_raw_error(resp, SERIALIZATION) == {"__type": SERIALIZATION}


WRONG_TYPES = {
    "number_for_string": ("DescribeTable", {"TableName": 5},
                          "NUMBER_VALUE cannot be converted to String"),
    "decimal_for_string": ("DescribeTable", {"TableName": 34.56},
                           "DECIMAL_VALUE cannot be converted to String"),
    "bool_for_string": ("DescribeTable", {"TableName": True},
                        "TRUE_VALUE cannot be converted to String"),
    "list_for_string": ("DescribeTable", {"TableName": []},
                        "Unrecognized collection type class java.lang.String"),
    "map_for_string": ("DescribeTable", {"TableName": {}},
                       "Start of structure or map found where not expected"),
    "string_for_integer": ("ListTables", {"Limit": "5"},
                           "STRING_VALUE cannot be converted to Integer"),
    "bool_for_long": ("CreateTable", {"TableName": "abc", "ProvisionedThroughput": {
        "ReadCapacityUnits": False, "WriteCapacityUnits": 1}},
        "FALSE_VALUE cannot be converted to Long"),
    "string_for_blob_key": ("GetItem", {"TableName": "abc", "Key": {"a": {"B": 5}}},
                            "only base-64-encoded strings are convertible to bytes"),
}


@pytest.mark.dynamodb_only
@pytest.mark.parametrize("case", sorted(WRONG_TYPES))
def test_wrong_json_types(raw, case):
    """A member of the wrong JSON type is SerializationException; coral puts this text under
    a capitalised `Message` key."""
    action, body, message = WRONG_TYPES[case]
    resp = raw.call(action, body)
    assert assert_raw_error(resp, SERIALIZATION) == {"__type": SERIALIZATION, "Message": message}


# ---------------------------------------------------------------------------
# Error envelope


@pytest.mark.dynamodb_only
def test_error_body_uses_lowercase_message(raw):
    """DynamoDB's own errors carry `message` (DynamoDB Local writes `Message`)."""
    name = unique_name("cf_missing")
    body = assert_raw_error(raw.call("DescribeTable", {"TableName": name}), RESOURCE_NOT_FOUND)
    assert set(body) == {"__type", "message"}
    body = assert_raw_error(raw.call("ListTables", {"Limit": 0}), VALIDATION)
    assert set(body) == {"__type", "message"}


@pytest.mark.dynamodb_only
def test_error_responses_carry_crc32(raw):
    """Error responses carry x-amz-crc32 too (DynamoDB Local omits it)."""
    for resp in (raw.call("DescribeTable", {"TableName": unique_name("cf_missing")}),
                 raw.call("ListTables", {"Limit": 0}),
                 raw.call("ListTable", {})):
        assert resp.status == 400
        assert resp.header("x-amz-crc32") == crc32_of(resp.body)
        assert resp.header("x-amzn-requestid")


# ---------------------------------------------------------------------------
# Response headers


def test_success_responses_carry_request_id_and_crc32(raw, tables):
    """Every successful response has x-amzn-RequestId and an x-amz-crc32 equal to the CRC32
    of the exact body bytes (decimal), and a matching Content-Length."""
    name = tables.create()
    for action, body in [
        ("ListTables", {}),
        ("DescribeTable", {"TableName": name}),
        ("PutItem", {"TableName": name, "Item": {"pk": {"S": "crc"}, "u": {"S": "ü€😀"}}}),
        ("GetItem", {"TableName": name, "Key": {"pk": {"S": "crc"}}}),
        ("GetItem", {"TableName": name, "Key": {"pk": {"S": "absent"}}}),
        ("DeleteItem", {"TableName": name, "Key": {"pk": {"S": "crc"}}, "ReturnValues": "ALL_OLD"}),
    ]:
        resp = raw.call(action, body)
        assert_success_headers(resp)
    assert resp.json()["Attributes"]["u"] == {"S": "ü€😀"}


def test_error_responses_carry_request_id(raw):
    """Error responses also carry x-amzn-RequestId and a JSON body with __type."""
    resp = raw.call("DescribeTable", {"TableName": unique_name("cf_missing")})
    assert resp.status == 400
    assert resp.header("x-amzn-requestid")
    assert resp.header("content-length") == str(len(resp.body))
    assert resp.json()["__type"] == RESOURCE_NOT_FOUND


def test_request_ids_are_unique(raw):
    """Each response gets its own request id."""
    ids = {raw.call("ListTables", {}).header("x-amzn-requestid") for _ in range(10)}
    assert len(ids) == 10


def test_keep_alive(raw):
    """A client can send many requests over one HTTP/1.1 connection."""
    conn = raw.connection()
    try:
        first = raw.call("ListTables", {}, conn=conn)
        assert_success_headers(first)
        sock = conn.sock
        assert sock is not None, "server closed the connection after one request"
        for _ in range(5):
            resp = raw.call("ListTables", {"Limit": 1}, conn=conn)
            assert_success_headers(resp)
            assert conn.sock is sock, "connection was not reused"
        error = raw.call("DescribeTable", {"TableName": unique_name("cf_missing")}, conn=conn)
        assert error.status == 400
        assert conn.sock is sock, "connection was closed after an error response"
        assert_success_headers(raw.call("ListTables", {}, conn=conn))
    finally:
        conn.close()


# ---------------------------------------------------------------------------
# Health


@pytest.mark.dynamodb_only
def test_get_root_health(raw):
    """GET / answers 200 with DynamoDB's health line (DynamoDB Local demands auth instead)."""
    resp = raw.get("/")
    assert resp.status == 200
    assert re.fullmatch(rb"healthy: dynamodb\.[a-z0-9-]+\.amazonaws\.com ", resp.body), resp.body
    assert resp.header("x-amz-crc32") == crc32_of(resp.body)
    assert resp.header("x-amzn-requestid")

"""Shared helpers for drydock's boto3 conformance suite.

Two kinds of target run this suite:
  * drydock itself (DRYDOCK_BIN, or DRYDOCK_ENDPOINT pointing at a running drydock):
    every assertion pins what Amazon DynamoDB does.
  * the DynamoDB Local oracle (DRYDOCK_ENDPOINT=... DRYDOCK_ORACLE=1): used to validate
    the tests themselves. Where DynamoDB Local words an error differently from DynamoDB,
    `per_target(dynamodb=..., local=...)` names both texts, so the same test checks
    DynamoDB's exact text against drydock and Local's exact text against the oracle.
    Behaviour Local does not have at all is marked `@pytest.mark.dynamodb_only`.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import time
import uuid
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError, EndpointConnectionError

REGION = "us-east-1"
ACCESS_KEY = "AKIDDRYDOCKCONFORM"
SECRET_KEY = "drydock-conformance-secret"
TARGET_PREFIX = "DynamoDB_20120810."
JSON_10 = "application/x-amz-json-1.0"
JSON_11 = "application/x-amz-json-1.1"

ORACLE = os.environ.get("DRYDOCK_ORACLE") == "1"

# __type prefixes DynamoDB uses (they differ by error family).
DDB = "com.amazonaws.dynamodb.v20120810#"
VALIDATE = "com.amazon.coral.validate#"
CORAL = "com.amazon.coral.service#"

VALIDATION = VALIDATE + "ValidationException"
RESOURCE_NOT_FOUND = DDB + "ResourceNotFoundException"
RESOURCE_IN_USE = DDB + "ResourceInUseException"
SERIALIZATION = CORAL + "SerializationException"


def per_target(dynamodb, local):
    """DynamoDB's value, or DynamoDB Local's when the suite runs against the oracle."""
    return local if ORACLE else dynamodb


def unique_name(prefix: str = "cf") -> str:
    """A table name no other test (or other engineer on the shared oracle) uses."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


# ---------------------------------------------------------------------------
# boto3 clients


def make_client(endpoint: str, *, validate_params: bool = True, retries: bool = False):
    """A low-level DynamoDB client with dummy credentials.

    Retries are off by default so a failing request surfaces at once, exactly once.
    validate_params=False lets a test send what the SDK would refuse client-side
    (short table names, empty keys...) so the server's own validation answers.
    """
    config = Config(
        region_name=REGION,
        retries={"total_max_attempts": 3 if retries else 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
        parameter_validation=validate_params,
    )
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=config,
    )


def make_resource(endpoint: str):
    config = Config(
        region_name=REGION, retries={"total_max_attempts": 1, "mode": "standard"}
    )
    return boto3.resource(
        "dynamodb",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=config,
    )


def assert_client_error(excinfo, code: str, message) -> None:
    """Check a botocore ClientError's error code and exact message (str or compiled regex)."""
    err = excinfo.value
    assert isinstance(err, ClientError), f"expected ClientError, got {err!r}"
    got_code = err.response["Error"].get("Code")
    got_message = err.response["Error"].get("Message")
    assert got_code == code, f"code {got_code!r} != {code!r} (message {got_message!r})"
    _assert_message(got_message, message)
    assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def _assert_message(got, expected) -> None:
    if isinstance(expected, re.Pattern):
        assert got is not None and expected.fullmatch(got), (
            f"message {got!r} does not match /{expected.pattern}/"
        )
    else:
        assert got == expected, f"message\n  got      {got!r}\n  expected {expected!r}"


# ---------------------------------------------------------------------------
# Table lifecycle


def wait_for_status(client, name: str, status: str = "ACTIVE", timeout: float = 15.0) -> dict:
    """Poll DescribeTable until the table (and every GSI) reports `status`."""
    deadline = time.monotonic() + timeout
    while True:
        table = client.describe_table(TableName=name)["Table"]
        gsis = table.get("GlobalSecondaryIndexes", [])
        if table["TableStatus"] == status and all(g.get("IndexStatus") == status for g in gsis):
            return table
        if time.monotonic() > deadline:
            raise AssertionError(f"table {name} still {table['TableStatus']} after {timeout}s")
        time.sleep(0.05)


def wait_for_absence(client, name: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.describe_table(TableName=name)
        except ClientError as e:
            if e.response["Error"]["Code"] == "ResourceNotFoundException":
                return
            raise
        if time.monotonic() > deadline:
            raise AssertionError(f"table {name} still exists after {timeout}s")
        time.sleep(0.05)


def key_table_spec(name: str, hash_key=("pk", "S"), range_key=None, **extra) -> dict:
    """CreateTable arguments for an on-demand table with the given key attributes."""
    key_schema = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
    defs = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
    if range_key:
        key_schema.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        defs.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
    spec = {
        "TableName": name,
        "KeySchema": key_schema,
        "AttributeDefinitions": defs,
        "BillingMode": "PAY_PER_REQUEST",
    }
    spec.update(extra)
    return spec


@dataclass
class TableFactory:
    """Creates tables (waiting until ACTIVE) and deletes whatever it created on cleanup."""

    client: object
    created: list = field(default_factory=list)

    def create(self, name: str | None = None, *, hash_key=("pk", "S"), range_key=None,
               wait: bool = True, **extra) -> str:
        name = name or unique_name()
        spec = key_table_spec(name, hash_key, range_key, **extra)
        self.create_raw(spec, wait=wait)
        return name

    def create_raw(self, spec: dict, *, wait: bool = True) -> dict:
        response = self.client.create_table(**spec)
        self.created.append(spec["TableName"])
        if wait:
            wait_for_status(self.client, spec["TableName"])
        return response

    def forget(self, name: str) -> None:
        if name in self.created:
            self.created.remove(name)

    def cleanup(self) -> None:
        try:
            for name in self.created:
                try:
                    wait_for_status(self.client, name, timeout=10)
                    self.client.delete_table(TableName=name)
                except ClientError as e:
                    if e.response["Error"]["Code"] != "ResourceNotFoundException":
                        raise
        except EndpointConnectionError:
            pass  # the server is gone; conftest reports that once, loudly
        finally:
            self.created.clear()


# ---------------------------------------------------------------------------
# Raw signed HTTP


@dataclass
class RawResponse:
    status: int
    headers: dict  # lower-cased names
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body.decode("utf-8"))

    def header(self, name: str):
        return self.headers.get(name.lower())


class RawClient:
    """Sends hand-built requests so tests can assert status, headers and exact bodies."""

    def __init__(self, endpoint: str):
        parts = urlsplit(endpoint)
        self.endpoint = endpoint.rstrip("/") + "/"
        self.host = parts.hostname
        self.port = parts.port or 80

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def signed_headers(self, body: bytes, headers: dict) -> dict:
        request = AWSRequest(method="POST", url=self.endpoint, data=body, headers=headers)
        SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "dynamodb", REGION).add_auth(request)
        return dict(request.headers.items())

    def call(self, action: str | None, body=None, *, raw: bytes | str | None = None,
             content_type: str = JSON_10, sign: bool = True, extra_headers: dict | None = None,
             conn: http.client.HTTPConnection | None = None) -> RawResponse:
        if raw is not None:
            data = raw.encode() if isinstance(raw, str) else raw
        else:
            data = json.dumps({} if body is None else body).encode()
        headers = {"Content-Type": content_type}
        if action is not None:
            headers["X-Amz-Target"] = TARGET_PREFIX + action
        headers.update(extra_headers or {})
        if sign:
            headers = self.signed_headers(data, headers)
        own = conn is None
        conn = conn or self.connection()
        try:
            conn.request("POST", "/", body=data, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
            return RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload)
        finally:
            if own:
                conn.close()

    def get(self, path: str = "/") -> RawResponse:
        conn = self.connection()
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            payload = resp.read()
            return RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload)
        finally:
            conn.close()


def crc32_of(body: bytes) -> str:
    return str(zlib.crc32(body) & 0xFFFFFFFF)


def error_message(payload: dict):
    """DynamoDB puts the text under `message` (most errors) or `Message` (coral
    SerializationException); DynamoDB Local always uses `Message`."""
    if "message" in payload:
        return payload["message"]
    return payload.get("Message")


def assert_raw_error(resp: RawResponse, error_type: str, message=None, status: int = 400) -> dict:
    """Exact status, __type and message of a raw error response; returns the parsed body."""
    assert resp.status == status, f"status {resp.status} != {status}: {resp.body[:300]!r}"
    payload = resp.json()
    assert payload.get("__type") == error_type, f"__type {payload.get('__type')!r} != {error_type!r}"
    if message is not None:
        _assert_message(error_message(payload), message)
    return payload

"""Table control plane: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable.

Error texts: DynamoDB's are the ones drydock must return; DynamoDB Local's own texts (the
oracle, see ddb_support.per_target) are kept beside them so the tests stay checkable there.
"""

import re
import time

import pytest

from ddb_support import (
    RESOURCE_IN_USE,
    RESOURCE_NOT_FOUND,
    VALIDATION,
    assert_client_error,
    assert_raw_error,
    key_table_spec,
    per_target,
    unique_name,
    wait_for_absence,
    wait_for_status,
)

LOCAL_BAD_NAME = (
    "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, "
    "and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")
NAME_LENGTH = per_target(
    "TableName must be at least 3 characters long and at most 255 characters long",
    LOCAL_BAD_NAME)
INVALID = "One or more parameter values were invalid: "

A_S = {"AttributeName": "a", "AttributeType": "S"}
B_S = {"AttributeName": "b", "AttributeType": "S"}
C_S = {"AttributeName": "c", "AttributeType": "S"}
HASH_A = {"AttributeName": "a", "KeyType": "HASH"}
RANGE_B = {"AttributeName": "b", "KeyType": "RANGE"}
PT1 = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
ARN_RE = r"arn:aws:dynamodb:[^:]+:\d{12}:table/"


def not_found_table(name):
    """ResourceNotFoundException text for the table-level operations."""
    return per_target(f"Requested resource not found: Table: {name} not found",
                      "Cannot do operations on a non-existent table")


def create_body(name=None, **overrides):
    body = {
        "TableName": name or unique_name("cf_invalid"),
        "AttributeDefinitions": [A_S, B_S],
        "KeySchema": [HASH_A, RANGE_B],
        "ProvisionedThroughput": PT1,
    }
    body.update(overrides)
    return body


def lsi(name="lsi", keys=(HASH_A, {"AttributeName": "c", "KeyType": "RANGE"}),
        projection=None):
    return {"IndexName": name, "KeySchema": list(keys),
            "Projection": projection if projection is not None else {"ProjectionType": "ALL"}}


def gsi(name="gsi", keys=({"AttributeName": "c", "KeyType": "HASH"},), projection=None):
    return {"IndexName": name, "KeySchema": list(keys),
            "Projection": projection if projection is not None else {"ProjectionType": "ALL"},
            "ProvisionedThroughput": PT1}


# ---------------------------------------------------------------------------
# CreateTable / DescribeTable shapes


def test_create_table_provisioned_description(ddb, tables):
    """CreateTable returns a TableDescription with the key schema, definitions, throughput,
    zero size/count, an ARN, and DescribeTable then reports the same table ACTIVE."""
    name = unique_name()
    before = time.time()
    desc = tables.create_raw({
        "TableName": name or unique_name("cf_invalid"),
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "N"}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 7},
    })["TableDescription"]
    assert desc["TableName"] == name
    assert desc["TableStatus"] in ("CREATING", "ACTIVE")
    assert desc["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert desc["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "N"}]
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    assert desc["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0
    assert desc["TableSizeBytes"] == 0
    assert desc["ItemCount"] == 0
    assert re.fullmatch(ARN_RE + re.escape(name), desc["TableArn"])
    assert before - 60 <= desc["CreationDateTime"].timestamp() <= time.time() + 60
    assert "BillingModeSummary" not in desc or desc["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert "LocalSecondaryIndexes" not in desc and "GlobalSecondaryIndexes" not in desc

    table = ddb.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    for field in ("TableName", "KeySchema", "AttributeDefinitions", "TableArn", "CreationDateTime"):
        assert table[field] == desc[field]


def test_create_table_on_demand_description(ddb, tables):
    """BillingMode PAY_PER_REQUEST shows as BillingModeSummary with zero provisioned units."""
    name = tables.create(hash_key=("pk", "S"), range_key=("sk", "B"))
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 0
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                                  {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert sorted(table["AttributeDefinitions"], key=lambda d: d["AttributeName"]) == [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "B"}]


def test_create_table_with_secondary_indexes(ddb, tables):
    """LSIs and GSIs are echoed with key schema, projection and an index ARN; GSIs become
    ACTIVE with their own throughput."""
    name = unique_name()
    tables.create_raw(create_body(
        name,
        AttributeDefinitions=[A_S, B_S, C_S],
        LocalSecondaryIndexes=[lsi("by_c", projection={"ProjectionType": "INCLUDE",
                                                       "NonKeyAttributes": ["x", "y"]})],
        GlobalSecondaryIndexes=[gsi("c_index", keys=({"AttributeName": "c", "KeyType": "HASH"},
                                                     {"AttributeName": "a", "KeyType": "RANGE"}),
                                    projection={"ProjectionType": "KEYS_ONLY"})],
    ))
    table = wait_for_status(ddb, name)
    [local] = table["LocalSecondaryIndexes"]
    assert local["IndexName"] == "by_c"
    assert local["KeySchema"] == [HASH_A, {"AttributeName": "c", "KeyType": "RANGE"}]
    assert local["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x", "y"]}
    assert re.fullmatch(ARN_RE + re.escape(name) + "/index/by_c", local["IndexArn"])
    [glob] = table["GlobalSecondaryIndexes"]
    assert glob["IndexName"] == "c_index"
    assert glob["KeySchema"] == [{"AttributeName": "c", "KeyType": "HASH"},
                                 {"AttributeName": "a", "KeyType": "RANGE"}]
    assert glob["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert glob["IndexStatus"] == "ACTIVE"
    assert glob["ProvisionedThroughput"]["ReadCapacityUnits"] == 1
    assert glob["ProvisionedThroughput"]["WriteCapacityUnits"] == 1
    assert re.fullmatch(ARN_RE + re.escape(name) + "/index/c_index", glob["IndexArn"])


def test_table_name_charset_and_max_length_accepted(ddb, tables):
    """Names may use a-z A-Z 0-9 _ - . and be up to 255 characters long."""
    punctuated = unique_name("cf.Dot-Dash") + "_9"
    tables.create(punctuated)
    longest = (unique_name("cf_long") + "x" * 255)[:255]
    tables.create(longest)
    assert ddb.describe_table(TableName=longest)["Table"]["TableName"] == longest
    assert ddb.describe_table(TableName=punctuated)["Table"]["TableName"] == punctuated


@pytest.mark.dynamodb_only
def test_create_table_reports_creating_first(ddb, tables):
    """DynamoDB answers CreateTable with TableStatus CREATING, then moves to ACTIVE."""
    name = unique_name()
    desc = tables.create_raw(key_table_spec(name), wait=False)["TableDescription"]
    assert desc["TableStatus"] == "CREATING"
    assert wait_for_status(ddb, name)["TableStatus"] == "ACTIVE"


@pytest.mark.dynamodb_only
def test_create_table_description_has_table_id(ddb, tables):
    """DynamoDB gives every table a TableId (a version 4 UUID)."""
    name = tables.create()
    table_id = ddb.describe_table(TableName=name)["Table"]["TableId"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", table_id)


# ---------------------------------------------------------------------------
# Name validation (every table operation validates TableName the same way)

NAME_OPS = {
    "DescribeTable": lambda name: {"TableName": name},
    "DeleteTable": lambda name: {"TableName": name},
    "UpdateTable": lambda name: {"TableName": name, "BillingMode": "PAY_PER_REQUEST"},
    "CreateTable": lambda name: key_table_spec(name),
}


@pytest.mark.parametrize("action", sorted(NAME_OPS))
@pytest.mark.parametrize("name", ["ab", "", "a" * 256], ids=["two_chars", "empty", "256_chars"])
def test_table_name_length_rejected(raw, action, name):
    """A TableName shorter than 3 or longer than 255 characters is a ValidationException."""
    assert_raw_error(raw.call(action, NAME_OPS[action](name)), VALIDATION, NAME_LENGTH)


@pytest.mark.parametrize("action", sorted(NAME_OPS))
def test_table_name_pattern_rejected(raw, action):
    """A TableName outside [a-zA-Z0-9_.-]+ fails the pattern constraint."""
    assert_raw_error(
        raw.call(action, NAME_OPS[action]("abc;")), VALIDATION,
        per_target("1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy "
                   "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
                   LOCAL_BAD_NAME))


@pytest.mark.parametrize("action", ["DescribeTable", "DeleteTable"])
def test_table_name_missing(raw, action):
    """A request without TableName names the missing parameter."""
    assert_raw_error(
        raw.call(action, {}), VALIDATION,
        per_target("The parameter 'TableName' is required but was not present in the request",
                   LOCAL_BAD_NAME))


# ---------------------------------------------------------------------------
# Key schema and attribute definition validation

KEY_SCHEMA_CASES = {
    "first_key_not_hash": (
        create_body(KeySchema=[{"AttributeName": "a", "KeyType": "RANGE"},
                               {"AttributeName": "b", "KeyType": "HASH"}]),
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        "Invalid key order. Hash Key must be specified first in key schema, "
        "Range Key must be specifed second"),
    "two_hash_keys": (
        create_body(KeySchema=[HASH_A, {"AttributeName": "b", "KeyType": "HASH"}]),
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
        "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key"),
    "hash_and_range_same_name": (
        create_body(KeySchema=[HASH_A, HASH_A]),
        "Both the Hash Key and the Range Key element in the KeySchema have the same name",
        "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key"),
    "empty_key_schema": (
        create_body(KeySchema=[]),
        "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
        "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key"),
    "key_attribute_not_defined": (
        create_body(AttributeDefinitions=[B_S], KeySchema=[HASH_A]),
        INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
        "Keys: [a], AttributeDefinitions: [b]",
        "Hash Key not specified in Attribute Definitions.  Type unknown."),
    "unused_attribute_definition": (
        create_body(KeySchema=[HASH_A]),
        INVALID + "Number of attributes in KeySchema does not exactly match number of "
        "attributes defined in AttributeDefinitions",
        "The number of attributes in key schema must match the number of attributes defined "
        "in attribute definitions."),
    "attribute_type_not_scalar": (
        create_body(AttributeDefinitions=[A_S, {"AttributeName": "b", "AttributeType": "SS"}]),
        "1 validation error detected: Value 'SS' at 'attributeDefinitions.2.member.attributeType' "
        "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
        "Member must satisfy enum value set: [B, N, S]"),
    "no_throughput_for_provisioned": (
        {k: v for k, v in create_body().items() if k != "ProvisionedThroughput"},
        INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when "
        "BillingMode is PROVISIONED",
        "No provisioned throughput specified for the table"),
    "zero_read_capacity": (
        create_body(ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1}),
        "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' "
        "failed to satisfy constraint: Member must have value greater than or equal to 1",
        "Table read and write throughput must be at least 1, and cannot be null"),
}


@pytest.mark.parametrize("case", sorted(KEY_SCHEMA_CASES))
def test_create_table_key_schema_validation(raw, case):
    """CreateTable rejects malformed key schemas and attribute definitions with DynamoDB's text."""
    body, dynamodb_message, local_message = KEY_SCHEMA_CASES[case]
    assert_raw_error(raw.call("CreateTable", body), VALIDATION,
                     per_target(dynamodb_message, local_message))


@pytest.mark.dynamodb_only
def test_create_table_key_type_enum(raw):
    """KeyType must be HASH or RANGE (DynamoDB Local accepts anything in the second slot)."""
    body = create_body(KeySchema=[HASH_A, {"AttributeName": "b", "KeyType": "WHAT"}])
    assert_raw_error(
        raw.call("CreateTable", body), VALIDATION,
        "1 validation error detected: Value 'WHAT' at 'keySchema.2.member.keyType' failed to "
        "satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]")


@pytest.mark.dynamodb_only
def test_create_table_on_demand_rejects_throughput(raw):
    """PAY_PER_REQUEST with ProvisionedThroughput is rejected (DynamoDB Local ignores it)."""
    assert_raw_error(
        raw.call("CreateTable", create_body(BillingMode="PAY_PER_REQUEST")), VALIDATION,
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when "
        "BillingMode is PAY_PER_REQUEST")


@pytest.mark.dynamodb_only
def test_create_table_rejects_unused_definition_with_index(raw):
    """An attribute definition used by no table or index key is rejected even when the
    table has an index (DynamoDB Local accepts it)."""
    body = create_body(AttributeDefinitions=[A_S, B_S, C_S, {"AttributeName": "d", "AttributeType": "N"}],
                       GlobalSecondaryIndexes=[gsi()])
    assert_raw_error(
        raw.call("CreateTable", body), VALIDATION,
        INVALID + "Number of attributes in KeySchema does not exactly match number of "
        "attributes defined in AttributeDefinitions")


# ---------------------------------------------------------------------------
# Secondary index validation

INDEX_CASES = {
    "lsi_on_hash_only_table": (
        create_body(KeySchema=[HASH_A], AttributeDefinitions=[A_S, C_S], LocalSecondaryIndexes=[lsi()]),
        INVALID + "Table KeySchema does not have a range key, which is required when specifying "
        "a LocalSecondaryIndex",
        "Local Secondary indices are not allowed on hash tables, only hash and range tables"),
    "lsi_different_hash_key": (
        create_body(LocalSecondaryIndexes=[lsi(keys=({"AttributeName": "b", "KeyType": "HASH"},
                                                     {"AttributeName": "a", "KeyType": "RANGE"}))]),
        INVALID + "Index KeySchema does not have the same leading hash key as table KeySchema "
        "for index: lsi. index hash key: b, table hash key: a",
        "Local Secondary indices must have the same hash key as the main table"),
    "lsi_missing_projection_type": (
        create_body(AttributeDefinitions=[A_S, B_S, C_S], LocalSecondaryIndexes=[lsi(projection={})]),
        INVALID + "Unknown ProjectionType: null",
        "Indexes must have a projection specified"),
    "lsi_all_with_non_key_attributes": (
        create_body(AttributeDefinitions=[A_S, B_S, C_S], LocalSecondaryIndexes=[
            lsi(projection={"ProjectionType": "ALL", "NonKeyAttributes": ["x"]})]),
        INVALID + "ProjectionType is ALL, but NonKeyAttributes is specified",
        "No attributes should be specified to be projected unless projection type is INCLUDE"),
    "lsi_duplicate_names": (
        create_body(AttributeDefinitions=[A_S, B_S, C_S], LocalSecondaryIndexes=[lsi(), lsi()]),
        INVALID + "Duplicate index name: lsi",
        "Two local secondary indices have the same name"),
    "six_lsis": (
        create_body(AttributeDefinitions=[A_S, B_S, C_S],
                    LocalSecondaryIndexes=[lsi(f"lsi{i}") for i in range(6)]),
        INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5",
        "Cannot have more than 5 local secondary indexes per table"),
    "empty_gsi_list": (
        create_body(KeySchema=[HASH_A], AttributeDefinitions=[A_S], GlobalSecondaryIndexes=[]),
        INVALID + "List of GlobalSecondaryIndexes is empty",
        "GSI list is empty/invalid"),
    "gsi_key_not_defined": (
        create_body(GlobalSecondaryIndexes=[gsi()]),
        re.compile(re.escape(INVALID + "Some index key attributes are not defined in "
                             "AttributeDefinitions. Keys: [c], AttributeDefinitions: [")
                   + r"(a, b|b, a)\]"),
        "Global Secondary Index hash key not specified in Attribute Definitions.Type unknown."),
    "gsi_keys_only_with_non_key_attributes": (
        create_body(AttributeDefinitions=[A_S, B_S, C_S], GlobalSecondaryIndexes=[
            gsi(projection={"ProjectionType": "KEYS_ONLY", "NonKeyAttributes": ["x"]})]),
        INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified",
        "No attributes should be specified to be projected unless projection type is INCLUDE"),
    "gsi_and_lsi_same_name": (
        create_body(AttributeDefinitions=[A_S, B_S, C_S], LocalSecondaryIndexes=[lsi("idx")],
                    GlobalSecondaryIndexes=[gsi("idx")]),
        INVALID + "Duplicate index name: idx",
        "Local Secondary Indices AND Global Secondary Indices must have different names"),
}


@pytest.mark.parametrize("case", sorted(INDEX_CASES))
def test_create_table_index_validation(raw, case):
    """CreateTable rejects inconsistent LSI/GSI definitions with DynamoDB's text."""
    body, dynamodb_message, local_message = INDEX_CASES[case]
    assert_raw_error(raw.call("CreateTable", body), VALIDATION,
                     per_target(dynamodb_message, local_message))


@pytest.mark.dynamodb_only
def test_create_table_empty_lsi_list(raw):
    """An empty LocalSecondaryIndexes list is rejected (DynamoDB Local accepts it)."""
    body = create_body(KeySchema=[HASH_A], AttributeDefinitions=[A_S], LocalSecondaryIndexes=[])
    assert_raw_error(raw.call("CreateTable", body), VALIDATION,
                     INVALID + "List of LocalSecondaryIndexes is empty")


# ---------------------------------------------------------------------------
# Existence errors


def test_create_existing_table_is_resource_in_use(ddb, tables):
    """Creating a table whose name is taken is ResourceInUseException."""
    name = tables.create()
    with pytest.raises(ddb.exceptions.ResourceInUseException) as excinfo:
        ddb.create_table(**key_table_spec(name))
    assert_client_error(excinfo, "ResourceInUseException",
                        per_target(f"Table already exists: {name}", "Cannot create preexisting table"))


def test_create_existing_table_raw_type(raw, tables):
    """The duplicate-table error carries the dynamodb __type."""
    name = tables.create()
    assert_raw_error(raw.call("CreateTable", key_table_spec(name)), RESOURCE_IN_USE)


@pytest.mark.parametrize("action", ["DescribeTable", "DeleteTable", "UpdateTable"])
def test_missing_table_is_resource_not_found(raw, action):
    """Table operations on a missing table are ResourceNotFoundException naming the table."""
    name = unique_name("cf_missing")
    body = NAME_OPS[action](name)
    assert_raw_error(raw.call(action, body), RESOURCE_NOT_FOUND, not_found_table(name))


def test_missing_table_sdk_exception(ddb):
    """boto3 maps the error to its modelled ResourceNotFoundException class."""
    name = unique_name("cf_missing")
    with pytest.raises(ddb.exceptions.ResourceNotFoundException) as excinfo:
        ddb.describe_table(TableName=name)
    assert_client_error(excinfo, "ResourceNotFoundException", not_found_table(name))


# ---------------------------------------------------------------------------
# DeleteTable


def test_delete_table_returns_description(ddb, tables):
    """DeleteTable answers with the table's description, then the table is gone."""
    name = tables.create()
    desc = ddb.delete_table(TableName=name)["TableDescription"]
    tables.forget(name)
    assert desc["TableName"] == name
    assert desc["TableStatus"] in ("DELETING", "ACTIVE")
    assert desc["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    wait_for_absence(ddb, name)
    assert name not in ddb.list_tables()["TableNames"]


@pytest.mark.dynamodb_only
def test_delete_table_reports_deleting(ddb, tables):
    """DynamoDB answers DeleteTable with TableStatus DELETING."""
    name = tables.create()
    desc = ddb.delete_table(TableName=name)["TableDescription"]
    tables.forget(name)
    assert desc["TableStatus"] == "DELETING"
    wait_for_absence(ddb, name)


# ---------------------------------------------------------------------------
# ListTables


@pytest.fixture(scope="module")
def listed(module_tables):
    """Four tables sharing a unique prefix, so pagination can be checked on a shared server."""
    prefix = unique_name("cf_list")
    names = [f"{prefix}_a", f"{prefix}_b", f"{prefix}_c", f"{prefix}_d"]
    for name in names:
        module_tables.create(name)
    return prefix, names


def test_list_tables_contains_created(ddb, listed):
    """ListTables includes every created table."""
    _, names = listed
    got = ddb.list_tables(ExclusiveStartTableName=listed[0], Limit=100)["TableNames"]
    assert got[:4] == names


def test_list_tables_limit_and_last_evaluated(ddb, listed):
    """Limit caps the page; LastEvaluatedTableName is the last name returned and resumes
    after it; names come in ascending order."""
    prefix, names = listed
    page = ddb.list_tables(ExclusiveStartTableName=prefix, Limit=2)
    assert page["TableNames"] == names[:2]
    assert page["LastEvaluatedTableName"] == names[1]
    page = ddb.list_tables(ExclusiveStartTableName=page["LastEvaluatedTableName"], Limit=1)
    assert page["TableNames"] == [names[2]]
    assert page["LastEvaluatedTableName"] == names[2]


def test_list_tables_exclusive_start_is_exclusive(ddb, listed):
    """ExclusiveStartTableName itself is not returned."""
    _, names = listed
    got = ddb.list_tables(ExclusiveStartTableName=names[0], Limit=3)["TableNames"]
    assert got == names[1:]


def test_list_tables_no_last_evaluated_when_complete(ddb, listed):
    """A page that reaches the end carries no LastEvaluatedTableName, even when it is full."""
    everything = ddb.list_tables()
    assert "LastEvaluatedTableName" not in everything or len(everything["TableNames"]) == 100
    count = len(everything["TableNames"])
    if count < 100:
        exact = ddb.list_tables(Limit=count)
        assert exact["TableNames"] == everything["TableNames"]
        assert "LastEvaluatedTableName" not in exact


def test_list_tables_sorted(ddb, listed):
    """Table names are listed in ascending order."""
    names = ddb.list_tables()["TableNames"]
    assert names == sorted(names)


def test_list_tables_paginator(ddb, listed):
    """boto3's ListTables paginator follows LastEvaluatedTableName page by page."""
    prefix, names = listed
    pages = list(ddb.get_paginator("list_tables").paginate(
        ExclusiveStartTableName=prefix, PaginationConfig={"PageSize": 1, "MaxItems": 4}))
    assert [p["TableNames"] for p in pages] == [[n] for n in names]
    everything = [n for p in ddb.get_paginator("list_tables").paginate(
        PaginationConfig={"PageSize": 2}) for n in p["TableNames"]]
    assert len(everything) == len(set(everything))
    assert set(names) <= set(everything)


LIST_CASES = {
    "limit_zero": ({"Limit": 0},
                   "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                   "Member must have value greater than or equal to 1",
                   "Limit must be greater than or equal to 1"),
    "limit_101": ({"Limit": 101},
                  "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
                  "Member must have value less than or equal to 100",
                  "Limit in ListTables must be <= 100"),
}


@pytest.mark.parametrize("case", sorted(LIST_CASES))
def test_list_tables_validation(raw, case):
    """ListTables Limit must be within 1..100."""
    body, dynamodb_message, local_message = LIST_CASES[case]
    assert_raw_error(raw.call("ListTables", body), VALIDATION,
                     per_target(dynamodb_message, local_message))


# ---------------------------------------------------------------------------
# UpdateTable


def test_update_table_throughput(ddb, tables):
    """UpdateTable changes provisioned throughput; DescribeTable shows the new units."""
    name = tables.create(BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    desc = ddb.update_table(TableName=name, ProvisionedThroughput={
        "ReadCapacityUnits": 10, "WriteCapacityUnits": 3})["TableDescription"]
    assert desc["TableName"] == name
    assert desc["TableStatus"] in ("UPDATING", "ACTIVE")
    table = wait_for_status(ddb, name)
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 3


def test_update_table_to_on_demand(ddb, tables):
    """Switching a provisioned table to PAY_PER_REQUEST shows in BillingModeSummary."""
    name = tables.create(BillingMode="PROVISIONED", ProvisionedThroughput=PT1)
    ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")
    table = wait_for_status(ddb, name)
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 0


def test_update_table_to_provisioned(ddb, tables):
    """Switching an on-demand table to PROVISIONED with throughput takes those units."""
    name = tables.create()
    ddb.update_table(TableName=name, BillingMode="PROVISIONED",
                     ProvisionedThroughput={"ReadCapacityUnits": 4, "WriteCapacityUnits": 2})
    table = wait_for_status(ddb, name)
    assert table["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 4
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 2


def test_update_table_same_throughput_rejected(ddb, tables):
    """Requesting the current throughput again is a ValidationException."""
    name = tables.create(BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6})
    with pytest.raises(ddb.exceptions.ClientError) as excinfo:
        ddb.update_table(TableName=name, ProvisionedThroughput={
            "ReadCapacityUnits": 5, "WriteCapacityUnits": 6})
    assert_client_error(excinfo, "ValidationException", per_target(
        "The provisioned throughput for the table will not change. The requested value equals "
        "the current value. Current ReadCapacityUnits provisioned for the table: 5. Requested "
        "ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 6. "
        "Requested WriteCapacityUnits: 6. Refer to the Amazon DynamoDB Developer Guide for "
        "current limits and how to request higher limits.",
        "The requested throughput value equals the current value"))


@pytest.mark.dynamodb_only
def test_update_table_reports_updating(ddb, tables):
    """DynamoDB answers a throughput change with TableStatus UPDATING and the old units."""
    name = tables.create(BillingMode="PROVISIONED", ProvisionedThroughput=PT1)
    desc = ddb.update_table(TableName=name, ProvisionedThroughput={
        "ReadCapacityUnits": 2, "WriteCapacityUnits": 2})["TableDescription"]
    assert desc["TableStatus"] == "UPDATING"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 1
    assert wait_for_status(ddb, name)["ProvisionedThroughput"]["ReadCapacityUnits"] == 2

"""Index behaviour found different from DynamoDB by a side-by-side run against DynamoDB Local
and recorded DynamoDB answers: UpdateTable combining table and index changes, index
throughput bounds, switching to PROVISIONED with GSIs, index key size limits, which index a
bad key is reported against, validation before the condition, and BatchGetItem projection
styles across tables."""

import base64

import pytest

from ddb_support import (
    DDB,
    VALIDATION,
    assert_raw_error,
    key_table_spec,
    per_target,
    unique_name,
    wait_for_status,
)


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def gsi(name, attr, *, throughput=None, projection="ALL"):
    index = {"IndexName": name, "KeySchema": [{"AttributeName": attr, "KeyType": "HASH"}],
             "Projection": {"ProjectionType": projection}}
    if throughput:
        index["ProvisionedThroughput"] = {"ReadCapacityUnits": throughput[0],
                                          "WriteCapacityUnits": throughput[1]}
    return index


def provisioned_with_gsi(name):
    return {"TableName": name,
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "g", "AttributeType": "S"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
            "GlobalSecondaryIndexes": [gsi("gidx", "g", throughput=(5, 5))]}


def test_update_table_applies_table_and_index_throughput_together(ddb, raw, tables):
    name = unique_name("BothThroughputs")
    tables.create_raw(provisioned_with_gsi(name))
    resp = raw.call("UpdateTable", {
        "TableName": name, "ProvisionedThroughput": {"ReadCapacityUnits": 6, "WriteCapacityUnits": 6},
        "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "gidx", "ProvisionedThroughput": {
            "ReadCapacityUnits": 9, "WriteCapacityUnits": 9}}}]})
    assert resp.status == 200, resp.body
    table = wait_for_status(ddb, name)
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 6
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 6
    index = table["GlobalSecondaryIndexes"][0]
    assert index["ProvisionedThroughput"]["ReadCapacityUnits"] == 9
    assert index["ProvisionedThroughput"]["WriteCapacityUnits"] == 9


def test_index_throughput_update_below_one_is_rejected(ddb, raw, tables):
    name = unique_name("ZeroIndexThroughput")
    tables.create_raw(provisioned_with_gsi(name))
    resp = raw.call("UpdateTable", {
        "TableName": name, "GlobalSecondaryIndexUpdates": [
            {"Update": {"IndexName": "gidx", "ProvisionedThroughput": {
                "ReadCapacityUnits": 0, "WriteCapacityUnits": 3}}}]})
    assert_raw_error(resp, VALIDATION, per_target(
        "1 validation error detected: Value '0' at 'globalSecondaryIndexUpdates.1."
        "member.update.provisionedThroughput.readCapacityUnits' failed to satisfy "
        "constraint: Member must have value greater than or equal to 1",
        "Global Secondary Index's read and write throughput must be at least 1, and cannot be "
        "null"))
    index = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["ProvisionedThroughput"]["ReadCapacityUnits"] == 5


@pytest.mark.dynamodb_only
def test_switch_to_provisioned_needs_each_gsi_throughput(ddb, raw, tables):
    name = unique_name("ToProvisioned")
    spec = key_table_spec(name, AttributeDefinitions=[
        {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"},
        {"AttributeName": "h", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[gsi("gidx", "g"), gsi("hidx", "h")])
    tables.create_raw(spec)
    switch = {"TableName": name, "BillingMode": "PROVISIONED",
              "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}
    assert_raw_error(raw.call("UpdateTable", switch), VALIDATION,
                     "One or more parameter values were invalid: ProvisionedThroughput must be "
                     "specified for index: gidx, hidx")
    one = {**switch, "GlobalSecondaryIndexUpdates": [{"Update": {
        "IndexName": "gidx", "ProvisionedThroughput": {"ReadCapacityUnits": 2,
                                                      "WriteCapacityUnits": 2}}}]}
    assert_raw_error(raw.call("UpdateTable", one), VALIDATION,
                     "One or more parameter values were invalid: ProvisionedThroughput must be "
                     "specified for index: hidx")
    assert ddb.describe_table(TableName=name)["Table"]["BillingModeSummary"]["BillingMode"] == \
        "PAY_PER_REQUEST"
    both = {**switch, "GlobalSecondaryIndexUpdates": [
        {"Update": {"IndexName": i, "ProvisionedThroughput": {"ReadCapacityUnits": 2,
                                                             "WriteCapacityUnits": 3}}}
        for i in ("gidx", "hidx")]}
    resp = raw.call("UpdateTable", both)
    assert resp.status == 200, resp.body
    table = wait_for_status(ddb, name)
    assert table["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    for index in table["GlobalSecondaryIndexes"]:
        assert index["ProvisionedThroughput"]["ReadCapacityUnits"] == 2
        assert index["ProvisionedThroughput"]["WriteCapacityUnits"] == 3


@pytest.fixture(scope="module")
def sized(module_tables):
    """Hash key pk, range sk; GSI gidx on (gk, gr); LSI lidx on lr; and three indexes keyed
    by `shared` to see which one an error names."""
    name = unique_name("IndexKeySizes")
    d = lambda a, t: {"AttributeName": a, "AttributeType": t}  # noqa: E731
    module_tables.create_raw({
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [d("pk", "S"), d("sk", "S"), d("gk", "S"), d("gr", "B"),
                                 d("lr", "S"), d("shared", "S")],
        "GlobalSecondaryIndexes": [
            {"IndexName": "gidx", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"},
                           {"AttributeName": "gr", "KeyType": "RANGE"}]},
            {"IndexName": "b_by_shared", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "shared", "KeyType": "HASH"}]},
            {"IndexName": "c_by_shared", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "shared", "KeyType": "HASH"}]}],
        "LocalSecondaryIndexes": [
            {"IndexName": "lidx", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                           {"AttributeName": "lr", "KeyType": "RANGE"}]},
            {"IndexName": "z_by_shared", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                           {"AttributeName": "shared", "KeyType": "RANGE"}]}]})
    return name


def size_error(attr, actual, limit, index):
    return ("One or more parameter values were invalid: Size limit exceeded for Index Key "
            f"{attr} Actual Size: {actual} bytes Max Size: {limit} bytes IndexName: {index}")


@pytest.mark.dynamodb_only
@pytest.mark.parametrize("attrs, message", [
    ({"gk": S("x" * 2049)}, size_error("gk", 2049, 2048, "gidx")),
    ({"gr": {"B": base64.b64encode(b"\x01" * 1025).decode()}}, size_error("gr", 1025, 1024, "gidx")),
    ({"lr": S("y" * 1025)}, size_error("lr", 1025, 1024, "lidx")),
])
@pytest.mark.parametrize("path", ["PutItem", "BatchWriteItem", "UpdateItem"])
def test_index_key_size_limits(ddb, raw, sized, attrs, message, path):
    key = {"pk": S(unique_name("big")), "sk": S("k")}
    if path == "PutItem":
        resp = raw.call("PutItem", {"TableName": sized, "Item": {**key, **attrs}})
    elif path == "BatchWriteItem":
        resp = raw.call("BatchWriteItem", {"RequestItems": {sized: [
            {"PutRequest": {"Item": {**key, **attrs}}}]}})
    else:
        [(attr, value)] = attrs.items()
        resp = raw.call("UpdateItem", {"TableName": sized, "Key": key,
                                       "UpdateExpression": "SET #a = :v",
                                       "ExpressionAttributeNames": {"#a": attr},
                                       "ExpressionAttributeValues": {":v": value}})
    assert_raw_error(resp, VALIDATION, message)
    assert "Item" not in ddb.get_item(TableName=sized, Key=key, ConsistentRead=True)


def test_index_keys_at_their_size_limits_are_stored(ddb, sized):
    key = {"pk": S(unique_name("edge")), "sk": S("k")}
    ddb.put_item(TableName=sized, Item={**key, "gk": S("x" * 2048), "gr": {"B": b"\x01" * 1024},
                                        "lr": S("y" * 1024)})
    assert ddb.get_item(TableName=sized, Key=key, ConsistentRead=True)["Item"]["gk"] == \
        S("x" * 2048)


@pytest.mark.dynamodb_only
def test_bad_key_is_reported_against_the_first_index_by_name(raw, sized):
    """`shared` keys b_by_shared and c_by_shared (GSIs) and z_by_shared (an LSI): DynamoDB
    names the first index in name order."""
    item = {"pk": S("p"), "sk": S("k"), "shared": N(5)}
    assert_raw_error(raw.call("PutItem", {"TableName": sized, "Item": item}), VALIDATION,
                     "One or more parameter values were invalid: Type mismatch for Index Key "
                     "shared Expected: S Actual: N IndexName: b_by_shared")


def test_index_key_checked_before_the_condition(ddb, raw, sized):
    key = {"pk": S(unique_name("cond")), "sk": S("k")}
    ddb.put_item(TableName=sized, Item=key)
    resp = raw.call("PutItem", {"TableName": sized, "Item": {**key, "gk": N(1)},
                                "ConditionExpression": "attribute_not_exists(pk)"})
    assert_raw_error(resp, VALIDATION, per_target(
        "One or more parameter values were invalid: Type mismatch for Index Key gk "
        "Expected: S Actual: N IndexName: gidx",
        "One or more parameter values were invalid: Type mismatch for Index Key"))


def test_batch_get_may_not_mix_projection_styles_across_tables(raw, tables):
    one = tables.create(unique_name("MixA"))
    two = tables.create(unique_name("MixB"))
    resp = raw.call("BatchGetItem", {"RequestItems": {
        one: {"Keys": [{"pk": S("a")}], "ProjectionExpression": "pk"},
        two: {"Keys": [{"pk": S("a")}], "AttributesToGet": ["pk"]}}})
    assert_raw_error(resp, VALIDATION,
                     "Can not use both expression and non-expression parameters in the same "
                     "request: Non-expression parameters: {AttributesToGet} Expression "
                     "parameters: {ProjectionExpression}")


@pytest.mark.dynamodb_only
def test_new_gsi_keys_must_be_defined_in_the_request(ddb, raw, tables):
    """Observed on DynamoDB: a table attribute the request does not define again does not
    count for a new index's key."""
    name = unique_name("RedefineKeys")
    tables.create(name, range_key=("sk", "S"))
    resp = raw.call("UpdateTable", {
        "TableName": name, "AttributeDefinitions": [{"AttributeName": "g3", "AttributeType": "S"}],
        "GlobalSecondaryIndexUpdates": [{"Create": {
            "IndexName": "gsiSharedPk", "Projection": {"ProjectionType": "KEYS_ONLY"},
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "g3", "KeyType": "RANGE"}]}}]})
    assert_raw_error(resp, VALIDATION,
                     "One or more parameter values were invalid: Some index key attributes are "
                     "not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [g3]")
    assert "GlobalSecondaryIndexes" not in ddb.describe_table(TableName=name)["Table"]
    resp = raw.call("UpdateTable", {
        "TableName": name, "AttributeDefinitions": [{"AttributeName": "g3", "AttributeType": "S"},
                                                    {"AttributeName": "pk", "AttributeType": "S"}],
        "GlobalSecondaryIndexUpdates": [{"Create": {
            "IndexName": "gsiSharedPk", "Projection": {"ProjectionType": "KEYS_ONLY"},
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "g3", "KeyType": "RANGE"}]}}]})
    assert resp.status == 200, resp.body


def nested_key_error(attr):
    return ("Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
            f"allowed: IndexKey: {attr}")


@pytest.mark.parametrize("expression, values, attr", [
    ("SET lr.y = :v", {":v": S("x")}, "lr"),
    ("SET lr[1] = :v", {":v": S("x")}, "lr"),
    ("REMOVE gk.y", None, "gk"),
    ("ADD gr.y :n", {":n": N(1)}, "gr"),
    ("DELETE #s.y :s", {":s": {"SS": ["a"]}}, "shared"),
    ("SET a = gk.y", None, "gk"),
    ("SET a = if_not_exists(b, gr[0])", None, "gr"),
    # LSIs before GSIs, then by index name, whatever the order written.
    ("SET gk.y = :v, lr.z = :v", {":v": S("x")}, "lr"),
    ("SET gk.y = :v, #s.z = :v", {":v": S("x")}, "shared"),
])
def test_document_path_into_an_index_key(raw, sized, expression, values, attr):
    """Index keys are scalars: an update may not reach into one, on an absent item too."""
    request = {"TableName": sized, "Key": {"pk": S(unique_name("nested")), "sk": S("k")},
               "UpdateExpression": expression}
    if values:
        request["ExpressionAttributeValues"] = values
    if "#s" in expression:
        request["ExpressionAttributeNames"] = {"#s": "shared"}  # a reserved word
    assert_raw_error(raw.call("UpdateItem", request), VALIDATION, nested_key_error(attr))


def test_table_key_and_failed_condition_come_before_the_index_key_path(ddb, raw, sized):
    key = {"pk": S(unique_name("nested")), "sk": S("k")}
    resp = raw.call("UpdateItem", {"TableName": sized, "Key": key,
                                   "UpdateExpression": "SET lr.y = :v, sk = :v",
                                   "ExpressionAttributeValues": {":v": S("x")}})
    assert_raw_error(resp, VALIDATION, "One or more parameter values were invalid: Cannot update "
                     "attribute sk. This attribute is part of the key")
    resp = raw.call("UpdateItem", {"TableName": sized, "Key": key,
                                   "UpdateExpression": "SET gk.y = :v",
                                   "ConditionExpression": "attribute_exists(pk)",
                                   "ExpressionAttributeValues": {":v": S("x")}})
    assert_raw_error(resp, DDB + "ConditionalCheckFailedException",
                     "The conditional request failed")
    assert "Item" not in ddb.get_item(TableName=sized, Key=key, ConsistentRead=True)


def short_name_error(name, member):
    return (f"Value '{name}' at '{member}.1.member.indexName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 3")


def two_index_table(lsi_name, gsi_name):
    d = lambda a: {"AttributeName": a, "AttributeType": "S"}  # noqa: E731
    return {"TableName": unique_name("IndexNames"), "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [d("pk"), d("sk"), d("lr"), d("gh")],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "LocalSecondaryIndexes": [{"IndexName": lsi_name, "Projection": {"ProjectionType": "ALL"},
                                       "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                     {"AttributeName": "lr", "KeyType": "RANGE"}]}],
            "GlobalSecondaryIndexes": [gsi(gsi_name, "gh")]}


@pytest.mark.dynamodb_only
@pytest.mark.parametrize("lsi_name, gsi_name, message", [
    # Index names are constraints (not TableName's sentence), GSIs listed before LSIs.
    ("l1", "g1", "2 validation errors detected: " + short_name_error("g1", "globalSecondaryIndexes")
     + "; " + short_name_error("l1", "localSecondaryIndexes")),
    ("aa", "zz", "2 validation errors detected: " + short_name_error("zz", "globalSecondaryIndexes")
     + "; " + short_name_error("aa", "localSecondaryIndexes")),
    ("lsi", "n" * 256, "1 validation error detected: Value '" + "n" * 256 + "' at "
     "'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must "
     "have length less than or equal to 255"),
    ("lsi", "", "2 validation errors detected: " + short_name_error("", "globalSecondaryIndexes")
     + "; Value '' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: "
     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
])
def test_index_name_constraints(raw, lsi_name, gsi_name, message):
    resp = raw.call("CreateTable", two_index_table(lsi_name, gsi_name))
    assert_raw_error(resp, VALIDATION, message)


@pytest.mark.dynamodb_only
def test_duplicated_attribute_definition(raw):
    """The same name twice in AttributeDefinitions, here with two types for two GSIs."""
    body = {"TableName": unique_name("DupDefs"), "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"},
                                     {"AttributeName": "xyz", "AttributeType": "S"},
                                     {"AttributeName": "xyz", "AttributeType": "N"}],
            "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [gsi("one", "xyz"), gsi("two", "xyz")]}
    assert_raw_error(raw.call("CreateTable", body), VALIDATION, "Attribute Name is duplicated: xyz")


def test_legacy_key_conditions_with_an_extra_attribute_and_no_sort_key(raw, tables):
    """KeyConditions naming the hash key and another attribute, on a schema (here a GSI's)
    without a sort key for that other attribute to be."""
    name = unique_name("ExtraKeyCondition")
    tables.create_raw({
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"},
                                 {"AttributeName": "x", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [gsi("hello", "x")]})
    eq = {"ComparisonOperator": "EQ", "AttributeValueList": [S("a")]}
    for index in ({"IndexName": "hello"}, {}):
        resp = raw.call("Query", {"TableName": name, **index, "KeyConditions": {"p": eq, "x": eq}})
        assert_raw_error(resp, VALIDATION, "Query key condition not supported")


@pytest.mark.dynamodb_only
@pytest.mark.parametrize("action", ["Create", "Delete", "Update"])
def test_index_name_constraints_in_update_table(raw, tables, action):
    name = unique_name("UpdateIndexName")
    tables.create_raw({"TableName": name, "BillingMode": "PAY_PER_REQUEST",
                       "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}],
                       "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}]})
    body = {"IndexName": "ab"}
    if action == "Create":
        body.update(KeySchema=[{"AttributeName": "x", "KeyType": "HASH"}],
                    Projection={"ProjectionType": "ALL"})
    elif action == "Update":
        body["ProvisionedThroughput"] = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    request = {"TableName": name, "GlobalSecondaryIndexUpdates": [{action: body}]}
    if action == "Create":
        request["AttributeDefinitions"] = [{"AttributeName": "x", "AttributeType": "S"}]
    resp = raw.call("UpdateTable", request)
    assert_raw_error(resp, VALIDATION, (
        "1 validation error detected: Value 'ab' at 'globalSecondaryIndexUpdates.1.member."
        f"{action.lower()}.indexName' failed to satisfy constraint: Member must have length "
        "greater than or equal to 3"))

// Error paths as aws-sdk-js v3 surfaces them: error name, message, class and HTTP status.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBServiceException,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

import { dynamodbOnly, expectServiceError, perTarget, uniqueName, useTarget } from '../lib/harness.js';

const target = useTarget();
let table;

before(async () => {
  table = await target.createTable();
});

const INVALID = 'One or more parameter values were invalid: ';

test('DescribeTable on a missing table is ResourceNotFoundException', async () => {
  // Pins the exception class, name and table-level message for a missing table.
  const name = uniqueName('cfjs_missing');
  const err = await expectServiceError(
    () => target.ddb.send(new DescribeTableCommand({ TableName: name })),
    'ResourceNotFoundException',
    perTarget(`Requested resource not found: Table: ${name} not found`,
      'Cannot do operations on a non-existent table'));
  assert.ok(err instanceof ResourceNotFoundException);
  assert.ok(err instanceof DynamoDBServiceException);
  assert.equal(err.$fault, 'client');
  assert.ok(err.$metadata.requestId);
});

test('item operations on a missing table are ResourceNotFoundException', async () => {
  // Pins the item-level message, which does not name the table.
  const err = await expectServiceError(
    () => target.ddb.send(new GetItemCommand({ TableName: uniqueName('cfjs_missing'), Key: { pk: { S: 'x' } } })),
    'ResourceNotFoundException',
    perTarget('Requested resource not found', 'Cannot do operations on a non-existent table'));
  assert.ok(err instanceof ResourceNotFoundException);
});

test('DocumentClient surfaces the same ResourceNotFoundException', async () => {
  // Pins that lib-dynamodb passes service errors through unchanged.
  const doc = DynamoDBDocumentClient.from(target.ddb);
  await expectServiceError(
    () => doc.send(new GetCommand({ TableName: uniqueName('cfjs_missing'), Key: { pk: 'x' } })),
    'ResourceNotFoundException',
    perTarget('Requested resource not found', 'Cannot do operations on a non-existent table'));
});

test('CreateTable of an existing name is ResourceInUseException', async () => {
  // Pins the duplicate-table exception class and message.
  const err = await expectServiceError(
    () => target.ddb.send(new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    })),
    'ResourceInUseException',
    perTarget(`Table already exists: ${table}`, 'Cannot create preexisting table'));
  assert.ok(err instanceof ResourceInUseException);
});

test('validation errors are ValidationException with the exact text', async () => {
  // Pins key validation through the SDK: wrong key type, missing key, empty key, item size.
  await expectServiceError(
    () => target.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { N: '1' } } })),
    'ValidationException',
    perTarget(`${INVALID}Type mismatch for key pk expected: S actual: N`, `${INVALID}Type mismatch for key`));
  await expectServiceError(
    () => target.ddb.send(new PutItemCommand({ TableName: table, Item: { other: { S: 'x' } } })),
    'ValidationException',
    perTarget(`${INVALID}Missing the key pk in the item`, 'One of the required keys was not given a value'));
  await expectServiceError(
    () => target.ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'x' }, extra: { S: 'y' } } })),
    'ValidationException',
    perTarget('The provided key element does not match the schema', 'The number of conditions on the keys is invalid'));
  await expectServiceError(
    () => target.ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: '' } } })),
    'ValidationException',
    'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk');
  await expectServiceError(
    () => target.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'big' }, b: { S: 'x'.repeat(400 * 1024) } } })),
    'ValidationException',
    'Item size has exceeded the maximum allowed size');
});

test('number validation errors', async () => {
  // Pins precision and magnitude limits of the Number type.
  await expectServiceError(
    () => target.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'n' }, n: { N: '1'.repeat(39) } } })),
    'ValidationException',
    perTarget('Attempting to store more than 38 significant digits in a Number',
      'DynamoDB only supports precision up to 38 digits'));
  await expectServiceError(
    () => target.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'n' }, n: { N: '1e126' } } })),
    'ValidationException',
    'Number overflow. Attempting to store a number with magnitude larger than supported range');
});

test('missing credentials header is rejected', dynamodbOnly, async () => {
  // Pins MissingAuthenticationTokenException for an unsigned request.
  const res = await fetch(`${target.endpoint}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.ListTables' },
    body: '{}',
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
    message: 'Request is missing Authentication Token',
  });
});

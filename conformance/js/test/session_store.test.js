// The session-store walkthrough with aws-sdk-js v3: what a first-time user does.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';

import { uniqueName, useTarget } from '../lib/harness.js';

const target = useTarget();
const WAITER = { maxWaitTime: 30, minDelay: 1, maxDelay: 2 };

test('session store walkthrough', async () => {
  // Pins the basic lifecycle: CreateTable -> waiter ACTIVE -> PutItem/GetItem ->
  // ListTables/DescribeTable -> DeleteItem -> DeleteTable -> waiter gone.
  const ddb = target.ddb;
  const name = uniqueName('Sessions');
  const created = await ddb.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'session_id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'session_id', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  target.created.push(name);
  assert.equal(created.TableDescription.TableName, name);
  assert.ok(['CREATING', 'ACTIVE'].includes(created.TableDescription.TableStatus));

  const waited = await waitUntilTableExists({ client: ddb, ...WAITER }, { TableName: name });
  assert.equal(waited.state, 'SUCCESS');

  const session = {
    session_id: { S: 'sess-91c2' },
    user_id: { N: '1001' },
    session_data: { S: JSON.stringify({ cart: ['sku-9'], locale: 'de-DE' }) },
    last_updated: { S: '2026-02-03T04:05:06Z' },
    created: { S: '2026-02-03T04:00:00Z' },
  };
  const put = await ddb.send(new PutItemCommand({ TableName: name, Item: session }));
  assert.equal(put.Attributes, undefined);
  assert.equal(put.$metadata.httpStatusCode, 200);

  const got = await ddb.send(new GetItemCommand({
    TableName: name, Key: { session_id: { S: 'sess-91c2' } }, ConsistentRead: true,
  }));
  assert.deepEqual(got.Item, session);

  const listed = await ddb.send(new ListTablesCommand({}));
  assert.ok(listed.TableNames.includes(name));

  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
  assert.equal(Table.TableStatus, 'ACTIVE');
  assert.deepEqual(Table.KeySchema, [{ AttributeName: 'session_id', KeyType: 'HASH' }]);
  assert.equal(Table.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
  assert.equal(Table.ItemCount >= 0, true);

  const deleted = await ddb.send(new DeleteItemCommand({
    TableName: name, Key: { session_id: { S: 'sess-91c2' } }, ReturnValues: 'ALL_OLD',
  }));
  assert.deepEqual(deleted.Attributes, session);
  const after = await ddb.send(new GetItemCommand({ TableName: name, Key: { session_id: { S: 'sess-91c2' } } }));
  assert.equal(after.Item, undefined);

  await ddb.send(new DeleteTableCommand({ TableName: name }));
  target.forget(name);
  const gone = await waitUntilTableNotExists({ client: ddb, ...WAITER }, { TableName: name });
  assert.equal(gone.state, 'SUCCESS');
  const relisted = await ddb.send(new ListTablesCommand({}));
  assert.ok(!relisted.TableNames.includes(name));
});

// BatchWriteItem and BatchGetItem through aws-sdk-js v3 (low-level client and lib-dynamodb):
// multi-table batches, UnprocessedItems/UnprocessedKeys, limits, duplicates and missing tables.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { BatchGetItemCommand, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { expectServiceError, perTarget, uniqueName, useTarget } from '../lib/harness.js';

const target = useTarget();
let one; // pk S
let two; // pk S + sk N

const DUPLICATES = 'Provided list of item keys contains duplicates';
const NOT_FOUND = perTarget('Requested resource not found', 'Cannot do operations on a non-existent table');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

before(async () => {
  one = await target.createTable();
  two = await target.createTable({
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  });
});

const write = (RequestItems, extra = {}) => target.ddb.send(new BatchWriteItemCommand({ RequestItems, ...extra }));
const get = (RequestItems, extra = {}) => target.ddb.send(new BatchGetItemCommand({ RequestItems, ...extra }));
const byPk = (items) => [...items].sort((a, b) => (a.pk.S < b.pk.S ? -1 : a.pk.S > b.pk.S ? 1 : 0));

test('BatchWriteItem puts and deletes across tables, then BatchGetItem reads them', async () => {
  // Pins a multi-table write with UnprocessedItems {} and a multi-table read with Responses per table.
  await write({ [one]: [{ PutRequest: { Item: { pk: { S: 'gone' } } } }] });
  const out = await write({
    [one]: [
      { PutRequest: { Item: { pk: { S: 'a' }, v: { N: '1' } } } },
      { PutRequest: { Item: { pk: { S: 'b' }, v: { SS: ['x', 'y'] } } } },
      { DeleteRequest: { Key: { pk: { S: 'gone' } } } },
    ],
    [two]: [{ PutRequest: { Item: { pk: { S: 'a' }, sk: { N: '-2.5' } } } }],
  });
  assert.deepEqual(out.UnprocessedItems, {});
  const read = await get({
    [one]: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'b' } }, { pk: { S: 'gone' } }], ConsistentRead: true },
    [two]: { Keys: [{ pk: { S: 'a' }, sk: { N: '-2.50' } }, { pk: { S: 'a' }, sk: { N: '7' } }] },
  });
  assert.deepEqual(read.UnprocessedKeys, {});
  const items = byPk(read.Responses[one]);
  assert.deepEqual(items.map((it) => it.pk.S), ['a', 'b']);
  assert.deepEqual([...items[1].v.SS].sort(), ['x', 'y']);
  assert.deepEqual(read.Responses[two], [{ pk: { S: 'a' }, sk: { N: '-2.5' } }]);
});

test('DocumentClient BatchWriteCommand and BatchGetCommand with native values', async () => {
  // Pins lib-dynamodb's marshalling through both batch operations, with a per-table projection.
  const doc = DynamoDBDocumentClient.from(target.ddb);
  const out = await doc.send(new BatchWriteCommand({
    RequestItems: {
      [one]: [{ PutRequest: { Item: { pk: 'doc', n: 42, flag: true, list: [1, 'two', null], map: { deep: 'x' } } } }],
      [two]: [0.25, 1e3, -7].map((sk) => ({ PutRequest: { Item: { pk: 'doc', sk, label: `n${sk}` } } })),
    },
  }));
  assert.deepEqual(out.UnprocessedItems, {});
  const read = await doc.send(new BatchGetCommand({
    RequestItems: {
      [one]: { Keys: [{ pk: 'doc' }], ProjectionExpression: 'n, #l, #m.deep', ExpressionAttributeNames: { '#l': 'list', '#m': 'map' } },
      [two]: { Keys: [{ pk: 'doc', sk: 1000 }, { pk: 'doc', sk: -7 }], ConsistentRead: true },
    },
  }));
  assert.deepEqual(read.Responses[one], [{ n: 42, list: [1, 'two', null], map: { deep: 'x' } }]);
  assert.deepEqual(read.Responses[two].map((it) => it.label).sort(), ['n-7', 'n1000']);
});

test('100 keys across two tables come back in one BatchGetItem', async () => {
  // Pins the 100-key maximum: 70 + 30 keys, all found, nothing unprocessed.
  const chunks = [];
  for (let i = 0; i < 70; i += 25) chunks.push(Array.from({ length: Math.min(25, 70 - i) }, (_, j) => i + j));
  for (const chunk of chunks) {
    await write({ [one]: chunk.map((i) => ({ PutRequest: { Item: { pk: { S: `k${i}` } } } })) });
  }
  await write({ [two]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: 'k' }, sk: { N: String(i) } } } })) });
  await write({ [two]: Array.from({ length: 5 }, (_, i) => ({ PutRequest: { Item: { pk: { S: 'k' }, sk: { N: String(25 + i) } } } })) });
  const read = await get({
    [one]: { Keys: Array.from({ length: 70 }, (_, i) => ({ pk: { S: `k${i}` } })) },
    [two]: { Keys: Array.from({ length: 30 }, (_, i) => ({ pk: { S: 'k' }, sk: { N: String(i) } })) },
  });
  assert.equal(read.Responses[one].length, 70);
  assert.equal(read.Responses[two].length, 30);
  assert.deepEqual(read.UnprocessedKeys, {});
});

test('BatchWriteItem reports capacity per table, each item rounded to 1 KB', async () => {
  // Pins ConsumedCapacity TOTAL for a batch write: 1,536 bytes cost 2 units, a tiny item 1.
  const filler = 'x'.repeat(1536 - 'pk'.length - 'cap'.length - 'filler'.length);
  const out = await write({
    [one]: [{ PutRequest: { Item: { pk: { S: 'cap' }, filler: { S: filler } } } }, { PutRequest: { Item: { pk: { S: 'cap2' } } } }],
    [two]: [{ PutRequest: { Item: { pk: { S: 'cap' }, sk: { N: '1' } } } }],
  }, { ReturnConsumedCapacity: 'TOTAL' });
  const units = Object.fromEntries(out.ConsumedCapacity.map((c) => [c.TableName, c.CapacityUnits]));
  assert.deepEqual(units, { [one]: 3, [two]: 1 });
});

test('duplicate keys reject the whole batch', async () => {
  // Pins DynamoDB's duplicate-key error for writes (put+delete of one key) and reads; nothing is written.
  await expectServiceError(() => write({
    [one]: [{ PutRequest: { Item: { pk: { S: 'dup-canary' } } } }, { PutRequest: { Item: { pk: { S: 'dup' } } } },
      { DeleteRequest: { Key: { pk: { S: 'dup' } } } }],
  }), 'ValidationException', DUPLICATES);
  const read = await get({ [one]: { Keys: [{ pk: { S: 'dup-canary' } }], ConsistentRead: true } });
  assert.deepEqual(read.Responses[one], []);
  await expectServiceError(() => get({ [one]: { Keys: [{ pk: { S: 'x' } }, { pk: { S: 'x' } }] } }),
    'ValidationException', DUPLICATES);
});

test('batch size limits', async () => {
  // Pins the 25-request and 100-key limits, per table and across tables.
  const puts = (n, prefix) => Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: { S: `${prefix}${i}` } } } }));
  await expectServiceError(() => write({ [one]: puts(26, 'l') }), 'ValidationException', perTarget(
    new RegExp(`^1 validation error detected: Value '\\{${escape(one)}=.+\\}' at 'requestItems' failed to satisfy constraint: `
      + 'Map value must satisfy constraint: \\[Member must have length less than or equal to 25, '
      + 'Member must have length greater than or equal to 1\\]$', 's'),
    'Too many items requested for the BatchWriteItem call'));
  await expectServiceError(() => write({ [one]: puts(20, 'l'), [uniqueName('cfjs_other')]: puts(6, 'l') }),
    'ValidationException', 'Too many items requested for the BatchWriteItem call');
  await expectServiceError(() => get({
    [one]: { Keys: Array.from({ length: 60 }, (_, i) => ({ pk: { S: `g${i}` } })) },
    [two]: { Keys: Array.from({ length: 41 }, (_, i) => ({ pk: { S: 'g' }, sk: { N: String(i) } })) },
  }), 'ValidationException', 'Too many items requested for the BatchGetItem call');
});

test('missing tables and empty requests', async () => {
  // Pins ResourceNotFoundException for a batch naming a missing table, and the empty RequestItems errors.
  const missing = uniqueName('cfjs_missing');
  await expectServiceError(() => write({ [missing]: [{ PutRequest: { Item: { pk: { S: 'x' } } } }] }),
    'ResourceNotFoundException', NOT_FOUND);
  await expectServiceError(() => get({ [one]: { Keys: [{ pk: { S: 'a' } }] }, [missing]: { Keys: [{ pk: { S: 'x' } }] } }),
    'ResourceNotFoundException', NOT_FOUND);
  await expectServiceError(() => write({}), 'ValidationException', perTarget(
    'The requestItems parameter is required for BatchWriteItem', 'BatchWriteItem cannot have a null or no requests set'));
  await expectServiceError(() => get({}), 'ValidationException', perTarget(
    'The requestItems parameter is required for BatchGetItem', 'BatchGetItem must have some requests set'));
});

// Item round trips through the low-level client and lib-dynamodb's DocumentClient.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';

import { useTarget } from '../lib/harness.js';

const target = useTarget();
let table;

before(async () => {
  table = await target.createTable();
});

const sortSets = (item) => Object.fromEntries(Object.entries(item).map(([k, v]) => {
  const [tag, inner] = Object.entries(v)[0];
  if (tag === 'SS' || tag === 'NS') return [k, { [tag]: [...inner].sort() }];
  if (tag === 'BS') return [k, { BS: inner.map((b) => Buffer.from(b).toString('hex')).sort() }];
  if (tag === 'M') return [k, { M: sortSets(inner) }];
  return [k, v];
}));

test('all ten attribute types round-trip through the low-level client', async () => {
  // Pins S N B BOOL NULL M L SS NS BS storage, returned exactly (sets in any order).
  const item = {
    pk: { S: 'js-all-types' },
    s: { S: 'naïve ☃' },
    n: { N: '-0.125' },
    b: { B: Uint8Array.from([0, 1, 2, 253, 254, 255]) },
    t: { BOOL: true },
    z: { NULL: true },
    m: { M: { inner: { S: 'x' }, deeper: { M: { n: { N: '1' } } } } },
    l: { L: [{ S: 'a' }, { N: '2' }, { L: [] }, { M: {} }] },
    ss: { SS: ['b', 'a'] },
    ns: { NS: ['10', '-3.5'] },
    bs: { BS: [Uint8Array.from([1]), Uint8Array.from([2, 3])] },
  };
  await target.ddb.send(new PutItemCommand({ TableName: table, Item: item }));
  const { Item } = await target.ddb.send(new GetItemCommand({
    TableName: table, Key: { pk: { S: 'js-all-types' } }, ConsistentRead: true,
  }));
  const norm = (it) => JSON.parse(JSON.stringify(sortSets(it), (k, v) =>
    (v instanceof Uint8Array || v?.type === 'Buffer') ? Buffer.from(v.data ?? v).toString('hex') : v));
  assert.deepEqual(norm(Item), norm(item));
});

test('numbers come back normalised', async () => {
  // Pins canonical number text: "1.50" -> "1.5", "1e2" -> "100", "-0" -> "0", 38 digits kept.
  const item = {
    pk: { S: 'js-numbers' },
    a: { N: '1.50' }, b: { N: '1e2' }, c: { N: '-0' },
    d: { N: '12345678901234567890123456789012345678' },
  };
  await target.ddb.send(new PutItemCommand({ TableName: table, Item: item }));
  const { Item } = await target.ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'js-numbers' } } }));
  assert.deepEqual(Item.a, { N: '1.5' });
  assert.deepEqual(Item.b, { N: '100' });
  assert.deepEqual(Item.c, { N: '0' });
  assert.deepEqual(Item.d, { N: '12345678901234567890123456789012345678' });
});

test('PutItem and DeleteItem ReturnValues', async () => {
  // Pins ReturnValues NONE (nothing) and ALL_OLD (the replaced / deleted item).
  const key = { pk: { S: 'js-rv' } };
  const first = await target.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, v: { N: '1' } }, ReturnValues: 'ALL_OLD' }));
  assert.equal(first.Attributes, undefined);
  const second = await target.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, v: { N: '2' } }, ReturnValues: 'ALL_OLD' }));
  assert.deepEqual(second.Attributes, { ...key, v: { N: '1' } });
  const none = await target.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, v: { N: '3' } }, ReturnValues: 'NONE' }));
  assert.equal(none.Attributes, undefined);
  const del = await target.ddb.send(new DeleteItemCommand({ TableName: table, Key: key, ReturnValues: 'ALL_OLD' }));
  assert.deepEqual(del.Attributes, { ...key, v: { N: '3' } });
  const again = await target.ddb.send(new DeleteItemCommand({ TableName: table, Key: key, ReturnValues: 'ALL_OLD' }));
  assert.equal(again.Attributes, undefined);
});

test('DocumentClient round-trips native JavaScript values', async () => {
  // Pins the marshalled forms lib-dynamodb sends and reads back: numbers, strings, booleans,
  // null, nested objects/arrays, Sets of strings and numbers, Uint8Array binaries.
  const doc = DynamoDBDocumentClient.from(target.ddb);
  const item = {
    pk: 'js-doc',
    count: 42,
    ratio: 0.25,
    name: 'Zoë',
    active: false,
    nothing: null,
    tags: new Set(['x', 'y']),
    scores: new Set([1, 2, 3]),
    blob: Uint8Array.from([9, 8, 7]),
    profile: { address: { city: 'Oslo', zip: '0150' }, langs: ['nb', 'en', { primary: true }] },
  };
  const put = await doc.send(new PutCommand({ TableName: table, Item: item }));
  assert.equal(put.$metadata.httpStatusCode, 200);
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'js-doc' }, ConsistentRead: true }));
  assert.deepEqual({ ...Item, blob: Array.from(Item.blob) }, { ...item, blob: [9, 8, 7] });

  const old = await doc.send(new DeleteCommand({ TableName: table, Key: { pk: 'js-doc' }, ReturnValues: 'ALL_OLD' }));
  assert.equal(old.Attributes.count, 42);
  assert.deepEqual(old.Attributes.tags, new Set(['x', 'y']));
  const gone = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'js-doc' } }));
  assert.equal(gone.Item, undefined);
});

test('DocumentClient keeps big numbers exact with NumberValue', async () => {
  // Pins 38-digit precision end to end: numbers beyond Number.MAX_SAFE_INTEGER survive.
  const doc = DynamoDBDocumentClient.from(target.ddb, { unmarshallOptions: { wrapNumbers: true } });
  const big = '98765432109876543210987654321098765432';
  await doc.send(new PutCommand({ TableName: table, Item: { pk: 'js-big', n: NumberValue.from(big), f: NumberValue.from('0.000000000000000000000000000001') } }));
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'js-big' } }));
  assert.equal(Item.n.toString(), big);
  assert.equal(Item.f.toString(), '0.000000000000000000000000000001');
});

test('ConsistentRead and ReturnConsumedCapacity are accepted', async () => {
  // Pins per-table ConsumedCapacity: 1 WCU for a small put, 1 RCU strongly consistent read.
  const put = await target.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'js-cap' } }, ReturnConsumedCapacity: 'TOTAL' }));
  assert.equal(put.ConsumedCapacity.TableName, table);
  assert.equal(put.ConsumedCapacity.CapacityUnits, 1);
  const get = await target.ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'js-cap' } }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }));
  assert.equal(get.ConsumedCapacity.TableName, table);
  assert.equal(get.ConsumedCapacity.CapacityUnits, 1);
});

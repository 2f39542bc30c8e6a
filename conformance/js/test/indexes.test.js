// Secondary indexes through aws-sdk-js v3 (issue #5): the session store's user_index with
// DynamoDB's eventual GSI consistency (observed on drydock with its DrydockAdmin requests),
// sparse maintenance, index pagination, index key validation and online GSI changes.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { before, test } from 'node:test';

import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  paginateQuery,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand as DocQueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';

import {
  CREDENTIALS,
  ORACLE,
  REGION,
  dynamodbOnly,
  expectServiceError,
  perTarget,
  useTarget,
} from '../lib/harness.js';

const target = useTarget();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const INVALID = 'One or more parameter values were invalid: ';
const LAG_MS = 300;

/** Polls read() until done(result) holds (GSIs catch up after a lag); returns the last result. */
async function eventually(read, done, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await read();
    if (done(result) || Date.now() > deadline) return result;
    await sleep(20);
  }
}

// SigV4 for drydock's admin requests, with the SDK's own signer and node's SHA-256.
class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }

  update(data) {
    this.hash.update(typeof data === 'string' ? Buffer.from(data) : data);
  }

  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const signer = new SignatureV4({ credentials: CREDENTIALS, region: REGION, service: 'dynamodb', sha256: Sha256 });

/** POST / with X-Amz-Target: DrydockAdmin.<operation>, signed like a DynamoDB request. */
async function drydockAdmin(operation, body = {}) {
  const url = new URL(`${target.endpoint}/`);
  const payload = JSON.stringify(body);
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DrydockAdmin.${operation}`,
    },
    body: payload,
  });
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body: payload });
  const text = await res.text();
  assert.equal(res.status, 200, `DrydockAdmin.${operation}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const keySchema = (hash, range) => [
  { AttributeName: hash, KeyType: 'HASH' },
  ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : []),
];
const defs = (...pairs) => pairs.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));

async function describeIndex(table, name) {
  const { Table } = await target.ddb.send(new DescribeTableCommand({ TableName: table }));
  return (Table.GlobalSecondaryIndexes ?? []).find((i) => i.IndexName === name);
}

test('session store: every session of user 42 through user_index, after the GSI catches up', async (t) => {
  // Pins the issue's session store: user 42's sessions through user_index once the GSI catches up.
  // Sessions (session_id S), user_index (user_id N, ALL). On drydock, with a known lag, a query
  // right after the writes misses them, the admin view counts them pending, WaitForIndexes catches up.
  const name = await target.createTable({
    KeySchema: keySchema('session_id'),
    AttributeDefinitions: defs(['session_id', 'S'], ['user_id', 'N']),
    GlobalSecondaryIndexes: [{
      IndexName: 'user_index', KeySchema: keySchema('user_id'), Projection: { ProjectionType: 'ALL' },
    }],
  });
  const doc = DynamoDBDocumentClient.from(target.ddb);
  const userSessions = async (user) => {
    const { Items } = await doc.send(new DocQueryCommand({
      TableName: name, IndexName: 'user_index',
      KeyConditionExpression: 'user_id = :u', ExpressionAttributeValues: { ':u': user },
    }));
    return Items.sort((a, b) => a.session_id.localeCompare(b.session_id));
  };
  const writeSessions = async (round) => {
    const written = {};
    for (const [user, count] of [[42, 4], [7, 2], [1001, 3]]) {
      for (let s = 0; s < count; s += 1) {
        const session = {
          session_id: `r${round}-${user}-${s}`, user_id: user,
          session_data: JSON.stringify({ cart: [`sku-${s}`] }), last_updated: `2026-03-0${s + 1}T00:00:00Z`,
        };
        await doc.send(new PutCommand({ TableName: name, Item: session }));
        written[session.session_id] = session;
      }
    }
    return written;
  };

  let written;
  if (ORACLE) {
    written = await writeSessions(0);
  } else {
    // A known lag makes the staleness observable; a loaded machine gets three tries.
    const { LagMs: previous } = await drydockAdmin('DescribeIndexPropagation');
    await drydockAdmin('SetGsiLag', { LagMs: LAG_MS });
    try {
      let observed = false;
      for (let round = 0; round < 3 && !observed; round += 1) {
        const started = Date.now();
        written = await writeSessions(round);
        const stale = await userSessions(42);
        const { PendingUpdates } = await drydockAdmin('DescribeIndexPropagation');
        if (Date.now() - started >= LAG_MS * 0.8) continue; // too slow to judge this round
        observed = true;
        const fresh = Object.keys(written).filter((id) => id.startsWith(`r${round}-42-`));
        assert.deepEqual(stale.filter((s) => fresh.includes(s.session_id)), [],
          'user 42\'s new sessions showed inside the lag');
        assert.ok(PendingUpdates >= 9, `PendingUpdates ${PendingUpdates}`);
      }
      if (!observed) {
        t.skip('no round finished inside the lag; the machine is too loaded to observe it');
        return;
      }
      assert.deepEqual(await drydockAdmin('WaitForIndexes'), { PendingUpdates: 0 });
    } finally {
      await drydockAdmin('SetGsiLag', { LagMs: previous });
    }
  }
  const expected = Object.values(written).filter((s) => s.user_id === 42);
  const got = await eventually(() => userSessions(42), (items) => expected.every(
    (e) => items.some((i) => i.session_id === e.session_id)));
  for (const session of expected) {
    assert.deepEqual(got.find((i) => i.session_id === session.session_id), session);
  }
  assert.equal(typeof got[0].user_id, 'number');
});

test('sparse GSI maintained by put, update and delete through the DocumentClient', async () => {
  // Pins sparse GSIs: only items with the key are indexed; updates move entries, REMOVE/Delete drop them.
  const name = await target.createTable({
    AttributeDefinitions: defs(['pk', 'S'], ['status', 'S']),
    GlobalSecondaryIndexes: [{
      IndexName: 'by_status', KeySchema: keySchema('status'),
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['title'] },
    }],
  });
  const doc = DynamoDBDocumentClient.from(target.ddb);
  const withStatus = async (status) => {
    const { Items } = await doc.send(new DocQueryCommand({
      TableName: name, IndexName: 'by_status', KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': status },
    }));
    return Items.map((i) => i.pk).sort();
  };
  const waitFor = (status, expected) => eventually(() => withStatus(status),
    (got) => JSON.stringify(got) === JSON.stringify(expected));

  await doc.send(new PutCommand({ TableName: name, Item: { pk: 'a', status: 'open', title: 'A' } }));
  await doc.send(new PutCommand({ TableName: name, Item: { pk: 'b', title: 'no status' } }));
  await doc.send(new PutCommand({ TableName: name, Item: { pk: 'c', status: 'open', secret: 's' } }));
  assert.deepEqual(await waitFor('open', ['a', 'c']), ['a', 'c']);

  await doc.send(new UpdateCommand({
    TableName: name, Key: { pk: 'a' }, UpdateExpression: 'SET #s = :d',
    ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':d': 'done' },
  }));
  assert.deepEqual(await waitFor('done', ['a']), ['a']);
  assert.deepEqual(await waitFor('open', ['c']), ['c']);

  await doc.send(new UpdateCommand({ TableName: name, Key: { pk: 'b' }, UpdateExpression: 'SET #s = :o',
    ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':o': 'open' } }));
  await doc.send(new UpdateCommand({ TableName: name, Key: { pk: 'c' }, UpdateExpression: 'REMOVE #s',
    ExpressionAttributeNames: { '#s': 'status' } }));
  await doc.send(new DeleteCommand({ TableName: name, Key: { pk: 'a' } }));
  assert.deepEqual(await waitFor('open', ['b']), ['b']);
  assert.deepEqual(await waitFor('done', []), []);

  const { Items } = await doc.send(new DocQueryCommand({
    TableName: name, IndexName: 'by_status', KeyConditionExpression: '#s = :s',
    ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'open' },
  }));
  assert.deepEqual(Items, [{ pk: 'b', status: 'open', title: 'no status' }]);
});

let paged; // 30 items on one GSI key, 10 per LSI partition rank

before(async () => {
  paged = await target.createTable({
    KeySchema: keySchema('pk', 'sk'),
    AttributeDefinitions: defs(['pk', 'S'], ['sk', 'S'], ['g', 'S'], ['rank', 'N']),
    GlobalSecondaryIndexes: [{ IndexName: 'by_g', KeySchema: keySchema('g'), Projection: { ProjectionType: 'KEYS_ONLY' } }],
    LocalSecondaryIndexes: [{ IndexName: 'by_rank', KeySchema: keySchema('pk', 'rank'), Projection: { ProjectionType: 'ALL' } }],
  });
  const items = [];
  for (let i = 0; i < 30; i += 1) {
    items.push({ pk: { S: `p${i % 3}` }, sk: { S: `s${String(i).padStart(2, '0')}` }, g: { S: 'same' }, rank: { N: String(i % 2) } });
  }
  for (let i = 0; i < items.length; i += 25) {
    await target.ddb.send(new BatchWriteItemCommand({ RequestItems: {
      [paged]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    } }));
  }
  const count = async () => (await target.ddb.send(new QueryCommand({
    TableName: paged, IndexName: 'by_g', KeyConditionExpression: 'g = :g',
    ExpressionAttributeValues: { ':g': { S: 'same' } }, Select: 'COUNT',
  }))).Count;
  assert.equal(await eventually(count, (n) => n === 30), 30);
});

test('paginateQuery over duplicate index keys returns each item once', async () => {
  // Pins index pagination over duplicate index keys: no repeats, no gaps, LastEvaluatedKey = table + index key.
  for (const [input, keyAttrs, total] of [
    [{ IndexName: 'by_g', KeyConditionExpression: 'g = :v', ExpressionAttributeValues: { ':v': { S: 'same' } } }, ['g', 'pk', 'sk'], 30],
    [{ IndexName: 'by_rank', KeyConditionExpression: 'pk = :v', ExpressionAttributeValues: { ':v': { S: 'p1' } } }, ['pk', 'rank', 'sk'], 10],
  ]) {
    const seen = [];
    let pages = 0;
    for await (const page of paginateQuery({ client: target.ddb, pageSize: 4 }, { TableName: paged, ...input })) {
      pages += 1;
      seen.push(...page.Items.map((i) => `${i.pk.S}/${i.sk.S}`));
      if (page.LastEvaluatedKey) assert.deepEqual(Object.keys(page.LastEvaluatedKey).sort(), keyAttrs);
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total, `repeated items over ${input.IndexName}`);
    assert.ok(pages >= Math.ceil(total / 4));
  }
});

test('index reads DynamoDB refuses', async () => {
  // Pins the index read errors: GSI ConsistentRead, ALL_ATTRIBUTES on a non-ALL GSI, unknown index.
  const query = (extra) => target.ddb.send(new QueryCommand({
    TableName: paged, KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'same' } }, ...extra,
  }));
  await expectServiceError(() => query({ IndexName: 'by_g', ConsistentRead: true }), 'ValidationException',
    perTarget('Consistent reads are not supported on global secondary indexes',
      'Consistent read cannot be true when querying a GSI'));
  await expectServiceError(() => query({ IndexName: 'by_g', Select: 'ALL_ATTRIBUTES' }), 'ValidationException',
    `${INVALID}Select type ALL_ATTRIBUTES is not supported for global secondary index by_g because its projection type is not ALL`);
  await expectServiceError(() => query({ IndexName: 'by_nothing' }), 'ValidationException',
    'The table does not have the specified index: by_nothing');
});

test('index key attributes of the wrong type or empty are rejected on writes', async () => {
  // Pins DynamoDB's ValidationExceptions for mistyped or empty index key values; nothing is written.
  const put = (Item) => target.ddb.send(new PutItemCommand({ TableName: paged, Item }));
  const base = { pk: { S: 'bad' }, sk: { S: 'k' } };
  await expectServiceError(() => put({ ...base, g: { N: '1' } }), 'ValidationException', perTarget(
    `${INVALID}Type mismatch for Index Key g Expected: S Actual: N IndexName: by_g`,
    `${INVALID}Type mismatch for Index Key`));
  await expectServiceError(() => put({ ...base, g: { S: '' } }), 'ValidationException',
    'One or more parameter values are not valid. A value specified for a secondary index key is not supported. '
    + 'The AttributeValue for a key attribute cannot contain an empty string value. IndexName: by_g, IndexKey: g');
  await expectServiceError(() => target.ddb.send(new UpdateItemCommand({
    TableName: paged, Key: base, UpdateExpression: 'SET g = :e', ExpressionAttributeValues: { ':e': { S: '' } },
  })), 'ValidationException',
  'One or more parameter values are not valid. The update expression attempted to update a secondary index key to '
    + 'a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.');
  const { Count } = await target.ddb.send(new QueryCommand({
    TableName: paged, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'bad' } }, ConsistentRead: true,
  }));
  assert.equal(Count, 0);
});

test('UpdateTable adds a GSI that backfills, then deletes it', async () => {
  // Pins online index changes: Create (CREATING, sparse backfill, ACTIVE) and Delete (DELETING, gone).
  const name = await target.createTable({});
  for (let i = 0; i < 12; i += 1) {
    const Item = { pk: { S: `k${i}` }, ...(i % 4 ? { city: { S: i % 2 ? 'Oslo' : 'Lima' } } : {}) };
    await target.ddb.send(new PutItemCommand({ TableName: name, Item }));
  }
  const created = await target.ddb.send(new UpdateTableCommand({
    TableName: name, AttributeDefinitions: defs(['city', 'S']),
    GlobalSecondaryIndexUpdates: [{ Create: {
      IndexName: 'by_city', KeySchema: keySchema('city'), Projection: { ProjectionType: 'KEYS_ONLY' },
    } }],
  }));
  const [creating] = created.TableDescription.GlobalSecondaryIndexes;
  assert.equal(creating.IndexName, 'by_city');
  assert.equal(creating.IndexStatus, 'CREATING');

  const active = await eventually(() => describeIndex(name, 'by_city'), (i) => i?.IndexStatus === 'ACTIVE', 15000);
  assert.equal(active.IndexStatus, 'ACTIVE');
  const { Items } = await target.ddb.send(new QueryCommand({
    TableName: name, IndexName: 'by_city', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': { S: 'Oslo' } },
  }));
  assert.deepEqual(Items.map((i) => i.pk.S).sort(), ['k1', 'k3', 'k5', 'k7', 'k9', 'k11'].sort());

  const deleted = await target.ddb.send(new UpdateTableCommand({
    TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'by_city' } }],
  }));
  assert.equal(deleted.TableDescription.GlobalSecondaryIndexes[0].IndexStatus, 'DELETING');
  assert.equal(await eventually(() => describeIndex(name, 'by_city'), (i) => i === undefined, 15000), undefined);
});

test('two GSI Create actions in one UpdateTable are LimitExceededException', async () => {
  // Pins DynamoDB's one-online-index-at-a-time rule for Create/Delete.
  const name = await target.createTable({});
  const create = (IndexName) => ({ Create: { IndexName, KeySchema: keySchema('a'), Projection: { ProjectionType: 'ALL' } } });
  await expectServiceError(() => target.ddb.send(new UpdateTableCommand({
    TableName: name, AttributeDefinitions: defs(['a', 'S']), GlobalSecondaryIndexUpdates: [create('one'), create('two')],
  })), 'LimitExceededException',
  'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table');
});

test('an unknown GSI to delete is ResourceNotFoundException naming index and table', dynamodbOnly, async () => {
  // Pins DynamoDB's text for Delete of an index the table does not have (Local: no names).
  const name = await target.createTable({});
  await expectServiceError(() => target.ddb.send(new UpdateTableCommand({
    TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'nope' } }],
  })), 'ResourceNotFoundException', `Requested resource not found: Index nope for table ${name}`);
});

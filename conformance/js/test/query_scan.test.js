// Query and Scan through aws-sdk-js v3: paginateQuery / paginateScan over 2,100 items (forward,
// backward, filtered, parallel segments), sort order, capacity and DynamoDB's validation texts.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import {
  BatchWriteItemCommand,
  QueryCommand,
  ScanCommand,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand as DocQueryCommand,
  paginateQuery as paginateDocQuery,
  paginateScan as paginateDocScan,
} from '@aws-sdk/lib-dynamodb';

import { dynamodbOnly, expectServiceError, perTarget, useTarget } from '../lib/harness.js';

const target = useTarget();
const PARTITIONS = 3;
const PER_PARTITION = 700;
const MISSED_KEY = 'Query condition missed key schema element';
let many; // pk S (p0..p2) + sk N, 2,100 items
let words; // pk S + sk S, strings whose UTF-8 and UTF-16 orders differ

// Sort key of item i: negative and fractional values (exact in binary, so String() is exact).
const skOf = (i) => (i - PER_PARTITION / 2) / 4;
const grpOf = (i) => i % 7;
const WORDS = ['a', 'B', 'z', 'é', 'ÿ', '中', '\ue000', '\uffff', '\u{1f600}', '10', '9', 'a\u0000', 'aa'];
const utf8Order = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

async function putAll(table, items) {
  const chunks = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const send = async (chunk) => {
    let pending = { [table]: chunk.map((Item) => ({ PutRequest: { Item } })) };
    for (let round = 0; round < 20 && Object.keys(pending).length; round += 1) {
      const out = await target.ddb.send(new BatchWriteItemCommand({ RequestItems: pending }));
      pending = out.UnprocessedItems ?? {};
    }
    assert.deepEqual(pending, {}, 'items left unprocessed');
  };
  for (let i = 0; i < chunks.length; i += 4) await Promise.all(chunks.slice(i, i + 4).map(send));
}

before(async () => {
  many = await target.createTable({
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  });
  words = await target.createTable({
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
  });
  const items = [];
  for (let p = 0; p < PARTITIONS; p += 1) {
    for (let i = 0; i < PER_PARTITION; i += 1) {
      items.push({
        pk: { S: `p${p}` }, sk: { N: String(skOf(i)) }, grp: { N: String(grpOf(i)) }, tag: { S: `t${p}-${i}` },
      });
    }
  }
  await putAll(many, items);
  await putAll(words, WORDS.map((w) => ({ pk: { S: 'w' }, sk: { S: w } })));
});

async function collect(paginator) {
  const pages = [];
  for await (const page of paginator) pages.push(page);
  return { pages, items: pages.flatMap((p) => p.Items ?? []) };
}

const range = (n) => Array.from({ length: n }, (_, i) => i);

test('paginateQuery walks a partition forward in numeric sort order', async () => {
  // Pins Query paging (Limit + LastEvaluatedKey) through the SDK paginator, N keys in numeric order.
  const { pages, items } = await collect(paginateQuery({ client: target.ddb, pageSize: 40 }, {
    TableName: many, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p1' } },
  }));
  assert.deepEqual(items.map((it) => Number(it.sk.N)), range(PER_PARTITION).map(skOf));
  assert.ok(pages.every((p) => p.Count <= 40 && p.Count === p.ScannedCount));
  assert.equal(pages.reduce((n, p) => n + p.Count, 0), PER_PARTITION);
  assert.ok(pages.length >= Math.ceil(PER_PARTITION / 40));
});

test('paginateQuery backward with a filter returns exactly the matches', async () => {
  // Pins ScanIndexForward false + FilterExpression across pages: Count adds to the matches, ScannedCount to the partition.
  const { pages, items } = await collect(paginateQuery({ client: target.ddb, pageSize: 33 }, {
    TableName: many, KeyConditionExpression: 'pk = :p', FilterExpression: 'grp = :g', ScanIndexForward: false,
    ExpressionAttributeValues: { ':p': { S: 'p2' }, ':g': { N: '3' } },
  }));
  const expected = range(PER_PARTITION).filter((i) => grpOf(i) === 3).reverse().map((i) => `t2-${i}`);
  assert.deepEqual(items.map((it) => it.tag.S), expected);
  assert.equal(pages.reduce((n, p) => n + p.ScannedCount, 0), PER_PARTITION);
  assert.equal(pages.reduce((n, p) => n + p.Count, 0), expected.length);
});

test('DocumentClient paginateQuery with a BETWEEN across signs', async () => {
  // Pins a numeric BETWEEN on the sort key (negative to positive) through lib-dynamodb's paginator.
  const doc = DynamoDBDocumentClient.from(target.ddb);
  const { items } = await collect(paginateDocQuery({ client: doc, pageSize: 25 }, {
    TableName: many, KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':p': 'p0', ':lo': -10.25, ':hi': 3.5 },
  }));
  const expected = range(PER_PARTITION).map(skOf).filter((n) => n >= -10.25 && n <= 3.5);
  assert.deepEqual(items.map((it) => it.sk), expected);
});

test('paginateQuery with Select COUNT adds up to the partition', async () => {
  // Pins Select COUNT paging: no Items member, Count per page, LastEvaluatedKey kept.
  const { pages } = await collect(paginateQuery({ client: target.ddb, pageSize: 120 }, {
    TableName: many, KeyConditionExpression: 'pk = :p', Select: 'COUNT',
    ExpressionAttributeValues: { ':p': { S: 'p0' } },
  }));
  assert.ok(pages.every((p) => p.Items === undefined));
  assert.equal(pages.reduce((n, p) => n + p.Count, 0), PER_PARTITION);
});

test('string sort keys are ordered by UTF-8 bytes, not UTF-16', async () => {
  // Pins S ordering: U+1F600 after U+FFFF and U+E000 (UTF-16 code-unit order would differ).
  const doc = DynamoDBDocumentClient.from(target.ddb);
  const forward = await doc.send(new DocQueryCommand({
    TableName: words, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'w' },
  }));
  const expected = [...WORDS].sort(utf8Order);
  assert.notDeepEqual(expected, [...WORDS].sort());
  assert.deepEqual(forward.Items.map((it) => it.sk), expected);
  const above = await doc.send(new DocQueryCommand({
    TableName: words, KeyConditionExpression: 'pk = :p AND sk > :v', ScanIndexForward: false,
    ExpressionAttributeValues: { ':p': 'w', ':v': '\uffff' },
  }));
  assert.deepEqual(above.Items.map((it) => it.sk), ['\u{1f600}']);
});

test('paginateScan visits every item once', async () => {
  // Pins Scan paging over 2,100 items: complete, no duplicates, full pages of pageSize.
  const { pages, items } = await collect(paginateScan({ client: target.ddb, pageSize: 100 }, { TableName: many }));
  const tags = items.map((it) => it.tag.S);
  assert.equal(tags.length, PARTITIONS * PER_PARTITION);
  assert.equal(new Set(tags).size, tags.length);
  assert.ok(pages.slice(0, -1).every((p) => p.Count === 100));
});

test('paginateScan with a filter counts scanned and returned items apart', async () => {
  // Pins Scan's Limit-before-filter: ScannedCount adds to the table, Count to the matches.
  const doc = DynamoDBDocumentClient.from(target.ddb);
  const { pages, items } = await collect(paginateDocScan({ client: doc, pageSize: 128 }, {
    TableName: many, FilterExpression: 'grp = :g AND sk >= :z', ExpressionAttributeValues: { ':g': 5, ':z': 0 },
  }));
  const expected = [];
  for (let p = 0; p < PARTITIONS; p += 1) {
    for (const i of range(PER_PARTITION)) if (grpOf(i) === 5 && skOf(i) >= 0) expected.push(`t${p}-${i}`);
  }
  assert.deepEqual(items.map((it) => it.tag).sort(), expected.sort());
  assert.equal(pages.reduce((n, p) => n + p.ScannedCount, 0), PARTITIONS * PER_PARTITION);
});

test('parallel paginateScan segments are disjoint and complete', async () => {
  // Pins Segment/TotalSegments: every item in exactly one segment, stable across pages.
  const seen = [];
  for (let segment = 0; segment < 3; segment += 1) {
    const { items } = await collect(paginateScan({ client: target.ddb, pageSize: 70 }, {
      TableName: many, Segment: segment, TotalSegments: 3, ProjectionExpression: 'tag',
    }));
    seen.push(...items.map((it) => it.tag.S));
  }
  assert.equal(seen.length, PARTITIONS * PER_PARTITION);
  assert.equal(new Set(seen).size, seen.length);
});

test('Query capacity is charged on the items read, not returned', async () => {
  // Pins ConsumedCapacity TOTAL for a Query: a filter that drops everything costs what the plain query costs.
  const base = {
    TableName: many, KeyConditionExpression: 'pk = :p', ReturnConsumedCapacity: 'TOTAL', ConsistentRead: true,
  };
  const plain = await target.ddb.send(new QueryCommand({ ...base, ExpressionAttributeValues: { ':p': { S: 'p0' } } }));
  const none = await target.ddb.send(new QueryCommand({
    ...base, FilterExpression: 'grp = :g', ExpressionAttributeValues: { ':p': { S: 'p0' }, ':g': { N: '99' } },
  }));
  assert.equal(none.Count, 0);
  assert.equal(none.ScannedCount, plain.ScannedCount);
  assert.equal(none.ConsumedCapacity.CapacityUnits, plain.ConsumedCapacity.CapacityUnits);
  assert.equal(none.ConsumedCapacity.TableName, many);
  assert.ok(plain.ConsumedCapacity.CapacityUnits >= 1);
});

test('Query validation texts', async () => {
  // Pins DynamoDB's messages for a Limit of 0, a key condition on a non-key attribute and a range on the partition key.
  const send = (input) => () => target.ddb.send(new QueryCommand({ TableName: many, ...input }));
  await expectServiceError(send({
    KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p0' } }, Limit: 0,
  }), 'ValidationException', perTarget(
    "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    'Limit must be greater than or equal to 1'));
  await expectServiceError(send({
    KeyConditionExpression: 'grp = :g', ExpressionAttributeValues: { ':g': { N: '1' } },
  }), 'ValidationException', perTarget(`${MISSED_KEY}: pk`, MISSED_KEY));
  await expectServiceError(send({
    KeyConditionExpression: 'pk = :p AND grp = :g', ExpressionAttributeValues: { ':p': { S: 'p0' }, ':g': { N: '1' } },
  }), 'ValidationException', perTarget(`${MISSED_KEY}: sk`, MISSED_KEY));
  await expectServiceError(send({
    KeyConditionExpression: 'pk > :p', ExpressionAttributeValues: { ':p': { S: 'p0' } },
  }), 'ValidationException', 'Query key condition not supported');
  await expectServiceError(send({}), 'ValidationException',
    'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
});

test('Scan validation texts for segments', async () => {
  // Pins DynamoDB's parallel-scan parameter errors.
  const send = (input) => () => target.ddb.send(new ScanCommand({ TableName: many, ...input }));
  await expectServiceError(send({ Segment: 3, TotalSegments: 3 }), 'ValidationException', perTarget(
    'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less than TotalSegments: 3',
    "1 validation error detected: Value '3' at 'segment' failed to satisfy constraint: Member must have value less than or equal to 2"));
  await expectServiceError(send({ Segment: 1 }), 'ValidationException', perTarget(
    'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    'If segment is specified, total segment must also be specified'));
  await expectServiceError(send({ TotalSegments: 2 }), 'ValidationException', perTarget(
    'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    'If total segments is specified, a particular segment must also be specified for this request'));
});

test('a filter that drops a whole megabyte still ends the page', dynamodbOnly, async () => {
  // Pins the 1 MB page measured before the filter (DynamoDB Local reads on past it).
  const big = await target.createTable();
  const filler = 'x'.repeat(100_000 - 'pk'.length - 3 - 'filler'.length);
  await putAll(big, range(15).map((i) => ({ pk: { S: `b${String(i).padStart(2, '0')}` }, filler: { S: filler } })));
  const page = await target.ddb.send(new ScanCommand({ TableName: big, FilterExpression: 'attribute_not_exists(filler)' }));
  assert.equal(page.Count, 0);
  assert.equal(page.ScannedCount, 11);
  assert.ok(page.LastEvaluatedKey);
});

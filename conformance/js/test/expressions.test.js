// Condition, update and projection expressions as aws-sdk-js v3 users meet them: the
// ConditionalCheckFailedException class with its Item, DocumentClient updates and ReturnValues,
// exact numbers, projections and the expression errors the SDK surfaces.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

import { expectServiceError, perTarget, useTarget } from '../lib/harness.js';

const target = useTarget();
let table;
let doc;

before(async () => {
  table = await target.createTable();
  doc = DynamoDBDocumentClient.from(target.ddb);
});

const CCF = 'ConditionalCheckFailedException';
const CCF_MESSAGE = 'The conditional request failed';

test('a failed condition is ConditionalCheckFailedException carrying the old item', async () => {
  // Pins the exception class and message on PutItem, UpdateItem and DeleteItem, and the
  // current item in err.Item with ReturnValuesOnConditionCheckFailure=ALL_OLD.
  const key = { pk: { S: 'js-ccf' } };
  const old = { ...key, v: { N: '1' }, m: { M: { l: { L: [{ S: 'x' }] } } } };
  await target.ddb.send(new PutItemCommand({ TableName: table, Item: old }));
  const guard = {
    TableName: table,
    ConditionExpression: 'v = :two',
    ExpressionAttributeValues: { ':two': { N: '2' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
  const commands = [
    new PutItemCommand({ ...guard, Item: key }),
    new UpdateItemCommand({ ...guard, Key: key, UpdateExpression: 'REMOVE v' }),
    new DeleteItemCommand({ ...guard, Key: key }),
  ];
  for (const command of commands) {
    const err = await expectServiceError(() => target.ddb.send(command), CCF, CCF_MESSAGE);
    assert.ok(err instanceof ConditionalCheckFailedException);
    assert.deepEqual(err.Item, old);
  }
  const { Item } = await target.ddb.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
  assert.deepEqual(Item, old);
});

test('no Item without ALL_OLD or without an item', async () => {
  // Pins that err.Item is absent with ReturnValuesOnConditionCheckFailure NONE, and with
  // ALL_OLD when the key has no item.
  const key = { pk: { S: 'js-ccf-none' } };
  const absent = await expectServiceError(() => target.ddb.send(new DeleteItemCommand({
    TableName: table, Key: key, ConditionExpression: 'attribute_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })), CCF, CCF_MESSAGE);
  assert.equal(absent.Item, undefined);
  await target.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, v: { N: '1' } } }));
  const none = await expectServiceError(() => target.ddb.send(new PutItemCommand({
    TableName: table, Item: key, ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'NONE',
  })), CCF, CCF_MESSAGE);
  assert.equal(none.Item, undefined);
});

test('DocumentClient conditional counter with if_not_exists and ADD', async () => {
  // Pins SET n = if_not_exists(n, :zero) + :one creating and incrementing, ADD on numbers and
  // string sets, and UPDATED_NEW returning only the written attributes.
  const key = { pk: 'js-counter' };
  const first = await doc.send(new UpdateCommand({
    TableName: table, Key: key,
    UpdateExpression: 'SET n = if_not_exists(n, :zero) + :one ADD hits :one, tags :t',
    ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':t': new Set(['a']) },
    ReturnValues: 'UPDATED_NEW',
  }));
  assert.deepEqual(first.Attributes, { n: 1, hits: 1, tags: new Set(['a']) });
  const second = await doc.send(new UpdateCommand({
    TableName: table, Key: key,
    UpdateExpression: 'SET n = if_not_exists(n, :zero) + :one ADD hits :one, tags :t',
    ConditionExpression: 'n = :one',
    ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':t': new Set(['b', 'a']) },
    ReturnValues: 'ALL_NEW',
  }));
  assert.deepEqual(second.Attributes, { pk: 'js-counter', n: 2, hits: 2, tags: new Set(['a', 'b']) });
  await expectServiceError(() => doc.send(new UpdateCommand({
    TableName: table, Key: key, UpdateExpression: 'SET n = n + :one', ConditionExpression: 'n = :one',
    ExpressionAttributeValues: { ':one': 1 },
  })), CCF, CCF_MESSAGE);
});

test('ReturnValues shapes for UpdateItem', async () => {
  // Pins ALL_OLD (whole old item), UPDATED_OLD (old values of touched attributes that
  // existed), ALL_NEW (whole new item) and UPDATED_NEW (new values that still exist).
  const key = { pk: 'js-rv-update' };
  const expression = 'SET a = a + :one, d = :d REMOVE c';
  const values = { ':one': 1, ':d': 'new' };
  const reset = () => doc.send(new PutCommand({ TableName: table, Item: { ...key, a: 1, b: 'keep', c: 'gone' } }));
  const run = async (mode) => {
    await reset();
    const out = await doc.send(new UpdateCommand({
      TableName: table, Key: key, UpdateExpression: expression, ExpressionAttributeValues: values, ReturnValues: mode,
    }));
    return out.Attributes;
  };
  assert.equal(await run('NONE'), undefined);
  assert.deepEqual(await run('ALL_OLD'), { ...key, a: 1, b: 'keep', c: 'gone' });
  assert.deepEqual(await run('UPDATED_OLD'), { a: 1, c: 'gone' });
  assert.deepEqual(await run('ALL_NEW'), { ...key, a: 2, b: 'keep', d: 'new' });
  assert.deepEqual(await run('UPDATED_NEW'), { a: 2, d: 'new' });
});

test('UPDATED_NEW for nested paths returns only the written paths', async () => {
  // Pins DynamoDB's nested UPDATED_NEW shape (DynamoDB Local returns the whole top-level map).
  const key = { pk: 'js-rv-nested' };
  await doc.send(new PutCommand({ TableName: table, Item: { ...key, a: { b: 'dog', c: [1, 2, 3], keep: 'k' } } }));
  const out = await doc.send(new UpdateCommand({
    TableName: table, Key: key, UpdateExpression: 'SET a.c[1] = :v, a.b = :w',
    ExpressionAttributeValues: { ':v': 8, ':w': 'yo' }, ReturnValues: 'UPDATED_NEW',
  }));
  assert.deepEqual(out.Attributes, perTarget(
    { a: { b: 'yo', c: [8] } },
    { a: { b: 'yo', c: [1, 8, 3], keep: 'k' } }));
});

test('list_append, nested SET and REMOVE of list elements', async () => {
  // Pins list_append in both orders (not nested), SET past the end appending, and REMOVE by
  // original index.
  const key = { pk: 'js-lists' };
  await doc.send(new PutCommand({ TableName: table, Item: { ...key, l: ['b'], m: { arr: [0, 1, 2, 3] } } }));
  // list_append may not nest inside list_append: DynamoDB rejects the whole update.
  await expectServiceError(() => doc.send(new UpdateCommand({
    TableName: table, Key: key,
    UpdateExpression: 'SET l = list_append(:head, list_append(l, :tail))',
    ExpressionAttributeValues: { ':head': ['a'], ':tail': ['c'] },
  })), 'ValidationException',
  'Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append');
  await doc.send(new UpdateCommand({
    TableName: table, Key: key,
    UpdateExpression: 'SET l = list_append(:head, l), m.arr[10] = :x REMOVE m.arr[0], m.arr[2]',
    ExpressionAttributeValues: { ':head': ['a'], ':x': 'end' },
  }));
  await doc.send(new UpdateCommand({
    TableName: table, Key: key, UpdateExpression: 'SET l = list_append(l, :tail)', ExpressionAttributeValues: { ':tail': ['c'] },
  }));
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  assert.deepEqual(Item, { ...key, l: ['a', 'b', 'c'], m: { arr: [1, 3, 'end'] } });
});

test('38-digit arithmetic stays exact through NumberValue', async () => {
  // Pins exact decimal addition at 38 significant digits and the overflow error past 9.99E+125.
  // A client of its own: the DocumentClient's marshalling options live on the client's stack.
  const own = target.client();
  const wrapped = DynamoDBDocumentClient.from(own, { unmarshallOptions: { wrapNumbers: true } });
  const key = { pk: 'js-arith' };
  await wrapped.send(new PutCommand({ TableName: table, Item: { ...key, n: NumberValue.from('99999999999999999999999999999999999998') } }));
  const out = await wrapped.send(new UpdateCommand({
    TableName: table, Key: key, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW',
  }));
  assert.equal(out.Attributes.n.toString(), '99999999999999999999999999999999999999');
  const frac = await wrapped.send(new UpdateCommand({
    TableName: table, Key: key, UpdateExpression: 'SET f = :a + :b',
    ExpressionAttributeValues: { ':a': NumberValue.from('0.1'), ':b': NumberValue.from('0.2') }, ReturnValues: 'UPDATED_NEW',
  }));
  assert.equal(frac.Attributes.f.toString(), '0.3');
  await expectServiceError(() => wrapped.send(new UpdateCommand({
    TableName: table, Key: key, UpdateExpression: 'SET g = :a + :a',
    ExpressionAttributeValues: { ':a': NumberValue.from('9E+125') },
  })), 'ValidationException', 'Number overflow. Attempting to store a number with magnitude larger than supported range');
  own.destroy();
});

test('GetCommand ProjectionExpression returns nested paths inside their parents', async () => {
  // Pins projected list elements closing up in order and sibling paths merging.
  const key = { pk: 'js-proj' };
  await doc.send(new PutCommand({ TableName: table, Item: { ...key, a: { b: [0, 1, { c: 'deep', d: 'x' }], x: 'ax' }, s: 'str' } }));
  const { Item } = await doc.send(new GetCommand({
    TableName: table, Key: key, ProjectionExpression: '#a.b[2].c, #a.b[0], s', ExpressionAttributeNames: { '#a': 'a' },
  }));
  assert.deepEqual(Item, { a: { b: [0, { c: 'deep' }] }, s: 'str' });
  const empty = await doc.send(new GetCommand({ TableName: table, Key: key, ProjectionExpression: 'a.b[7]' }));
  assert.deepEqual(empty.Item, {});
});

test('expression errors surface as ValidationException with DynamoDB texts', async () => {
  // Pins a sample of messages: syntax, reserved word, overlap, key update, invalid path, undefined
  // and unused placeholders, cross-operand type error.
  const key = { pk: { S: 'js-errors' } };
  await target.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, s: { S: 'x' } } }));
  const cases = [
    [{ UpdateExpression: 'SET a = :v,', ExpressionAttributeValues: { ':v': { N: '1' } } },
      'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","'],
    [{ UpdateExpression: 'SET status = :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
      'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status'],
    [{ UpdateExpression: 'SET m.x = :v, m = :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m, x], path two: [m]'],
    [{ UpdateExpression: 'SET pk = :v', ExpressionAttributeValues: { ':v': { S: 'y' } } },
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key'],
    [{ UpdateExpression: 'SET s.x = :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
      'The document path provided in the update expression is invalid for update'],
    [{ UpdateExpression: 'SET a = :nope' },
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope'],
    [{ UpdateExpression: 'SET a = :v', ExpressionAttributeValues: { ':v': { N: '1' }, ':w': { N: '2' } } },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}'],
    [{ UpdateExpression: 'SET a = :v', ConditionExpression: 's < :l', ExpressionAttributeValues: { ':v': { N: '1' }, ':l': { L: [] } } },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: L'],
    [{ UpdateExpression: 'ADD s :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
      'An operand in the update expression has an incorrect data type'],
  ];
  for (const [params, message] of cases) {
    await expectServiceError(() => target.ddb.send(new UpdateItemCommand({ TableName: table, Key: key, ...params })),
      'ValidationException', message);
  }
});

test('legacy and expression parameters cannot be mixed', async () => {
  // Pins the mixing message with both parameter lists in DynamoDB's order.
  await expectServiceError(() => target.ddb.send(new UpdateItemCommand({
    TableName: table,
    Key: { pk: { S: 'js-mix' } },
    AttributeUpdates: { a: { Action: 'PUT', Value: { N: '1' } } },
    Expected: { a: { Exists: false } },
    UpdateExpression: 'SET a = :v',
    ConditionExpression: 'attribute_not_exists(a)',
    ExpressionAttributeValues: { ':v': { N: '1' } },
  })), 'ValidationException',
  'Can not use both expression and non-expression parameters in the same request: '
    + 'Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: {UpdateExpression, ConditionExpression}');
});

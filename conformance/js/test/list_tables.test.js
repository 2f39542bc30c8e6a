// ListTables pagination through aws-sdk-js v3, including its paginator.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { ListTablesCommand, paginateListTables } from '@aws-sdk/client-dynamodb';

import { uniqueName, useTarget } from '../lib/harness.js';

const target = useTarget();
const prefix = uniqueName('cfjs_list');
const names = ['a', 'b', 'c', 'd', 'e'].map((s) => `${prefix}_${s}`);

before(async () => {
  for (const TableName of names) await target.createTable({ TableName });
});

test('Limit and LastEvaluatedTableName page through tables in name order', async () => {
  // Pins page size, ascending order, and LastEvaluatedTableName as the resume point.
  const first = await target.ddb.send(new ListTablesCommand({ ExclusiveStartTableName: prefix, Limit: 2 }));
  assert.deepEqual(first.TableNames, names.slice(0, 2));
  assert.equal(first.LastEvaluatedTableName, names[1]);
  const second = await target.ddb.send(new ListTablesCommand({ ExclusiveStartTableName: first.LastEvaluatedTableName, Limit: 2 }));
  assert.deepEqual(second.TableNames, names.slice(2, 4));
  assert.equal(second.LastEvaluatedTableName, names[3]);
});

test('paginateListTables walks every page', async () => {
  // Pins that the SDK paginator terminates and yields every table exactly once.
  const seen = [];
  let pages = 0;
  for await (const page of paginateListTables({ client: target.ddb, pageSize: 2 }, {})) {
    pages += 1;
    assert.ok(page.TableNames.length <= 2);
    seen.push(...page.TableNames);
  }
  assert.equal(new Set(seen).size, seen.length);
  for (const name of names) assert.ok(seen.includes(name), name);
  assert.ok(pages >= 3);
  assert.deepEqual(seen, [...seen].sort());
});

test('paginator from an ExclusiveStartTableName', async () => {
  // Pins that the paginator resumes from the caller's start name, one table per page.
  const seen = [];
  for await (const page of paginateListTables({ client: target.ddb, pageSize: 1 }, { ExclusiveStartTableName: names[1] })) {
    assert.ok(page.TableNames.length <= 1);
    seen.push(...page.TableNames);
    if (seen.length >= 3) break;
  }
  assert.deepEqual(seen, names.slice(2, 5));
});

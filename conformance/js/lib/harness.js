// Shared setup for drydock's aws-sdk-js v3 conformance tests.
//
// Target selection (environment), the same contract as the Python suite:
//   DRYDOCK_ENDPOINT=http://host:port  use an already-running endpoint
//   DRYDOCK_ORACLE=1                   that endpoint is DynamoDB Local: skip DynamoDB-only checks
//   DRYDOCK_BIN=path/to/drydock        otherwise start it with -inMemory on a free 127.0.0.1 port
//
// node --test runs each file in its own process, so each file owns at most one server.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import { after, afterEach, before, beforeEach } from 'node:test';

import {
  DescribeTableCommand,
  DynamoDBClient,
  DeleteTableCommand,
  CreateTableCommand,
} from '@aws-sdk/client-dynamodb';

export const ORACLE = process.env.DRYDOCK_ORACLE === '1';
export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'AKIDDRYDOCKCONFJS', secretAccessKey: 'drydock-js-secret' };
const START_TIMEOUT_MS = 5000;

/** DynamoDB's value, or DynamoDB Local's when the suite runs against the oracle. */
export function perTarget(dynamodb, local) {
  return ORACLE ? local : dynamodb;
}

/** Options for a test that pins behaviour DynamoDB Local lacks. */
export const dynamodbOnly = ORACLE ? { skip: 'DynamoDB Local (the oracle) differs here' } : {};

export function uniqueName(prefix = 'cfjs') {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class ManagedServer {
  constructor(binary) {
    this.binary = binary;
    this.log = '';
    this.exit = null;
  }

  async start() {
    accessSync(this.binary, constants.X_OK);
    this.port = await freePort();
    this.endpoint = `http://127.0.0.1:${this.port}`;
    this.proc = spawn(this.binary, ['-port', String(this.port), '-inMemory'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => { this.log = (this.log + chunk.toString()).slice(-8000); };
    this.proc.stdout.on('data', keep);
    this.proc.stderr.on('data', keep);
    this.proc.on('exit', (code, signal) => { this.exit = { code, signal }; });

    const deadline = Date.now() + START_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      this.assertAlive('during startup');
      try {
        const res = await fetch(`${this.endpoint}/`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
        last = `GET / answered ${res.status}`;
      } catch (e) {
        last = String(e.cause ?? e);
      }
      await sleep(50);
    }
    await this.stop();
    throw new Error(`drydock did not answer GET / with 200 within ${START_TIMEOUT_MS} ms (${last})\n${this.log}`);
  }

  assertAlive(when = '') {
    if (this.exit) {
      throw new Error(`drydock exited (${JSON.stringify(this.exit)}) ${when}; log tail:\n${this.log}`);
    }
  }

  async stop() {
    if (!this.proc || this.exit) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Registers before/after hooks for this test file and returns the target:
 *   target.ready(), target.endpoint, target.ddb, target.client(), target.createTable()
 */
export function useTarget() {
  const target = { endpoint: null, server: null, created: [] };

  target.client = (extra = {}) => new DynamoDBClient({
    endpoint: target.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    ...extra,
  });

  /** CreateTable (on-demand, hash key pk:S unless overridden), wait for ACTIVE, delete at the end. */
  target.createTable = async (spec = {}) => {
    await target.ready();
    const input = {
      TableName: uniqueName(),
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...spec,
    };
    await target.ddb.send(new CreateTableCommand(input));
    target.created.push(input.TableName);
    await waitForStatus(target.ddb, input.TableName, 'ACTIVE');
    return input.TableName;
  };

  target.forget = (name) => {
    target.created = target.created.filter((n) => n !== name);
  };

  // Hooks registered by the test file may start before this one finishes (node 20 runs
  // top-level hooks eagerly), so every entry point awaits the same start-up promise.
  let starting = null;
  target.ready = () => (starting ??= (async () => {
    if (process.env.DRYDOCK_ENDPOINT) {
      target.endpoint = process.env.DRYDOCK_ENDPOINT.replace(/\/+$/, '');
    } else if (process.env.DRYDOCK_BIN) {
      target.server = new ManagedServer(process.env.DRYDOCK_BIN);
      await target.server.start();
      target.endpoint = target.server.endpoint;
    } else {
      throw new Error('set DRYDOCK_ENDPOINT (a running endpoint) or DRYDOCK_BIN');
    }
    target.ddb = target.client();
  })());

  before(() => target.ready());

  beforeEach(() => {
    target.server?.assertAlive('before this test');
  });

  afterEach(() => {
    target.server?.assertAlive('during this test');
  });

  after(async () => {
    try {
      for (const name of target.created) {
        try {
          await waitForStatus(target.ddb, name, 'ACTIVE', 10000);
          await target.ddb.send(new DeleteTableCommand({ TableName: name }));
        } catch (e) {
          if (e.name !== 'ResourceNotFoundException') throw e;
        }
      }
    } finally {
      target.ddb?.destroy();
      if (target.server) {
        const died = target.server.exit;
        await target.server.stop();
        if (died) throw new Error(`drydock died during the run:\n${target.server.log}`);
      }
    }
  });

  return target;
}

export async function waitForStatus(client, name, status = 'ACTIVE', timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table.TableStatus === status) return Table;
    if (Date.now() > deadline) throw new Error(`table ${name} still ${Table.TableStatus}`);
    await sleep(50);
  }
}

/** Runs fn, expecting it to reject with an SDK service error of this name and message. */
export async function expectServiceError(fn, name, message) {
  let caught;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  if (!caught) throw new Error(`expected ${name}, but the call succeeded`);
  if (caught.name !== name || (message instanceof RegExp ? !message.test(caught.message) : caught.message !== message)) {
    throw new Error(`expected ${name}: ${message}\n     got ${caught.name}: ${caught.message}`);
  }
  if (caught.$metadata?.httpStatusCode !== 400) {
    throw new Error(`expected HTTP 400, got ${caught.$metadata?.httpStatusCode}`);
  }
  return caught;
}

"""Conditional writes under contention: optimistic-concurrency counters must not lose or
duplicate an update.

Size (environment; the default is the full 16 x 500 = 8,000 increments):
  DRYDOCK_CONCURRENCY_THREADS     threads, each with its own boto3 client (default 16)
  DRYDOCK_CONCURRENCY_INCREMENTS  successful increments per thread (default 500)
"""

import os
import threading
import time

from botocore.exceptions import ClientError

from ddb_support import make_client, unique_name

THREADS = int(os.environ.get("DRYDOCK_CONCURRENCY_THREADS", "16"))
INCREMENTS = int(os.environ.get("DRYDOCK_CONCURRENCY_INCREMENTS", "500"))
DEADLINE_S = 600.0


def N(x):
    return {"N": str(x)}


def read_counter(client, table, key):
    return int(client.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]["n"]["N"])


class Incrementer(threading.Thread):
    """Performs `count` successful `SET n = n + :one` guarded by `n = :expected`, re-reading
    the counter after every ConditionalCheckFailedException."""

    def __init__(self, client, table, key, count, start_gate):
        super().__init__(daemon=True)
        self.client, self.table, self.key, self.count = client, table, key, count
        self.start_gate = start_gate
        self.new_values = []   # n after each of this thread's successful increments
        self.conflicts = 0
        self.error = None

    def run(self):
        try:
            self.start_gate.wait()
            expected = read_counter(self.client, self.table, self.key)
            while len(self.new_values) < self.count:
                try:
                    out = self.client.update_item(
                        TableName=self.table, Key=self.key,
                        UpdateExpression="SET n = n + :one", ConditionExpression="n = :expected",
                        ExpressionAttributeValues={":one": N(1), ":expected": N(expected)},
                        ReturnValues="UPDATED_NEW")
                except ClientError as e:
                    if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
                        raise
                    assert e.response["Error"]["Message"] == "The conditional request failed"
                    self.conflicts += 1
                    expected = read_counter(self.client, self.table, self.key)
                    continue
                assert out["Attributes"] == {"n": N(expected + 1)}, out
                expected += 1
                self.new_values.append(expected)
        except BaseException as e:  # reported by the test thread
            self.error = e


def test_conditional_increments_never_lose_an_update(endpoint, tables):
    """16 clients each doing 500 optimistic increments (SET n = n + :one IF n = :expected,
    retried after ConditionalCheckFailedException) end at exactly 8,000: every success
    returns a distinct value 1..8000, and nothing else in the table changes."""
    setup = make_client(endpoint)
    table = tables.create(unique_name("cf_conc"))
    key = {"pk": {"S": "counter"}}
    setup.put_item(TableName=table, Item={**key, "n": N(0)})
    sentinels = [{"pk": {"S": f"sentinel-{i}"}, "n": N(i), "note": {"S": "untouched"},
                  "doc": {"M": {"l": {"L": [N(i), {"S": "x"}]}}}} for i in range(5)]
    for item in sentinels:
        setup.put_item(TableName=table, Item=item)

    gate = threading.Event()
    workers = [Incrementer(make_client(endpoint), table, key, INCREMENTS, gate)
               for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    started = time.monotonic()
    gate.set()
    for worker in workers:
        worker.join(timeout=max(1.0, DEADLINE_S - (time.monotonic() - started)))
    elapsed = time.monotonic() - started
    assert not any(w.is_alive() for w in workers), f"increments still running after {DEADLINE_S}s"
    for worker in workers:
        if worker.error is not None:
            raise worker.error

    total = THREADS * INCREMENTS
    conflicts = sum(w.conflicts for w in workers)
    print(f"\n{THREADS} threads x {INCREMENTS} increments: {elapsed:.1f}s, "
          f"{total / elapsed:.0f} increments/s, {conflicts} conditional failures retried")

    returned = [v for w in workers for v in w.new_values]
    assert len(returned) == total
    assert sorted(returned) == list(range(1, total + 1)), "an increment was lost or applied twice"
    for worker in workers:
        assert worker.new_values == sorted(worker.new_values)
    final = setup.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
    assert final == {**key, "n": N(total)}
    for item in sentinels:
        got = setup.get_item(TableName=table, Key={"pk": item["pk"]}, ConsistentRead=True)["Item"]
        assert got == item
    scanned = setup.scan(TableName=table, Select="COUNT", ConsistentRead=True)
    assert scanned["Count"] == len(sentinels) + 1


def test_conditional_create_has_one_winner(endpoint, tables):
    """Of several clients racing PutItem with attribute_not_exists(pk) for one key, exactly
    one succeeds and the rest get ConditionalCheckFailedException."""
    table = tables.create(unique_name("cf_conc"))
    clients, rounds = 4, 50
    gate = threading.Barrier(clients)
    outcomes = []
    lock = threading.Lock()

    def racer(client, me):
        for r in range(rounds):
            gate.wait()
            try:
                client.put_item(TableName=table, Item={"pk": {"S": f"race-{r}"}, "winner": N(me)},
                                ConditionExpression="attribute_not_exists(pk)")
                result = ("won", r, me)
            except ClientError as e:
                result = (e.response["Error"]["Code"], r, me)
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=racer, args=(make_client(endpoint), i), daemon=True)
               for i in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert len(outcomes) == clients * rounds
    check = make_client(endpoint)
    for r in range(rounds):
        results = [o for o in outcomes if o[1] == r]
        winners = [o[2] for o in results if o[0] == "won"]
        assert len(winners) == 1, results
        losers = [o[0] for o in results if o[0] != "won"]
        assert losers == ["ConditionalCheckFailedException"] * (clients - 1), results
        item = check.get_item(TableName=table, Key={"pk": {"S": f"race-{r}"}},
                              ConsistentRead=True)["Item"]
        assert item["winner"] == N(winners[0])

"""Throughput enforcement end to end: simulated partitions, burst capacity, per-partition limits,
GSI back-pressure, batch operations' unprocessed items, and the SDK's retries, on a drydock of
this module's own started with --throughput=enforce --clock=manual. Simulated time moves only
with DrydockAdmin.AdvanceClock, so a load "of 1,500 writes per second for five seconds" takes
as long as the requests take, and every figure is exact.

The rules pinned (Developer Guide): a partition serves at most 1,000 WCU and 3,000 RCU per
second; a table starts with ceil(RCU / 3,000 + WCU / 1,000) partitions; unused capacity is kept
for up to 300 seconds (burst capacity) at the table, while burst "can't alleviate partition-level
throttling"; a GSI without write capacity throttles the writes of its table; BatchGetItem and
BatchWriteItem return throttled keys and items unprocessed and fail only when none could be
processed; ProvisionedThroughputExceededException (provisioned) and ThrottlingException
(on-demand) carry DynamoDB's messages.
"""

import math
import os
import subprocess
import tempfile

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ManagedServer, _free_port
from ddb_support import ACCESS_KEY, REGION, SECRET_KEY, RawClient, TableFactory, make_client, unique_name

TABLE_THROTTLED = ("The level of configured provisioned throughput for the table was exceeded. "
                   "Consider increasing your provisioning level with the UpdateTable API.")
INDEX_THROTTLED = ("The level of configured provisioned throughput for one or more global "
                   "secondary indexes of the table was exceeded. Consider increasing your "
                   "provisioning level for the under-provisioned global secondary indexes with "
                   "the UpdateTable API")
ON_DEMAND_THROTTLED = (
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically "
    "scaling your table or index so please try again shortly. If exceptions persist, check if you "
    "have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html")
HASH_SPACE = 2 ** 63


class FlaggedServer(ManagedServer):
    """A drydock of this module's own, started with extra flags (conftest's ManagedServer
    starts the session's plain one)."""

    def __init__(self, binary, *flags):
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="drydock-pytest-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [binary, "-port", str(self.port), "-inMemory", *flags],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self._wait_until_up()


def start_flagged_server(*flags):
    binary = os.environ.get("DRYDOCK_BIN")
    if not binary or os.environ.get("DRYDOCK_ENDPOINT"):
        pytest.skip("starts its own drydock with extra flags: needs DRYDOCK_BIN")
    return FlaggedServer(binary, *flags)


class Env:
    """The enforcing server: a client without retries, raw admin requests, the clock."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.ddb = make_client(endpoint)
        self.raw = RawClient(endpoint)
        self.conn = self.raw.connection()  # kept alive: the clock is advanced often
        self.tables = TableFactory(self.ddb)

    def admin(self, operation, body=None):
        resp = self.raw.call(None, body or {}, conn=self.conn,
                             extra_headers={"X-Amz-Target": "DrydockAdmin." + operation})
        assert resp.status == 200, resp.body
        return resp.json()

    def advance(self, ms):
        return self.admin("AdvanceClock", {"Milliseconds": ms})["ClockMicros"]

    def partitions(self, table):
        return self.admin("DescribePartitions", {"TableName": table})

    def provisioned(self, rcu, wcu, *, range_key=None, **extra):
        return self.tables.create(unique_name("cf_tp"), range_key=range_key, BillingMode="PROVISIONED",
                                  ProvisionedThroughput={"ReadCapacityUnits": rcu,
                                                         "WriteCapacityUnits": wcu}, **extra)


@pytest.fixture(scope="module")
def env():
    server = start_flagged_server("--throughput=enforce", "--clock=manual")
    e = Env(server.endpoint)
    try:
        yield e
    finally:
        e.tables.cleanup()
        e.conn.close()
        server.stop()
        os.unlink(server.log.name)


def item_of(pk, sk, total):
    """An item of exactly `total` bytes (S attributes: name + value bytes)."""
    item = {"pk": {"S": pk}}
    if sk is not None:
        item["sk"] = {"S": sk}
    used = sum(len(k) + len(v["S"]) for k, v in item.items())
    item["zz"] = {"S": "x" * (total - used - 2)}
    return item


def error_of(excinfo):
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]


def run_writes(env, table, keys, seconds, rate=1500, batch=25):
    """BatchWriteItem of 1 KB items at `rate` items per simulated second: 60 requests of 25 a
    second, the clock advanced between requests. Returns per second (served, unprocessed) and
    the simulated time (s) of the first unprocessed item."""
    per_second, first_throttle, n = [], None, 0
    requests_per_second = rate // batch
    step_ms = 1000 / requests_per_second
    for s in range(seconds):
        served = unprocessed = 0
        for r in range(requests_per_second):
            if s or r:
                env.advance(step_ms)  # before, not after: the last request's state stays visible
            items = []
            for _ in range(batch):
                pk, sk = keys(n)
                items.append(item_of(pk, sk, 1024))
                n += 1
            try:
                resp = env.ddb.batch_write_item(
                    RequestItems={table: [{"PutRequest": {"Item": i}} for i in items]})
                left = len(resp["UnprocessedItems"].get(table, []))
            except ClientError as e:  # every item throttled
                assert e.response["Error"]["Code"] == "ProvisionedThroughputExceededException"
                left = batch
            served += batch - left
            unprocessed += left
            if left and first_throttle is None:
                first_throttle = s + r * step_ms / 1000
        per_second.append((served, unprocessed))
    return per_second, first_throttle


def test_partitions_follow_provisioned_throughput(env):
    """DescribePartitions: a table provisioned with 3,000 WCU and 1 RCU has ceil(1/3,000 +
    3,000/1,000) = 4 partitions (the formula rounds up the sum, so any read capacity tips
    3,000 WCU past three), each of 1,000 WCU / 3,000 RCU, splitting the partition-key hash space
    evenly; 2,400 WCU and 1,800 RCU make exactly three. Burst capacity is 300 seconds of the
    provisioned rate."""
    for rcu, wcu in ((1, 3000), (1800, 2400), (5, 5)):
        name = env.provisioned(rcu, wcu)
        state = env.partitions(name)
        table = state["Table"]
        count = math.ceil(rcu / 3000 + wcu / 1000 - 1e-9)
        assert state["Enforcing"] is True and state["BillingMode"] == "PROVISIONED"
        assert table["PartitionCount"] == count == len(table["Partitions"])
        assert (table["WriteCapacityUnitsPerSecond"], table["ReadCapacityUnitsPerSecond"]) == (wcu, rcu)
        assert (table["WriteBurstCapacity"], table["ReadBurstCapacity"]) == (300 * wcu, 300 * rcu)
        for i, p in enumerate(table["Partitions"]):
            assert p["Index"] == i
            assert p["HashBegin"] == HASH_SPACE * i // count
            assert (p["WriteCapacityUnitsPerSecond"], p["ReadCapacityUnitsPerSecond"]) == (1000, 3000)
        assert table["Partitions"][-1]["HashEnd"] == HASH_SPACE - 1


def test_spread_load_is_served_and_a_hot_key_is_throttled_at_the_partition_limit(env):
    """1,500 writes per second of 1 KB items, half the table's 3,000 WCU: spread over 100
    partition keys they are all served (three simulated seconds); aimed at one partition key,
    the first second is served from the partition's burst (1,000 units: one second of its
    capacity), the burst is spent two seconds in, and from then on the partition serves 1,000
    WCU a second and the rest comes back unprocessed."""
    spread = env.provisioned(1, 3000, range_key=("sk", "S"))
    per_second, first = run_writes(env, spread, lambda n: (f"k{n % 100}", str(n)), 3)
    assert per_second == [(1500, 0)] * 3 and first is None
    state = env.partitions(spread)["Table"]
    assert state["ConsumedWriteCapacityUnits"] == 4500 and state["ThrottledWrites"] == 0
    assert all(p["ConsumedWriteCapacityUnits"] > 0 for p in state["Partitions"])

    hot = env.provisioned(1, 3000, range_key=("sk", "S"))
    per_second, first = run_writes(env, hot, lambda n: ("hot", str(n)), 4)
    assert per_second[0] == (1500, 0)
    assert 1.9 <= first < 2.1, f"first throttle at {first}s: the burst should last two seconds"
    for served, unprocessed in per_second[2:]:
        assert 975 <= served <= 1025 and served + unprocessed == 1500
    state = env.partitions(hot)["Table"]
    busy = [p for p in state["Partitions"] if p["ConsumedWriteCapacityUnits"] > 0]
    assert len(busy) == 1 and busy[0]["ThrottledWrites"] == state["ThrottledWrites"] > 0
    # The table's own bucket (3,000 WCU, 900,000 units of burst) was never the limit.
    assert state["WriteLevel"] > 800_000

    # The hot partition is spent: a PutItem without retries gets DynamoDB's error ...
    with pytest.raises(ClientError) as excinfo:
        env.ddb.put_item(TableName=hot, Item=item_of("hot", "x", 1024))
    assert error_of(excinfo) == ("ProvisionedThroughputExceededException", TABLE_THROTTLED)

    # ... and the SDK's own retries get it through: botocore's legacy DynamoDB policy retries a
    # ProvisionedThroughputExceededException after 50 ms, 100 ms, ...; the hook lets the same
    # time pass on the server's simulated clock before each retry.
    client = boto3.client("dynamodb", endpoint_url=env.endpoint, aws_access_key_id=ACCESS_KEY,
                          aws_secret_access_key=SECRET_KEY,
                          config=Config(region_name=REGION,
                                        retries={"mode": "legacy", "total_max_attempts": 6}))
    attempts = []

    def on_request_created(request, **_):
        attempt = request.context["retries"]["attempt"]
        attempts.append(attempt)
        if attempt > 1:
            env.advance(50 * 2 ** (attempt - 2))

    client.meta.events.register("request-created.dynamodb.PutItem", on_request_created)
    resp = client.put_item(TableName=hot, Item=item_of("hot", "y", 1024))
    retries = resp["ResponseMetadata"]["RetryAttempts"]
    assert retries >= 1 and attempts == list(range(1, retries + 2))


def test_table_burst_capacity_is_spent_before_throttling(env):
    """A table of 5 WCU keeps 300 seconds of unused capacity: 1,500 units. A load of 10 WCU a
    second (one 10 KB item a second) is served for 300 seconds on that burst, and the write of
    second 301 is throttled; not one write before. Raising the throughput with UpdateTable takes
    effect at once (rate, burst size, and partitions: 3,000 WCU need four)."""
    name = env.provisioned(5, 5)
    served = 0
    for second in range(1, 400):
        env.advance(1000)
        try:
            env.ddb.put_item(TableName=name, Item=item_of(f"k{second}", None, 10 * 1024))
        except ClientError as e:
            assert (e.response["Error"]["Code"], e.response["Error"]["Message"]) == (
                "ProvisionedThroughputExceededException", TABLE_THROTTLED)
            break
        served += 1
    assert served == 300
    state = env.partitions(name)["Table"]
    assert state["WriteLevel"] == 0 and state["ThrottledWrites"] == 1

    env.ddb.update_table(TableName=name,
                         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 20})
    state = env.partitions(name)["Table"]
    assert (state["WriteCapacityUnitsPerSecond"], state["WriteBurstCapacity"]) == (20, 6000)
    for second in range(10):  # 10 WCU a second is now under the table's 20
        env.advance(1000)
        env.ddb.put_item(TableName=name, Item=item_of(f"after{second}", None, 10 * 1024))
    env.ddb.update_table(TableName=name,
                         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3000})
    assert env.partitions(name)["Table"]["PartitionCount"] == 4


def test_a_throttled_gsi_throttles_writes_to_its_table(env):
    """A GSI with 1 WCU holds 300 units of burst: thirty 10 KB items that enter it are written,
    the 31st is refused with the GSI's message although the table has capacity to spare, and a
    write that does not touch the index still goes through. In a batch, such writes come back
    unprocessed."""
    name = env.provisioned(1, 1000, AttributeDefinitions=[
        {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])
    def indexed(pk):  # 10 KB exactly, g included: 10 units to the table and to the index
        return dict(item_of(pk, None, 10 * 1024 - 2), g={"S": "v"})

    for i in range(30):
        env.ddb.put_item(TableName=name, Item=indexed(f"k{i}"))
    with pytest.raises(ClientError) as excinfo:
        env.ddb.put_item(TableName=name, Item=indexed("k30"))
    assert error_of(excinfo) == ("ProvisionedThroughputExceededException", INDEX_THROTTLED)
    env.ddb.put_item(TableName=name, Item=item_of("no-index", None, 10 * 1024))
    in_index = {"PutRequest": {"Item": {"pk": {"S": "b1"}, "g": {"S": "v"}}}}
    outside = {"PutRequest": {"Item": {"pk": {"S": "b2"}}}}
    resp = env.ddb.batch_write_item(RequestItems={name: [in_index, outside]})
    assert resp["UnprocessedItems"] == {name: [in_index]}
    gsi, = env.partitions(name)["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "by_g" and gsi["ThrottledWrites"] == 2
    assert gsi["ConsumedWriteCapacityUnits"] == 300


def test_batch_get_leaves_throttled_keys_unprocessed(env):
    """A table of 1 RCU holds 300 read units of burst; a strongly consistent read of a 100 KB
    item costs 25. Of fourteen such keys, twelve are read and two come back in UnprocessedKeys
    with the table's read options; asking for those two alone, every key is throttled and the
    request fails."""
    name = env.provisioned(1, 1000)
    keys = []
    for i in range(14):
        env.advance(1000)  # 100 units a write: let the partition's 1,000 a second refill
        env.ddb.put_item(TableName=name, Item=item_of(f"r{i}", None, 100 * 1024))
        keys.append({"pk": {"S": f"r{i}"}})
    resp = env.ddb.batch_get_item(RequestItems={name: {"Keys": keys, "ConsistentRead": True}},
                                  ReturnConsumedCapacity="TOTAL")
    assert len(resp["Responses"][name]) == 12
    left = resp["UnprocessedKeys"][name]
    assert len(left["Keys"]) == 2 and left["ConsistentRead"] is True
    assert resp["ConsumedCapacity"] == [{"TableName": name, "CapacityUnits": 300.0}]
    with pytest.raises(ClientError) as excinfo:
        env.ddb.batch_get_item(RequestItems={name: left})
    assert error_of(excinfo) == ("ProvisionedThroughputExceededException", TABLE_THROTTLED)
    with pytest.raises(ClientError) as excinfo:
        env.ddb.get_item(TableName=name, Key=keys[0])
    assert error_of(excinfo) == ("ProvisionedThroughputExceededException", TABLE_THROTTLED)
    env.advance(30_000)  # 30 read units accrue
    env.ddb.get_item(TableName=name, Key=keys[0], ConsistentRead=True)


def test_on_demand_hot_key_gets_throttling_exception(env):
    """An on-demand table has no provisioned rate, but its partitions keep their limit: a hot
    key past 1,000 WCU a second is throttled with ThrottlingException and DynamoDB's on-demand
    message."""
    name = env.tables.create(unique_name("cf_tp"), range_key=("sk", "S"))
    per_second, first = run_writes(env, name, lambda n: ("hot", str(n)), 2)
    assert per_second[0] == (1500, 0) and first is not None
    with pytest.raises(ClientError) as excinfo:
        env.ddb.put_item(TableName=name, Item=item_of("hot", "x", 1024))
    assert error_of(excinfo) == ("ThrottlingException", ON_DEMAND_THROTTLED)


def test_enforcement_per_table_on_a_reporting_server(ddb, raw, tables):
    """On a server without --throughput=enforce, DrydockAdmin.SetThroughputEnforcement turns
    throttling on for one table: with 1 WCU (300 units of burst) a 350 KB write is served into
    debt and the next one is refused; turned off, writes are served again."""
    if os.environ.get("DRYDOCK_ENDPOINT"):
        pytest.skip("drydock's administrative requests")
    name = tables.create(unique_name("cf_tp"), BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})

    def admin(operation, body):
        resp = raw.call(None, body, extra_headers={"X-Amz-Target": "DrydockAdmin." + operation})
        assert resp.status == 200, resp.body
        return resp.json()

    assert admin("DescribePartitions", {"TableName": name})["Enforcing"] is False
    assert admin("SetThroughputEnforcement", {"TableName": name, "Enforce": True}) == {
        "TableName": name, "Enforcing": True}
    ddb.put_item(TableName=name, Item=item_of("a", None, 350 * 1024))
    with pytest.raises(ClientError) as excinfo:
        ddb.put_item(TableName=name, Item=item_of("b", None, 350 * 1024))
    assert error_of(excinfo) == ("ProvisionedThroughputExceededException", TABLE_THROTTLED)
    admin("SetThroughputEnforcement", {"TableName": name, "Enforce": False})
    ddb.put_item(TableName=name, Item=item_of("b", None, 350 * 1024))
    state = admin("DescribePartitions", {"TableName": name})
    assert state["Enforcing"] is False and state["Table"]["ThrottledWrites"] == 1
    missing = raw.call(None, {"TableName": "nope_" + name},
                       extra_headers={"X-Amz-Target": "DrydockAdmin.DescribePartitions"})
    assert missing.status == 400 and "ResourceNotFoundException" in missing.json()["__type"]
    advance = raw.call(None, {"Milliseconds": 5},
                       extra_headers={"X-Amz-Target": "DrydockAdmin.AdvanceClock"})
    assert advance.status == 400  # this server's clock is the steady one

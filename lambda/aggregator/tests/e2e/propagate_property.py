#!/usr/bin/env python3
"""Random doublings of scheduled buckets and the reference aggregator's propagation of
each: the Python half of `lambda/aggregator/tests/library_propagate_property.rs`.

    propagate_property.py SEED COUNT OUT

Writes OUT, one JSON object per line: `now_ms`, the doubling `record` (a MODIFY of shard
0 whose `shard_count` grew 1 -> 2 or 2 -> 4, of zae-limiter 0.17.0's shape: quotas and
dripping limits, parameter and reset schedules on the item and per limit, `-`, five
time zones, grant counts and top-ups, legacy quotas on siblings only, now and then a
schedule that will not decode),
`items` (the existing shards as a strongly consistent read returns them, wire format),
and what the library's own `propagate_shard_count` did against a table stub serving
those items: `updates` (path 1) and `transactions` (path 2: the clone's Put, its donor
debits, the owner check), every value as a string.
"""

import json
from decimal import Decimal

from boto3.dynamodb.types import TypeDeserializer
from cases import ms, write_cases
from zae_limiter_aggregator import processor


NOWS = [
    ms(2026, 3, 1, 10, 13),
    ms(2026, 3, 8, 7, 0, 30),
    ms(2026, 11, 1, 6, 30),
    ms(2026, 6, 1, 0, 0, 20),
]
ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"]
PARAMS = ["1h9-17w1-5s500;h0-6c2000", "1s250", "1h0-11s2000", "1m*/10s3333", "1D1-7s1;w6,7s1500",
          "1M6s100", "1c3"]
RESETS = ["1m0h0", "1m0h0D1", "1m30", "1h5", "1m0,30h*/2", "1m0h0w0"]
BAD = ["1h9", "1m0-5/0", "1w8"]


def pick(rng, pool):
    return rng.choice(BAD) if rng.random() < 0.05 else rng.choice(pool)


def n(v):
    return {"N": str(v)}


def draw(rng):
    now = rng.choice(NOWS)
    old_count = rng.choice([1, 2])
    new_count = old_count * 2
    pk = "ns/BUCKET#e#gpt-4#{}"
    image = {"PK": {"S": pk.format(0)}, "SK": {"S": "#STATE"}, "entity_id": {"S": "e"},
             "resource": {"S": "gpt-4"}, "shard_count": n(new_count),
             "rf": n(now - rng.choice([1_000, 600_000, 2 * 86_400_000]))}
    if rng.random() < 0.6:
        image["sched"] = {"S": pick(rng, PARAMS)}
    item_reset = rng.random() < 0.5
    if item_reset:
        image["rsched"] = {"S": pick(rng, RESETS)}
    image["sched_tz"] = {"S": rng.choice(ZONES)}
    names = sorted(rng.sample(["daily", "rpm", "tpm"], rng.randrange(1, 4)))
    if rng.random() < 0.5:
        names.append("wcu")
    for name in names:
        a = lambda f: f"b_{name}_{f}"  # noqa: E731
        quota = name != "wcu" and (rng.random() < 0.5)
        cp = 1_000_000 if name == "wcu" else rng.choice([10_000, 100_000, 1_000_000])
        image[a("cp")] = n(cp)
        image[a("ra")] = n(0 if quota else cp)
        image[a("rp")] = n(1_000 if quota else 60_000)
        image[a("tk")] = n(rng.randrange(0, cp + 1))
        image[a("tc")] = n(rng.randrange(0, cp))
        if name == "wcu":
            continue
        roll = rng.random()
        if roll < 0.2:
            image[a("sched")] = {"S": "-"}
        elif roll < 0.35:
            image[a("sched")] = {"S": pick(rng, PARAMS)}
        if quota and (not item_reset or rng.random() < 0.3):
            image[a("rsched")] = {"S": pick(rng, RESETS)}
        elif not quota and item_reset:
            image[a("rsched")] = {"S": "-"}
        if quota and rng.random() < 0.5:
            image[a("gc")] = n(old_count)
        if quota and rng.random() < 0.2:
            image[a("tu")] = n(rng.randrange(0, cp // 4))
    old = json.loads(json.dumps(image))
    old["shard_count"] = n(old_count)
    items = {0: image}
    for shard in range(1, old_count):
        sibling = json.loads(json.dumps(image))
        sibling["PK"] = {"S": pk.format(shard)}
        sibling["shard_count"] = n(old_count)
        for name in names:
            cp = int(image[f"b_{name}_cp"]["N"])
            sibling[f"b_{name}_tk"] = n(rng.randrange(0, cp + 1))
        if rng.random() < 0.6:
            # A legacy quota (no `gc`) shard 0's image no longer carries: path 1 freezes
            # its grant, sized against its scheduled capacity.
            cp = rng.choice([10_000, 1_000_000])
            for field, v in [("cp", n(cp)), ("ra", n(0)), ("rp", n(1_000)), ("tc", n(0)),
                             ("tk", n(rng.randrange(0, cp + 1))),
                             ("rsched", {"S": rng.choice(RESETS)})]:
                sibling[f"b_extra_{field}"] = v
            if rng.random() < 0.3:
                sibling["b_extra_sched"] = {"S": rng.choice(["-"] + PARAMS)}
        items[shard] = sibling
    record = {
        "eventID": "1", "eventName": "MODIFY", "eventSource": "aws:dynamodb",
        "eventVersion": "1.1", "awsRegion": "us-east-1",
        "dynamodb": {"Keys": {"PK": image["PK"], "SK": image["SK"]}, "NewImage": image,
                     "OldImage": old, "SequenceNumber": "1", "SizeBytes": 100,
                     "StreamViewType": "NEW_AND_OLD_IMAGES"},
    }
    return now, record, items


def text(value):
    """Every native value as the string the Rust side compares."""
    if isinstance(value, dict):
        return {k: text(v) for k, v in sorted(value.items())}
    if isinstance(value, (int, Decimal)):
        return str(value)
    return value


class Client:
    def __init__(self):
        self.transactions = []

    def transact_write_items(self, TransactItems):
        self.transactions.append(TransactItems)


class Table:
    name = "t"

    def __init__(self, items):
        d = TypeDeserializer()
        self.items = {i["PK"]["S"]: {k: d.deserialize(v) for k, v in i.items()}
                      for i in items.values()}
        self.updates = []
        self.meta = type("Meta", (), {"client": Client()})()

    def get_item(self, Key, ConsistentRead=False, **_projection):
        item = self.items.get(Key["PK"])
        return {"Item": item} if item is not None else {}

    def update_item(self, **kwargs):
        self.updates.append(kwargs)


def case(rng):
    """One drawn doubling, the shards it finds, and what the library's propagation did."""
    now, record, items = draw(rng)
    table = Table(items)
    processor.propagate_shard_count(table, record, now)
    updates = [{"pk": u["Key"]["PK"], "update": u["UpdateExpression"],
                "condition": u["ConditionExpression"],
                "names": u.get("ExpressionAttributeNames", {}),
                "values": text(u.get("ExpressionAttributeValues", {}))}
               for u in table.updates]
    transactions = []
    for t in table.meta.client.transactions:
        parts = []
        for part in t:
            (kind, body), = part.items()
            if kind == "Put":
                parts.append({"put": text(body["Item"])})
            elif kind == "Update":
                parts.append({"update": body["UpdateExpression"], "pk": body["Key"]["PK"],
                              "condition": body["ConditionExpression"],
                              "names": body.get("ExpressionAttributeNames", {}),
                              "values": text(body.get("ExpressionAttributeValues", {}))})
            else:
                parts.append({"check": body["ConditionExpression"]})
        transactions.append(parts)
    return {"now_ms": now, "record": record,
            "items": {str(k): v for k, v in items.items()},
            "updates": updates, "transactions": transactions}


if __name__ == "__main__":
    write_cases(case)

#!/usr/bin/env python3
"""Random scheduled bucket records and the reference aggregator's refill of each: the
Python half of `lambda/aggregator/tests/library_refill_property.rs`.

    refill_property.py SEED COUNT OUT

Writes OUT, one JSON object per line: `now_ms`, the stream `record` (a bucket MODIFY of
zae-limiter 0.17.0's shape, drawn at random: limits that drip or are quotas, parameter
and reset schedules item-level and per limit (`-` included), time zones, shard counts,
grant counts and top-ups, `vu` absent, expired or ahead, and now and then a schedule
that will not decode), and `write`: the `UpdateItem` the library's own
`try_refill_bucket` makes on it at `now_ms` (captured from a table stub), or null when
it writes nothing. The Rust side plans zael's refill on the same record and clock and
requires the same write, term for term.
"""

import json

from cases import ms, write_cases
from zae_limiter_aggregator import processor


NOWS = [
    ms(2026, 3, 1, 10, 13),  # a Sunday morning
    ms(2026, 3, 8, 7, 0, 30),  # New York, just after spring forward
    ms(2026, 11, 1, 6, 30),  # New York, the repeated 01:30
    ms(2026, 10, 25, 1, 15),  # London, the repeated 01:15
    ms(2026, 6, 1, 0, 0, 20),  # a Monday's first minute, a month's first day
]
ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
PARAMS = [
    "1h9-17w1-5s500;h0-6c2000",
    "1s250",
    "1h0-11s2000",
    "1m0-29a10p30",
    "1m*/10s3333",
    "1h2s500",
    "1D1-7s1;w6,7s1500",
    "1h22-23,0-5c5a5p60",
    "1M6s100",
]
RESETS = ["1m0h0", "1m0h0D1", "1m30", "1h5", "1m0h2", "1m30h1", "1m0,30h*/2", "1m0h0w0"]
BAD = ["1h9", "1m0-5/0", "2m0h0", "1w8"]


def pick_schedule(rng, pool):
    if rng.random() < 0.04:
        return rng.choice(BAD)
    return rng.choice(pool)


def draw(rng):
    now = rng.choice(NOWS)
    image = {
        "PK": {"S": f"ns/BUCKET#e{rng.randrange(3)}#gpt-4#{rng.randrange(2)}"},
        "SK": {"S": "#STATE"},
        "entity_id": {"S": "e"},
    }
    rf = now - rng.choice([500, 6_000, 60_000, 3_600_000, 2 * 86_400_000])
    image["rf"] = {"N": str(rf)}
    if rng.random() < 0.8:
        image["shard_count"] = {"N": str(rng.choice([1, 1, 2, 4]))}
    vu = rng.choice([None, now - 1, now + 1_000, rf])
    if vu is not None:
        image["vu"] = {"N": str(vu)}
    if rng.random() < 0.5:
        image["sched"] = {"S": pick_schedule(rng, PARAMS)}
    item_reset = rng.random() < 0.4
    if item_reset:
        image["rsched"] = {"S": pick_schedule(rng, RESETS)}
    if "sched" in image or item_reset or rng.random() < 0.3:
        image["sched_tz"] = {"S": rng.choice(ZONES)}
    consumed = {}
    names = sorted(rng.sample(["daily", "rpm", "tpm"], rng.randrange(1, 4)))
    if rng.random() < 0.5:
        names.append("wcu")
    for name in names:
        a = lambda f: f"b_{name}_{f}"  # noqa: E731
        if name == "wcu":
            cp, ra, rp = 1_000_000, 1_000_000, 1_000
            quota = False
        else:
            cp = rng.choice([10_000, 100_000, 1_000_000])
            quota = rng.random() < 0.35
            ra = 0 if quota else rng.choice([cp, cp // 2])
            rp = 1_000 if quota else rng.choice([1_000, 60_000])
        image[a("cp")] = {"N": str(cp)}
        image[a("ra")] = {"N": str(ra)}
        image[a("rp")] = {"N": str(rp)}
        image[a("tk")] = {"N": str(rng.randrange(-cp // 10, cp + cp // 5))}
        tc = rng.randrange(0, 10 * cp)
        image[a("tc")] = {"N": str(tc)}
        consumed[name] = rng.randrange(0, min(tc, cp // 2) + 1)
        if name != "wcu":
            roll = rng.random()
            if roll < 0.2:
                image[a("sched")] = {"S": "-"}
            elif roll < 0.35:
                image[a("sched")] = {"S": pick_schedule(rng, PARAMS)}
            if quota and (not item_reset or rng.random() < 0.3):
                image[a("rsched")] = {"S": pick_schedule(rng, RESETS)}
            elif not quota and item_reset and rng.random() < 0.85:
                image[a("rsched")] = {"S": "-"}
            if quota and rng.random() < 0.3:
                image[a("gc")] = {"N": str(rng.choice([1, 2]))}
            if quota and rng.random() < 0.2:
                image[a("tu")] = {"N": str(rng.randrange(0, cp // 4))}
    old = json.loads(json.dumps(image))
    for name, n in consumed.items():
        tc = f"b_{name}_tc"
        old[tc] = {"N": str(int(image[tc]["N"]) - n)}
    record = {
        "eventID": "1",
        "eventName": "MODIFY",
        "eventSource": "aws:dynamodb",
        "eventVersion": "1.1",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "Keys": {"PK": image["PK"], "SK": image["SK"]},
            "NewImage": image,
            "OldImage": old,
            "SequenceNumber": "1",
            "SizeBytes": 100,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }
    return now, record


class Capture:
    def __init__(self):
        self.calls = []

    def update_item(self, **kwargs):
        self.calls.append(kwargs)


def case(rng):
    """One drawn record and the write the library's refill makes on it (or None)."""
    now, record = draw(rng)
    table = Capture()
    for state in processor.aggregate_bucket_states([record]).values():
        processor.try_refill_bucket(table, state, now)
    write = None
    if table.calls:
        call = table.calls[0]
        write = {
            "update": call["UpdateExpression"],
            "condition": call["ConditionExpression"],
            "names": call.get("ExpressionAttributeNames", {}),
            "values": {k: str(v) for k, v in call["ExpressionAttributeValues"].items()},
        }
    return {"now_ms": now, "record": record, "write": write}


if __name__ == "__main__":
    write_cases(case)

#!/usr/bin/env python3
"""Templates at CloudFormation's limits (1 MB, 500 resources) shaped to be worst cases for
`zael check`'s layer-1 walks: long lists, dense and long dependency graphs, many intrinsics.

Usage: scripts/worst-templates.py DIR  (writes DIR/*.json, each at most 1 MB)
"""
import json
import os
import sys

LIMIT = 1_048_576


def queue(props=None, depends=None):
    resource = {"Type": "AWS::SQS::Queue", "Properties": props or {}}
    if depends is not None:
        resource["DependsOn"] = depends
    return resource


def tags(n):
    items = [{"Key": f"k{i}", "Value": f"v{i}"} for i in range(n)]
    return {"Resources": {"Q": queue({"Tags": items})}}


def dense(n):
    ids = [f"R{i}" for i in range(n)]
    return {"Resources": {rid: queue(depends=ids[:i]) for i, rid in enumerate(ids)}}


def chain(n, cycle):
    ids = [f"R{i}" for i in range(n)]
    resources = {}
    for i, rid in enumerate(ids):
        target = ids[i - 1] if i > 0 else (ids[-1] if cycle else None)
        resources[rid] = queue({"QueueName": {"Ref": target}} if target else {})
    return {"Resources": resources}


def intrinsics(n, per):
    ids = [f"R{i}" for i in range(n)]
    resources = {}
    for i, rid in enumerate(ids):
        refs = [ids[(i + k + 1) % n] for k in range(per)]
        sub = "".join("${%s.Arn}" % r for r in refs)
        resources[rid] = queue({
            "QueueName": {"Fn::Join": ["-", [{"Ref": r} for r in refs]]},
            "RedrivePolicy": {"Fn::Sub": sub},
            "Tags": [{"Key": r, "Value": {"Fn::GetAtt": [r, "Arn"]}} for r in refs],
        })
    return {"Resources": resources}


def fit(make, low, high):
    """The largest size in [low, high] whose template stays within 1 MB."""
    while low < high:
        mid = (low + high + 1) // 2
        if len(json.dumps(make(mid))) <= LIMIT:
            low = mid
        else:
            high = mid - 1
    return make(low), low


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = {
        "tags": fit(tags, 1, 100_000),
        "dense-depends-on": (dense(500), 500),
        "chain": (chain(500, False), 500),
        "cycle": (chain(500, True), 500),
        "chain-beyond-limit": fit(lambda n: chain(n, False), 1, 100_000),
        "intrinsics": fit(lambda per: intrinsics(500, per), 1, 500),
    }
    for name, (document, size) in cases.items():
        text = json.dumps(document)
        assert len(text) <= LIMIT, name
        with open(os.path.join(out, f"{name}.json"), "w") as f:
            f.write(text)
        print(f"{name}.json\t{size}\t{len(text)} bytes")


main()

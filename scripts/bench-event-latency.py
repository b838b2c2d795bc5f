#!/usr/bin/env python3
"""Event-to-screen latency of `zael delete` (issue 16's target: under 5 s; the AWS CLI's
`deploy` looks at the stack every 30 s).

A scripted CloudFormation endpoint (this script, standard library only) answers the query
protocol on 127.0.0.1. After DeleteStack it makes one stack event visible in
DescribeStackEvents at a time, at irregular moments that fall anywhere in zael's poll cycle,
and records when each became visible. The real `zael-lifecycle delete` (release build,
default 1 s poll) runs as a process; its stdout is read line by line and each event line is
timestamped as it arrives. Latency = arrival - visibility, per event. The endpoint answers at
once: over the network, add one round trip to CloudFormation (two calls per look).

    scripts/bench-event-latency.py            # builds the release binary first
    EVENTS=40 scripts/bench-event-latency.py
    ZAEL_LIFECYCLE=target/debug/zael-lifecycle scripts/bench-event-latency.py  # that binary
"""

import os
import random
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STACK = "ZAEL-bench"
STACK_ID = f"arn:aws:cloudformation:us-east-1:123456789012:stack/{STACK}/1"
XMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
EVENTS = int(os.environ.get("EVENTS", "25"))
# Seeded: the same moments every run, spread over 0.2-2.2 s apart.
GAPS = [0.2 + random.Random(16).random() * 2.0 for _ in range(EVENTS)]
TEMPLATE = '{"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}'


class Stack:
    """The stack's life as the endpoint tells it; times are time.time()."""

    def __init__(self):
        self.lock = threading.Lock()
        self.delete_started = None
        self.visible_at = {}  # event id -> when it became visible

    def events(self, now):
        """The events visible at `now`, oldest first, and whether the deletion is over."""
        baseline = [("e0", STACK, "AWS::CloudFormation::Stack", "CREATE_COMPLETE")]
        if self.delete_started is None:
            return baseline, False
        out = list(baseline)
        moment = self.delete_started
        for i, gap in enumerate(GAPS):
            moment += gap
            if moment > now:
                return out, False
            last = i == len(GAPS) - 1
            event = (
                f"e{i + 1}",
                STACK if last else f"Resource{i + 1:02d}",
                "AWS::CloudFormation::Stack" if last else "AWS::SQS::Queue",
                "DELETE_COMPLETE",
            )
            with self.lock:
                self.visible_at.setdefault(event[1], moment)
            out.append(event)
        return out, True


STATE = Stack()


def member(event):
    eid, logical, kind, status = event
    return (
        f"<member><StackId>{STACK_ID}</StackId><EventId>{eid}</EventId>"
        f"<StackName>{STACK}</StackName><LogicalResourceId>{logical}</LogicalResourceId>"
        f"<ResourceType>{kind}</ResourceType><Timestamp>2026-12-06T07:00:00Z</Timestamp>"
        f"<ResourceStatus>{status}</ResourceStatus></member>"
    )


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def result(self, action, inner):
        self.reply(
            200,
            f'<{action}Response xmlns="{XMLNS}"><{action}Result>{inner}</{action}Result>'
            f"<ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></{action}Response>",
        )

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode())
        action = form.get("Action", [""])[0]
        now = time.time()
        if action == "DescribeStacks":
            events, done = STATE.events(now)
            if done:
                status = "DELETE_COMPLETE"
            elif STATE.delete_started is None:
                status = "CREATE_COMPLETE"
            else:
                status = "DELETE_IN_PROGRESS"
            self.result(
                action,
                f"<Stacks><member><StackId>{STACK_ID}</StackId><StackName>{STACK}</StackName>"
                f"<CreationTime>2026-12-06T07:00:00Z</CreationTime>"
                f"<StackStatus>{status}</StackStatus></member></Stacks>",
            )
        elif action == "GetTemplate":
            body = TEMPLATE.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            self.result(action, f"<TemplateBody>{body}</TemplateBody>")
        elif action == "DescribeStackResources":
            self.result(action, "<StackResources></StackResources>")
        elif action == "DeleteStack":
            STATE.delete_started = now
            self.result(action, "")
        elif action == "DescribeStackEvents":
            events, _ = STATE.events(now)
            members = "".join(member(e) for e in reversed(events))
            self.result(action, f"<StackEvents>{members}</StackEvents>")
        else:
            self.reply(400, f"<ErrorResponse><Error><Code>Unscripted</Code><Message>{action}</Message></Error></ErrorResponse>")


def main():
    binary = os.environ.get("ZAEL_LIFECYCLE")
    if binary is None:
        subprocess.run(
            ["cargo", "build", "--quiet", "--release", "--locked", "-p", "zael-lifecycle"],
            cwd=ROOT,
            check=True,
        )
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        binary = os.path.join(target, "release", "zael-lifecycle")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_CONFIG_FILE="/nonexistent",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
        AWS_EC2_METADATA_DISABLED="true",
    )
    command = [
        binary, "delete", "--name", "bench", "--no-aggregator", "--yes",
        "--region", "us-east-1", "--endpoint-url", f"http://127.0.0.1:{server.server_address[1]}",
    ]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    arrived = {}
    for raw in child.stdout:
        now = time.time()
        words = raw.decode().split()
        # `   3.1s  Resource01   AWS::SQS::Queue   DELETE_COMPLETE`
        if len(words) >= 4 and words[0].endswith("s") and words[3] == "DELETE_COMPLETE":
            arrived.setdefault(words[1], now)
    code = child.wait()
    server.shutdown()
    if code != 0:
        sys.exit(f"zael delete exited {code}: {child.stderr.read().decode()}")
    latencies = []
    for logical, visible in sorted(STATE.visible_at.items()):
        if logical not in arrived:
            sys.exit(f"event of {logical} never reached stdout")
        latencies.append(arrived[logical] - visible)
    ms = sorted(x * 1000 for x in latencies)
    print(
        f"event-to-screen latency, zael delete (1 s poll), {len(ms)} events: "
        f"mean {statistics.mean(ms):.0f} ms, median {statistics.median(ms):.0f} ms, "
        f"p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, max {ms[-1]:.0f} ms, min {ms[0]:.0f} ms "
        f"(target under 5000 ms)"
    )
    if ms[-1] >= 5000:
        sys.exit("over the 5 s target")


if __name__ == "__main__":
    main()

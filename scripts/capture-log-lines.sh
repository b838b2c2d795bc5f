#!/usr/bin/env bash
# Captures the JSON log lines the Lambda functions really print (their unit tests against
# in-memory stores with injected failures, and the shipped binaries under the fake runtime
# with moto) into tests/fixtures/logs/<function>.jsonl: one line per distinct message and
# field set. tests/log_queries.rs runs every saved Logs Insights query's field names against
# them. Run it after changing a function's log lines, and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/fixtures/logs

capture() { # crate, fixture
  cargo test --locked -p "$1" -- --nocapture --test-threads=1 2>/dev/null |
    sed 's/^\[bootstrap\] //' | scripts/distinct-log-lines.py >"tests/fixtures/logs/$2.jsonl"
  echo "tests/fixtures/logs/$2.jsonl: $(wc -l <"tests/fixtures/logs/$2.jsonl") distinct lines"
}

capture zael-aggregator aggregator
capture zael-api-handler api-handler

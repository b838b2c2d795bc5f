#!/usr/bin/env python3
"""Keeps the structured log lines of stdin (JSON objects with a level and a message), one per
distinct (level, message, field set), sorted so the fixture only changes when the lines do."""
import json
import sys

seen = {}
for raw in sys.stdin:
    # The test harness may print "test name ... " before a function's line.
    start = raw.find('{"')
    if start < 0:
        continue
    raw = raw[start:].strip()
    try:
        line = json.loads(raw)
    except ValueError:
        continue
    if not isinstance(line, dict) or "level" not in line or "message" not in line:
        continue
    key = (line["level"], line["message"], tuple(sorted(line)))
    seen.setdefault(key, raw)
for key in sorted(seen):
    print(seen[key])

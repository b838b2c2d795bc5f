"""What the property scripts (`propagate_property.py`, `refill_property.py`) share: their
command line, `SCRIPT SEED COUNT OUT`, and their output, one JSON object per drawn case
in OUT; and the clock of the cases they draw."""

import json
import random
import sys
from datetime import datetime
from zoneinfo import ZoneInfo


def ms(y, mo, d, h=0, mi=0, s=0, tz="UTC"):
    """Milliseconds since the epoch of a wall-clock time in `tz`."""
    return int(datetime(y, mo, d, h, mi, s, tzinfo=ZoneInfo(tz)).timestamp() * 1000)


def write_cases(case) -> None:
    """Calls `case(rng)` COUNT times, `rng` seeded with SEED, and writes each case it
    returns (a JSON-ready dict) to OUT, one a line."""
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    lines = [json.dumps(case(rng)) for _ in range(count)]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")

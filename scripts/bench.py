#!/usr/bin/env python3
"""Whole-process figures for the benchmark scripts, each printed beside its limit and against
the recorded baseline (benches/baseline.tsv), saying by how much it moved.

  scripts/bench.py measure KEY --runs N [--limit X] [--codes 0,1] -- COMMAND...
      Runs COMMAND N times (after one warm-up run) and reports the median and best wall
      time, the median CPU time (user + sys of the process, from wait4: steadier than wall
      time on a shared machine) and, with --peak-limit (or --peak, no target), the peak memory. KEY names the figures in the baseline:
      KEY.wall_ms, KEY.cpu_ms, KEY.peak_mb. --limit is the wall-time target in ms.
  scripts/bench.py figure KEY VALUE UNIT [--limit X]
      Reports one figure measured elsewhere (bench-profiles.sh's mean seconds).

BENCH_RECORD=1 writes the figures into the baseline (replacing the same keys), with the
machine and the date: do it on an idle machine, and commit the file. A figure never fails
the script: these machines are noisy; a command that exits with a code outside --codes does.
"""
import argparse
import datetime
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASELINE = os.path.join(ROOT, "benches", "baseline.tsv")
HEADER = "# key\tfigure\tunit\tlimit\tmachine\tdate\n"


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, load {os.getloadavg()[0]:.1f}"


def read_baseline():
    rows = {}
    if os.path.exists(BASELINE):
        with open(BASELINE) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                key, figure, unit, limit, where, date = line.rstrip("\n").split("\t")
                rows[key] = (float(figure), unit, limit, where, date)
    return rows


def record(figures):
    rows = read_baseline()
    today = datetime.date.today().isoformat()
    for key, value, unit, limit in figures:
        rows[key] = (value, unit, "" if limit is None else f"{limit:g}", machine(), today)
    with open(BASELINE, "w") as f:
        f.write(HEADER)
        for key in sorted(rows):
            value, unit, limit, where, date = rows[key]
            f.write(f"{key}\t{value:.3f}\t{unit}\t{limit}\t{where}\t{date}\n")


def against_baseline(key, value):
    row = read_baseline().get(key)
    if row is None:
        return "no baseline"
    base, unit, _, _, date = row
    if base == 0:
        return f"baseline {base:g} {unit} ({date})"
    change = (value - base) / base * 100
    return f"baseline {base:.2f} {unit} ({date}): {change:+.0f}%"


def line(label, key, value, unit, limit=None):
    verdict = ""
    if limit is not None:
        verdict = f"  limit {limit:g} {unit} {'ok' if value <= limit else 'OVER'}"
    print(f"  {label:<9} {value:9.2f} {unit:<3}{verdict:<22}  {against_baseline(key, value)}")
    return (key, value, unit, limit)


def run_once(command):
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(command[0], command, os.environ,
                          file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter_ns() - start) / 1e6
    return os.waitstatus_to_exitcode(status), wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024


def measure(args):
    codes = {int(c) for c in args.codes.split(",")}
    command = args.command
    if not command:
        sys.exit("bench.py measure: no command after --")
    runs = []
    for i in range(args.runs + 1):
        code, wall, cpu, peak = run_once(command)
        if code not in codes:
            sys.exit(f"bench.py: {' '.join(command)} exited {code} (expected {args.codes})")
        if i > 0:  # the first run warms the page cache
            runs.append((wall, cpu, peak))
    walls = [r[0] for r in runs]
    load = os.getloadavg()[0]
    print(f"{args.key}: {' '.join(command)}")
    print(f"  {args.runs} runs, load average {load:.1f}; best wall {min(walls):.2f} ms")
    figures = [
        line("wall", f"{args.key}.wall_ms", statistics.median(walls), "ms", args.limit),
        line("CPU", f"{args.key}.cpu_ms", statistics.median(r[1] for r in runs), "ms"),
    ]
    # wait4's peak of a spawned child starts from the spawning Python's own (about 15 MB):
    # shown where a limit is set on it (or --peak asks), for processes well above that floor.
    if args.peak_limit is not None or args.peak:
        figures.append(
            line("peak", f"{args.key}.peak_mb", max(r[2] for r in runs), "MB", args.peak_limit))
    if os.environ.get("BENCH_RECORD") == "1":
        record(figures)


def figure(args):
    print(f"{args.key}:")
    figures = [line(args.label, args.key, args.value, args.unit, args.limit)]
    if os.environ.get("BENCH_RECORD") == "1":
        record(figures)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    m = sub.add_parser("measure")
    m.add_argument("key")
    m.add_argument("--runs", type=int, default=int(os.environ.get("RUNS") or "100"))
    m.add_argument("--limit", type=float, help="wall-time target, ms")
    m.add_argument("--peak-limit", type=float, help="peak-memory target, MB")
    m.add_argument("--peak", action="store_true", help="show the peak memory without a target")
    m.add_argument("--codes", default="0", help="exit codes that are not failures")

    f = sub.add_parser("figure")
    f.add_argument("key")
    f.add_argument("value", type=float)
    f.add_argument("unit")
    f.add_argument("--limit", type=float)
    f.add_argument("--label", default="figure")
    argv = sys.argv[1:]
    command = []
    if "--" in argv:  # the measured command, after `--`, is not ours to parse
        at = argv.index("--")
        argv, command = argv[:at], argv[at + 1:]
    args = parser.parse_args(argv)
    args.command = command
    measure(args) if args.what == "measure" else figure(args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Regenerates tests/corpus/: public CloudFormation templates with cfn-lint's verdicts on them.

The templates are cfn-lint's own fixture templates (license MIT-0), taken from the same pinned
source distribution as src/schema/data/ (scripts/gen-schemas.py), so the corpus, the schemas
and the cfn-lint CI runs are one version:

    scripts/gen-corpus.py            # downloads cfn-lint==VERSION's sdist with pip
    scripts/gen-corpus.py SDIST      # or reads that sdist (cfn_lint-VERSION.tar.gz)

The verdicts come from the cfn-lint of .venv (requirements-dev.txt pins the same version),
run once over every template from tests/corpus/templates/ with fixed regions. Writes:
- templates/<path under test/fixtures/templates>: each template, byte for byte.
- manifest.json: the source (package, version, sdist sha256, license), the command, and per
  template its sha256, whether cfn-lint calls it clean (no error) and cfn-lint's findings
  (rule, level, path as zael writes it, message). Files left out are listed with the reason.

tests/corpus.rs reads manifest.json: zael's recall of cfn-lint's errors per rule family, and
no zael error on a template cfn-lint finds clean. Output is deterministic: regenerating with
the same inputs gives byte-identical files.
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from cfn_lint_sdist import PACKAGE, SDIST_SHA256, VERSION, sdist_dir
LICENSE = "MIT-0"
FIXTURES = "test/fixtures/templates"
# Every template directory of the fixtures: cfn-lint's rule fixtures (good, bad) and the
# real-world templates its snapshot tests read (public, quickstart, issues, integration).
DIRECTORIES = ["good", "bad", "public", "quickstart", "issues", "integration"]
SUFFIXES = {".yaml", ".yml", ".json", ".template"}
# Larger templates are left out: the corpus stays a few hundred kilobytes in the repository.
MAX_BYTES = 200_000
REGIONS = ["us-east-1"]
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "corpus"
CFN_LINT = ROOT / ".venv" / "bin" / "cfn-lint"


def templates(fixtures):
    """(relative path, reason it is left out or None), sorted."""
    found = []
    for directory in DIRECTORIES:
        for path in sorted((fixtures / directory).rglob("*")):
            if not path.is_file() or path.suffix not in SUFFIXES:
                continue
            rel = path.relative_to(fixtures).as_posix()
            reason = None
            if path.stat().st_size > MAX_BYTES:
                reason = f"{path.stat().st_size} bytes: over the corpus's {MAX_BYTES}-byte cap"
            found.append((rel, reason))
    return sorted(found)


def zael_path(segments):
    """cfn-lint's path (a list of keys and indices) as zael writes it: `A.B[0].C`."""
    path = ""
    for segment in segments:
        if isinstance(segment, int):
            path += f"[{segment}]"
        else:
            path += f".{segment}" if path else segment
    return path


def cfn_lint_findings(directory, files):
    """cfn-lint's findings per file, run once over all of them from `directory`."""
    version = subprocess.run([str(CFN_LINT), "--version"], capture_output=True, text=True,
                             check=True).stdout.split()[-1]
    assert version == VERSION, f"{CFN_LINT} is cfn-lint {version}, the corpus pins {VERSION}"
    run = subprocess.run(
        [str(CFN_LINT), "--format", "json", "--regions", *REGIONS, "--", *files],
        cwd=directory, capture_output=True, text=True,
        # No user or project configuration: the verdict depends on the template only.
        # PYTHONHASHSEED: cfn-lint prints Python sets in some messages, in hash order.
        env={**os.environ, "HOME": str(directory), "PYTHONHASHSEED": "0"},
    )
    # Exit codes 0-31 are cfn-lint's "found something" bit field; more is a crash.
    assert run.returncode < 32, run.stderr
    by_file = {f: [] for f in files}
    for match in json.loads(run.stdout):
        by_file[match["Filename"]].append({
            "rule": match["Rule"]["Id"],
            "level": match["Level"],
            "path": zael_path(match["Location"]["Path"] or []),
            "message": match["Message"],
        })
    for findings in by_file.values():
        findings.sort(key=lambda f: (f["path"], f["rule"], f["message"]))
    return by_file


def main():
    sdist = sdist_dir("zael-corpus-")
    fixtures = sdist / FIXTURES
    found = templates(fixtures)
    kept = [rel for rel, reason in found if reason is None]
    target = OUT / "templates"
    if target.exists():
        shutil.rmtree(target)
    for rel in kept:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fixtures / rel, target / rel)
    findings = cfn_lint_findings(target, kept)
    manifest = {
        "source": {
            "package": f"{PACKAGE} {VERSION} (PyPI source distribution)",
            "sdist_sha256": SDIST_SHA256,
            "license": LICENSE,
            "directory": FIXTURES,
        },
        "verdicts": f"cfn-lint {VERSION} --format json --regions {' '.join(REGIONS)}, "
                    "run from tests/corpus/templates",
        "generator": "scripts/gen-corpus.py",
        "templates": [
            {
                "file": rel,
                "sha256": hashlib.sha256((target / rel).read_bytes()).hexdigest(),
                "cfn_lint_clean": not any(f["level"] == "Error" for f in findings[rel]),
                "cfn_lint": findings[rel],
            }
            for rel in kept
        ],
        "left_out": [{"file": rel, "reason": reason} for rel, reason in found if reason],
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    clean = sum(t["cfn_lint_clean"] for t in manifest["templates"])
    print(f"{len(kept)} templates ({clean} clean for cfn-lint), "
          f"{len(found) - len(kept)} left out -> {OUT}")


if __name__ == "__main__":
    main()

"""The pinned cfn-lint source distribution that scripts/gen-schemas.py (resource schemas) and
scripts/gen-corpus.py (fixture templates) both read, so the schemas, the corpus and the
cfn-lint of CI are one version. One pin, one download and one digest check for both."""

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "cfn-lint"
VERSION = "1.58.0"
# The sdist's own digest: a re-published file with the same version is refused.
SDIST_SHA256 = "ba02cd7f7e06c8bc160936051a03ec931af52943fcc9cc72ad2748caa0f2a103"


def sdist_dir(prefix):
    """The extracted sdist: of the archive named on the command line, or of the one pip
    downloads; refused unless the archive's sha256 is the pin."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    if len(sys.argv) > 1:
        archive = Path(sys.argv[1])
    else:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:",
             "--no-deps", f"{PACKAGE}=={VERSION}", "-d", str(work)],
            check=True,
        )
        archive = next(work.glob("*.tar.gz"))
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert digest == SDIST_SHA256, f"{archive}: sha256 {digest}, the pin is {SDIST_SHA256}"
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    return work / archive.name[: -len(".tar.gz")]

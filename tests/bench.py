"""Speed and size benchmark: `make bench`.

Loads the real fixtures into a fresh SQLite database in a temporary folder,
renders every public page of the sitemap in kk, ru and en a number of times
through Django's test client, and checks the targets:

- the programme page of the fixtures is under 40 kB of HTML;
- every page renders in under 150 ms at the median on this machine's size.

Prints a table and exits non-zero when a target is missed.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
PROGRAMME_HTML_LIMIT = 40 * 1024
MEDIAN_MS_LIMIT = 150
RUNS = 15


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="programme-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "1"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    ordered = sorted(FIXTURES, key=lambda name: not name.endswith("sources.json"))  # sources first
    call_command("loaddata", *ordered, verbosity=0)

    client = Client()
    sitemap = client.get("/sitemap.xml")
    paths = sorted({urlsplit(loc).path for loc in _locs(sitemap.content.decode())})
    failures = []
    print(f"{'page':70} {'median ms':>9} {'max ms':>7} {'kB':>6}")
    for path in paths:
        timings, size = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            size = len(response.content)
        median = statistics.median(timings)
        print(f"{path:70} {median:9.1f} {max(timings):7.1f} {size / 1024:6.1f}")
        if response.status_code != 200:
            failures.append(f"{path}: status {response.status_code}")
        if median > MEDIAN_MS_LIMIT:
            failures.append(f"{path}: median {median:.0f} ms > {MEDIAN_MS_LIMIT} ms")
        if "/programmes/" in path and path.count("/") == 4 and size > PROGRAMME_HTML_LIMIT:
            failures.append(f"{path}: {size / 1024:.1f} kB of HTML > 40 kB")
    print()
    print(f"{len(paths)} pages, {RUNS} runs each")
    for failure in failures:
        print("MISSED:", failure)
    print("all targets met" if not failures else f"{len(failures)} targets missed")
    return 1 if failures or not paths else 0


def _locs(xml: str) -> list[str]:
    import re

    return re.findall(r"<loc>([^<]+)</loc>", xml)


if __name__ == "__main__":
    sys.exit(main())

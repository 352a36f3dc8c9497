"""One request at a time, in process, for ``tests.bench``: queries, status, size and median time of each page.

Run by the benchmark in a fresh process with the database and settings of the
run in the environment: ``python -m tests.bench_probe RUNS '{"page": "/url/"}'``.
Prints one JSON line. The first request of a page is left out of the timing
(it loads templates and translations once per process, as a server does).
"""

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    runs, pages = int(sys.argv[1]), json.loads(sys.argv[2])
    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for page, url in pages.items():
        client.get(url)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        result[page] = {
            "status": response.status_code,
            "queries": len(queries),
            "bytes": len(response.content),
            "ms": statistics.median(timings),
        }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

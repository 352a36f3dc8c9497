"""Load test: `make load`, or `python -m tests.load`.

Serves a copy of the fixtures (a fresh SQLite database in a temporary folder)
with gunicorn as a deployment does (two sync workers, DEBUG off, hashed static
files) on a loopback port, and drives it with wrk (Debian package `wrk`):

1. 64 connections for LOAD_SECONDS (60) on the Russian programme page, a session
   page, search and the programme's calendar. Fails on any error (a status other
   than 2xx, a socket error or a timeout) or when a worker's memory (RSS) grows
   by more than half.
2. A login flood: wrk POSTs wrong passwords to the admin login from one address
   over LOAD_FLOOD_CONNECTIONS (16) connections for LOAD_FLOOD_SECONDS (20),
   with a valid CSRF token, as a bot would; meanwhile a second wrk reads the
   programme page over 2 connections. The rate limit must refuse the flood
   before it costs password hashes, so the programme page stays served: no
   error, and at least a quarter of the requests per second it gets over the
   same 2 connections without the flood. Without the limit it gets none: every
   worker is hashing. (Even refused at once, a flood holds a sync worker for
   each request it sends and takes its share of the workers by its number of
   connections; capping connections per address is the front server's job.)

Everything stays on 127.0.0.1, every step is bounded in time, and gunicorn is
stopped at the end. Prints the numbers and exits 1 when a target is missed.
LOAD_CONNECTIONS changes the connection count of the first part; LOGIN_RATE_LIMIT,
LOGIN_RATE_BURST and CACHE_URL are passed to the server, so
LOGIN_RATE_LIMIT=100000 LOGIN_RATE_BURST=100000 shows the flood without the limit.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIXTURES = ["sources.json", "almaty-days.json", "president-visit.json", "august-conference.json"]

SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
FLOOD_SECONDS = int(os.environ.get("LOAD_FLOOD_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "64"))
FLOOD_CONNECTIONS = int(os.environ.get("LOAD_FLOOD_CONNECTIONS", "16"))
# During the flood the programme page keeps at least this share of its calm rate.
FLOOD_RATE_SHARE = 0.25
MEMORY_GROWTH_LIMIT = 1.5
# A request that takes longer than this counts as an error (a timeout).
REQUEST_TIMEOUT_S = 10

PROGRAMME = "/ru/programmes/days-of-almaty-ekr/"
PAGES = [
    PROGRAMME,
    "/ru/sessions/gala-concert/",
    "/ru/search/?" + urllib.parse.urlencode({"q": "концерт"}),
    "/ru/programmes/days-of-almaty-ekr/calendar.ics",
]

# wrk runs one Lua state per thread: each counts statuses in its globals, and
# done() adds them up through the thread objects and prints one JSON line.
WRK_SCRIPT = """
local paths = {%(paths)s}
local method, body, headers = %(method)s, %(body)s, {%(headers)s}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  n, ok, refused, other = 0, 0, 0, 0
end

function request()
  n = n + 1
  local path = paths[(n %% #paths) + 1]
  local payload = body and string.format(body, math.random(1, 1000000000)) or nil
  return wrk.format(method, path, headers, payload)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1
  elseif status == 429 then refused = refused + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local counts = {ok = 0, refused = 0, other = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do counts[name] = counts[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.3f, "ok": %%d, "refused": %%d, "other": %%d, '
    .. '"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, '
    .. '"p50_ms": %%.1f, "p99_ms": %%.1f, "max_ms": %%.1f}\\n',
    summary.requests, summary.duration / 1e6, counts.ok, counts.refused, counts.other,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # in order with gunicorn's own output
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="programme-load-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PLAIN_HTTP": "1",
        "DATABASE_URL": f"sqlite:///{tmp}/load.sqlite3",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "ERROR",
    }
    for name in ("LOGIN_RATE_LIMIT", "LOGIN_RATE_BURST", "CACHE_URL"):
        if name in os.environ:
            env[name] = os.environ[name]
    server = None
    try:
        print(f"Preparing a copy of the fixtures in {tmp} ...", flush=True)
        _manage(env, "migrate", "--no-input", "-v0")
        _manage(env, "loaddata", *(str(ROOT / "fixtures" / name) for name in FIXTURES), "-v0")
        _manage(env, "collectstatic", "--no-input", "-v0")
        server_log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 -- open while gunicorn runs
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi", "--workers", "2", "--worker-class", "sync"]
            + ["--bind", f"127.0.0.1:{port}", "--timeout", "30", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_until_up(f"{base}/healthz", server)
        for path in PAGES:
            for _ in range(3):  # warm the workers up: imports, templates, translations
                _get(base + path)
        status = _run(base, server, tmp)
        if status:
            print("\nThe server's log, errors first:")
            log = (tmp / "gunicorn.log").read_text().splitlines()
            for line in [line for line in log if "Too Many Requests" not in line][-40:]:
                print("  ", line)
        return status
    finally:
        if server is not None:
            _stop(server)
            server_log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _run(base: str, server: subprocess.Popen, tmp: Path) -> int:
    failures = []
    workers = _workers(server.pid)
    rss_start = {pid: _rss_kib(pid) for pid in workers}

    print(f"\n1. {CONNECTIONS} connections for {SECONDS} s on {len(PAGES)} addresses:")
    for path in PAGES:
        print(f"   {path}")
    load = _wrk(base, PAGES, tmp / "pages.lua", seconds=SECONDS, connections=CONNECTIONS)
    _print(load)
    failures += [f"pages: {problem}" for problem in _errors(load)]
    _wait_until_up(f"{base}/healthz", server)  # gunicorn still answers what wrk left queued

    rss_end = {pid: _rss_kib(pid) for pid in _workers(server.pid)}
    print("   worker memory (RSS):")
    for pid, start in rss_start.items():
        end = rss_end.get(pid)
        if end is None:
            failures.append(f"worker {pid} is gone (restarted or killed)")
            print(f"   worker {pid}: {start / 1024:.1f} MiB at start, gone at the end")
            continue
        growth = end / start
        print(f"   worker {pid}: {start / 1024:.1f} MiB -> {end / 1024:.1f} MiB ({(growth - 1) * 100:+.0f} %)")
        if growth > MEMORY_GROWTH_LIMIT:
            failures.append(f"worker {pid} grew from {start / 1024:.1f} to {end / 1024:.1f} MiB")

    print(f"\n2. Login flood: {FLOOD_CONNECTIONS} connections POSTing wrong passwords for {FLOOD_SECONDS} s")
    calm = _wrk(base, [PROGRAMME], tmp / "calm.lua", seconds=max(5, FLOOD_SECONDS // 2), connections=2)
    print("   programme page before the flood (2 connections):")
    _print(calm)
    failures += [f"programme page before the flood: {problem}" for problem in _errors(calm)]
    token = _csrf_token(base + "/admin/login/")
    body = f"csrfmiddlewaretoken={token}&username=bot%d&password=wrong&next=%%2Fadmin%%2F"
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={token}"}
    flood_script = _script(tmp / "flood.lua", ["/admin/login/"], method="POST", body=body, headers=headers)
    flood = subprocess.Popen(
        _wrk_command(base, flood_script, seconds=FLOOD_SECONDS, connections=FLOOD_CONNECTIONS),
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1)  # let the flood start before measuring
    during = _wrk(base, [PROGRAMME], tmp / "during.lua", seconds=FLOOD_SECONDS - 2, connections=2)
    flood_out, _ = flood.communicate(timeout=FLOOD_SECONDS + 30)
    flood_result = _result(flood_out)
    print(
        f"   the flood: {flood_result['requests']} attempts, {flood_result['refused']} refused with 429 "
        f"before any password check, {flood_result['ok']} answered by the login form, "
        f"{flood_result['other']} other statuses, {_socket_errors(flood_result)} socket errors"
    )
    share = _rate(during) / (_rate(calm) or 1)
    print(f"   programme page during the flood (2 connections), {share:.0%} of its calm rate:")
    _print(during)
    failures += [f"programme page during the flood: {problem}" for problem in _errors(during)]
    if _rate(during) < FLOOD_RATE_SHARE * _rate(calm):
        failures.append(
            f"programme page during the flood: {_rate(during):.1f} requests/s, "
            f"under {FLOOD_RATE_SHARE:.0%} of {_rate(calm):.1f} without it"
        )

    print()
    for failure in failures:
        print("MISSED:", failure)
    print("all targets met" if not failures else f"{len(failures)} targets missed")
    return 1 if failures else 0


def _wrk(base: str, paths: list[str], script_path: Path, *, seconds: int, connections: int) -> dict:
    script = _script(script_path, paths)
    result = subprocess.run(
        _wrk_command(base, script, seconds=seconds, connections=connections),
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    return _result(result.stdout)


def _wrk_command(base: str, script: Path, *, seconds: int, connections: int) -> list[str]:
    threads = min(2, connections)
    return ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={REQUEST_TIMEOUT_S}s"] + [
        "-s",
        str(script),
        base,
    ]


def _script(path: Path, paths: list[str], *, method="GET", body=None, headers=None) -> Path:
    path.write_text(
        WRK_SCRIPT
        % {
            "paths": ", ".join(_lua(p) for p in paths),
            "method": _lua(method),
            "body": _lua(body) if body else "nil",
            "headers": ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in (headers or {}).items()),
        }
    )
    return path


def _lua(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a JSON string is a valid Lua string here


def _result(output: str) -> dict:
    lines = [line for line in output.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"wrk printed no summary:\n{output}")
    return json.loads(lines[-1])


def _socket_errors(result: dict) -> int:
    return sum(result[name] for name in ("connect", "read", "write", "timeout"))


def _errors(result: dict) -> list[str]:
    problems = []
    if result["requests"] == 0:
        problems.append("no request was answered")
    if result["refused"] or result["other"]:
        problems.append(f"{result['refused'] + result['other']} responses were not 2xx")
    if _socket_errors(result):
        problems.append(
            "socket errors: {connect} connect, {read} read, {write} write, {timeout} timeouts".format(**result)
        )
    return problems


def _rate(result: dict) -> float:
    return result["requests"] / result["seconds"] if result["seconds"] else 0.0


def _print(result: dict) -> None:
    print(
        f"   {_rate(result):.1f} requests/s ({result['requests']} in {result['seconds']:.1f} s); "
        f"latency p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, max {result['max_ms']:.0f} ms; "
        f"errors: {result['refused'] + result['other']} not 2xx, {_socket_errors(result)} socket"
    )


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
        return response.read()


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            if _get(url) == b"ok\n":
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 s")


def _csrf_token(url: str) -> str:
    """Read the login page as a bot would and keep its CSRF cookie."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url, timeout=REQUEST_TIMEOUT_S) as response:
        response.read()
    token = next((cookie.value for cookie in jar if cookie.name == "csrftoken"), None)
    if not token or not re.fullmatch(r"[A-Za-z0-9]+", token):
        raise RuntimeError("the login page set no CSRF cookie")
    return token


def _workers(master: int) -> list[int]:
    """The gunicorn master's child processes, from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return sorted(children)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Two `quire serve` processes on one PostgreSQL database behind nginx (round robin), on loopback.

Comments and edits go through one process and are read through the other; the rate limit is
shared; the listening connection of one process is terminated; PostgreSQL is restarted; one
process is killed with SIGKILL while comments arrive. At the end every acknowledged comment is
stored, and neither process serves a stale page once the convergence bound has passed.

    eval "$(scripts/postgres-cluster.sh start)"
    scripts/two-process-test.py .build/debug/quire [--trials 50]

Needs nginx and psql. Prints one line per check, the visibility times, and a summary; every wait
is bounded, and the whole run is stopped after --limit seconds.
"""

import argparse
import html
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from quire_checks import Checks

PORT_A, PORT_B, PORT_NGINX = 18111, 18112, 18110
# A commit shows on the other process at once through LISTEN/NOTIFY; when a notification is lost
# or the listener is down, the feed's poll (every second) catches it. The bound we state:
CONVERGENCE_SECONDS = 2.0


class Run:
    def __init__(self, binary, work, url):
        self.binary, self.work, self.url = binary, work, url
        self.processes = {}
        self.check = Checks("two-process")

    # -- processes --------------------------------------------------------------------------

    def config(self, rate_limit):
        path = os.path.join(self.work, f"config-{rate_limit}.json")
        with open(path, "w") as file:
            json.dump({"site": {"base_url": f"http://127.0.0.1:{PORT_NGINX}"},
                       "comments": {"moderation": "open", "comment_rate_limit": rate_limit},
                       "database": {"timeout_seconds": 3}}, file)
        return path

    def start(self, name, rate_limit=0):
        port = PORT_A if name == "A" else PORT_B
        env = dict(os.environ, QUIRE_DATABASE_URL=self.url, QUIRE_PORT=str(port), QUIRE_HOST="127.0.0.1")
        log = open(os.path.join(self.work, f"serve-{name}.log"), "a")
        self.processes[name] = subprocess.Popen([self.binary, "serve", "--config", self.config(rate_limit)],
                                                cwd=self.work, env=env, stdout=log, stderr=log)
        return wait_until(lambda: status(f"http://127.0.0.1:{port}/healthz") == 200, 60)

    def stop(self, name, sig=signal.SIGTERM):
        process = self.processes.pop(name, None)
        if process:
            process.send_signal(sig)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self):
        for name in list(self.processes):
            self.stop(name)

    def psql(self, sql):
        return psql(self.url, sql)


def psql(url, *statements):
    """Runs statements with psql; the password goes in PGPASSWORD, never in argv or a traceback."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    bare = urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}@{host}"))
    env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(parts.password or ""), PGOPTIONS="--client-min-messages=warning")
    arguments = ["psql", bare, "-qAt"] + [item for statement in statements for item in ("-c", statement)]
    done = subprocess.run(arguments, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"two-process test: psql on {bare} failed: {done.stderr.strip()}")
    return done.stdout.strip()


class Nginx:
    def __init__(self, work):
        self.prefix = os.path.join(work, "nginx")
        os.makedirs(os.path.join(self.prefix, "logs"), exist_ok=True)
        self.pid_file = os.path.join(self.prefix, "nginx.pid")
        self.conf = os.path.join(self.prefix, "nginx.conf")
        with open(self.conf, "w") as file:
            file.write(f"""
worker_processes 1;
pid {self.pid_file};
error_log {self.prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    upstream quire {{ server 127.0.0.1:{PORT_A} max_fails=0; server 127.0.0.1:{PORT_B} max_fails=0; }}
    server {{
        listen 127.0.0.1:{PORT_NGINX};
        location / {{ proxy_pass http://quire; proxy_set_header Host $http_host; proxy_connect_timeout 2s; proxy_read_timeout 10s; }}
    }}
}}
""")

    def start(self):
        subprocess.run(["nginx", "-p", self.prefix, "-c", self.conf], check=True)
        wait_until(lambda: os.path.exists(self.pid_file), 5)

    def stop(self):
        if os.path.exists(self.pid_file):
            with open(self.pid_file) as file:
                os.kill(int(file.read().strip()), signal.SIGQUIT)
            wait_until(lambda: not os.path.exists(self.pid_file), 5)


# -- HTTP ------------------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url, data=None, headers=None, method=None, timeout=10):
    """(status, body) of one request; status 0 when nothing answered."""
    body = None if data is None else (data if isinstance(data, bytes) else data.encode())
    try:
        with OPENER.open(urllib.request.Request(url, data=body, headers=headers or {}, method=method), timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


def status(url):
    return request(url, timeout=5)[0]


def page(port, slug):
    return request(f"http://127.0.0.1:{port}/posts/{slug}")[1]


def comment(port, slug, text):
    """Sends the comment form through `port` with a token from the same port: the status."""
    found = re.search(r'name="form_token" value="([^"]*)"', page(port, slug))
    fields = {"comment": text, "author": "Tester", "email": "tester@example.com", "url": "", "comment_parent": "0",
              "form_token": found.group(1) if found else ""}
    return request(f"http://127.0.0.1:{port}/posts/{slug}/comments", urllib.parse.urlencode(fields),
                   {"Content-Type": "application/x-www-form-urlencoded"})[0]


def wait_until(condition, seconds, step=0.01):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def visible_after(port, slug, text, bound):
    """Seconds until `text` shows on the post page through `port`, or None past `bound`."""
    start = time.monotonic()
    escaped = html.escape(text)
    if wait_until(lambda: escaped in page(port, slug), bound, step=0.005):
        return time.monotonic() - start
    return None


# -- the test --------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--trials", type=int, default=50, help="comments written on A and timed until B shows them")
    parser.add_argument("--limit", type=int, default=900, help="seconds after which the whole run is stopped")
    args = parser.parse_args()
    server_url = os.environ.get("QUIRE_TEST_POSTGRES_URL")
    if not server_url:
        sys.exit('two-process test: set QUIRE_TEST_POSTGRES_URL: eval "$(scripts/postgres-cluster.sh start)"')
    signal.signal(signal.SIGALRM, lambda *_: sys.exit(f"two-process test: stopped after {args.limit} s"))
    signal.alarm(args.limit)

    database = "quire_two_process"
    admin = server_url.rsplit("/", 1)[0] + "/postgres"
    psql(admin, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", f"CREATE DATABASE {database}")
    work = tempfile.mkdtemp(prefix="quire-two-")
    run = Run(os.path.realpath(args.binary), work, server_url.rsplit("/", 1)[0] + "/" + database)
    nginx = Nginx(work)
    try:
        test(run, nginx, args.trials)
    finally:
        run.stop_all()
        nginx.stop()
        subprocess.run(["psql", admin, "-qAt", "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"], capture_output=True)
    run.check.finish()


def test(run, nginx, trials):
    # The rate limit first: three comments a minute per client, whichever process takes them.
    run.check("A and B start on one PostgreSQL database", run.start("A", rate_limit=3) and run.start("B", rate_limit=3))
    nginx.start()
    token = subprocess.run([run.binary, "token", "create", "--name", "two-process"], env=dict(os.environ, QUIRE_DATABASE_URL=run.url),
                           capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    created, _ = request(f"http://127.0.0.1:{PORT_NGINX}/api/posts",
                         json.dumps({"title": "Shared post", "body_markdown": "Read anywhere.", "status": "published"}), auth)
    run.check("a post made through nginx is 201", created == 201, str(created))
    run.check("B serves the post A may have made", "Read anywhere." in page(PORT_B, "shared-post") and "Read anywhere." in page(PORT_A, "shared-post"))
    statuses = [comment(port, "shared-post", f"Rate {index}") for index, port in enumerate([PORT_A, PORT_B, PORT_A, PORT_B])]
    run.check("the rate limit holds across processes (3 a minute: A, B, A pass, B refuses)", statuses == [303, 303, 303, 429], str(statuses))
    run.stop("A")
    run.stop("B")
    run.check("A and B start again with no rate limit", run.start("A") and run.start("B"))

    # A comment written on A, read on B: how long until B shows it.
    # A new post every 25 trials keeps each page small, so the time measured is the feed's.
    times = []
    for trial in range(trials):
        slug = f"trial-{trial // 25}"
        if trial % 25 == 0:
            request(f"http://127.0.0.1:{PORT_A}/api/posts",
                    json.dumps({"title": f"Trial {trial // 25}", "body_markdown": "Timed.", "status": "published"}), auth)
        text = f"Visible {trial} {time.time_ns()}"
        written = comment(PORT_A, slug, text)
        seen = visible_after(PORT_B, slug, text, CONVERGENCE_SECONDS) if written == 303 else None
        if seen is None:
            run.check(f"trial {trial}: a comment written on A shows on B within {CONVERGENCE_SECONDS} s", False, f"status {written}")
            break
        times.append(seen)
    if len(times) == trials:
        run.check(f"{trials} comments written on A each showed on B within {CONVERGENCE_SECONDS} s", True,
                  f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")

    edited, _ = request(f"http://127.0.0.1:{PORT_A}/api/posts/shared-post",
                        json.dumps({"title": "Shared post, edited", "body_markdown": "Edited on A.", "status": "published"}), auth, method="PUT")
    run.check("an edit on A shows on B", edited == 200 and visible_after(PORT_B, "shared-post", "Edited on A.", CONVERGENCE_SECONDS) is not None, str(edited))

    # The listening connection of B terminated: the poll still brings A's commits, and B listens again.
    terminated = run.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()")
    run.check("the listening connections are terminated", int(terminated or 0) >= 1, f"{terminated} terminated")
    text = f"After the listener went {time.time_ns()}"
    written = comment(PORT_A, "shared-post", text)
    run.check("a comment on A still shows on B within the bound", written == 303 and visible_after(PORT_B, "shared-post", text, CONVERGENCE_SECONDS) is not None)
    relistened = wait_until(lambda: int(run.psql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'") or 0) >= 2, 10, 0.1)
    run.check("both processes listen again by themselves", relistened)

    # PostgreSQL restarted: answers during the outage are 503 or pages, never a hang; then both recover.
    outage = {"codes": [], "slowest": 0.0}
    stop_probe = threading.Event()

    def probe():
        while not stop_probe.is_set():
            start = time.monotonic()
            outage["codes"].append(status(f"http://127.0.0.1:{PORT_NGINX}/posts/shared-post"))
            outage["slowest"] = max(outage["slowest"], time.monotonic() - start)
            time.sleep(0.02)

    prober = threading.Thread(target=probe, daemon=True)
    prober.start()
    restarted = subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), "postgres-cluster.sh"), "restart"], capture_output=True)
    recovered = wait_until(lambda: status(f"http://127.0.0.1:{PORT_A}/healthz") == 200 and status(f"http://127.0.0.1:{PORT_B}/healthz") == 200, 30, 0.1)
    time.sleep(1)  # and a second of answers after it
    stop_probe.set()
    prober.join()
    codes = sorted(set(outage["codes"]))
    run.check("PostgreSQL restarts", restarted.returncode == 0)
    run.check("during the restart every answer was a page or a 503, none slower than 6 s",
              set(codes) <= {200, 503} and outage["slowest"] < 6, f"answers {codes}, slowest {outage['slowest']:.2f} s, {len(outage['codes'])} requests")
    run.check("both processes answer again by themselves", recovered)
    text = f"After the restart {time.time_ns()}"
    written = comment(PORT_B, "shared-post", text)
    run.check("a comment on B after the restart shows on A within the bound", written == 303 and visible_after(PORT_A, "shared-post", text, CONVERGENCE_SECONDS) is not None)

    # B killed with SIGKILL while comments arrive through nginx: every acknowledged one is stored.
    acknowledged, refused = [], []

    def writer():
        for index in range(120):
            text = f"Under fire {index} {time.time_ns()}"
            (acknowledged if comment(PORT_NGINX, "shared-post", text) == 303 else refused).append(text)

    writing = threading.Thread(target=writer, daemon=True)
    writing.start()
    time.sleep(0.5)
    run.stop("B", signal.SIGKILL)
    writing.join()
    run.check("B is started again", run.start("B"))
    stored = set(run.psql("SELECT body FROM comment WHERE body LIKE 'Under fire %'").splitlines())
    missing = [text for text in acknowledged if text not in stored]
    run.check("every acknowledged comment is stored", not missing and len(acknowledged) > 0,
              f"{len(acknowledged)} acknowledged, {len(refused)} not, {len(missing)} missing")

    # No stale page after the bound: both processes show every stored comment.
    time.sleep(CONVERGENCE_SECONDS)
    count = int(run.psql("SELECT count(*) FROM comment JOIN post ON post.id = comment.post_id WHERE post.slug = 'shared-post' AND comment.status = 'approved'"))
    pages = [page(port, "shared-post") for port in (PORT_A, PORT_B)]
    shown = [len(re.findall(r'<article id="comment-\d+" class="comment', text)) for text in pages]
    run.check(f"after {CONVERGENCE_SECONDS} s both processes show all {count} comments", shown == [count, count], f"A {shown[0]}, B {shown[1]}")


if __name__ == "__main__":
    main()

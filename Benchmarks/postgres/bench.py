#!/usr/bin/env python3
"""SQLite against PostgreSQL, and one process against two behind nginx, on the same blog.

Run through run.sh, which installs what is missing, starts a private PostgreSQL cluster, builds
Quire in release mode and passes the binary. Everything listens on 127.0.0.1; every server
started here is stopped by its pid.

    bench.py QUIRE_BINARY WORK_DIR --postgres-url URL [--posts 2000] [--duration 5]

For each setup (SQLite, one process; PostgreSQL, one process; PostgreSQL, two processes behind
nginx round robin) it measures the cached post page, an archive crawl of random post pages with
no page cache, and comments written through the API while nothing else runs. The blog is made
once on SQLite (Benchmarks/http/make_blog.py) and moved with `quire copy-database`.
"""
import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
import bench as http  # noqa: E402  (wrk, its parsing, the blog maker and the wrk scripts)

PORTS = [18380, 18381]
NGINX_PORT = 18382


class Server:
    """`quire serve` on the blog's database, SQLite or PostgreSQL, with the benchmark's config."""

    def __init__(self, binary, work, name, port, database_url, page_cache_mib):
        self.binary, self.work, self.name, self.port = binary, work, name, port
        self.config = os.path.join(work, f"{name}.json")
        server = {"host": "127.0.0.1", "port": port}
        if page_cache_mib is not None:
            server["page_cache_mib"] = page_cache_mib
        with open(self.config, "w") as file:
            json.dump({"server": server, "database": {"path": os.path.join(work, "blog.sqlite")},
                       "comments": {"moderation": "open", "comment_rate_limit": 0, "max_links": 10}}, file)
        self.environment = dict(os.environ, QUIRE_DATABASE_URL=database_url or "")
        self.process = None

    def start(self):
        log = open(os.path.join(self.work, f"{self.name}.log"), "ab")
        self.process = subprocess.Popen([self.binary, "serve", "--config", self.config, "--log-level", "warning"],
                                        stdout=log, stderr=log, env=self.environment)
        started = time.monotonic()
        while time.monotonic() - started < 60:
            try:
                if http.get(f"http://127.0.0.1:{self.port}/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.01)
        raise SystemExit(f"quire ({self.name}) did not answer within 60 s; see {self.name}.log")

    def stop(self):
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


class Balancer(http.NginxProcess):
    """nginx on loopback, round robin over the given ports."""

    def __init__(self, work, ports):
        super().__init__(work)
        upstreams = " ".join(f"server 127.0.0.1:{port};" for port in ports)
        self.write_conf("worker_connections 4096;", f"""    access_log off;
    upstream quire {{ {upstreams} keepalive 64; }}
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        location / {{ proxy_pass http://quire; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $http_host; }}
    }}""")


def wait_for_related_weights(database):
    """Until quire has computed every post's related-post weights (make_blog.py leaves them to it)."""
    started = time.monotonic()
    while time.monotonic() - started < 900:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            if db.execute("SELECT COUNT(*) FROM post WHERE keywords_corpus_size = 0").fetchone()[0] == 0:
                return
        time.sleep(1)
    raise SystemExit("quire had not computed the related-post weights after 15 minutes")


def comments_stored(work, database_url):
    if database_url:
        return int(subprocess.run(["psql", database_url, "-qAt", "-c", "SELECT count(*) FROM comment"],
                                  capture_output=True, text=True, check=True).stdout)
    with sqlite3.connect(os.path.join(work, "blog.sqlite")) as db:
        return db.execute("SELECT COUNT(*) FROM comment").fetchone()[0]


def measure(arguments, label, processes, database_url):
    """The three figures for one setup: `processes` servers, behind nginx when more than one."""
    rows = []
    for cache, runs in [(None, ["page", "writes"]), (0, ["crawl"])]:
        servers = [Server(arguments.quire, arguments.work, f"{label}-{index}", PORTS[index], database_url, cache)
                   for index in range(processes)]
        balancer = Balancer(arguments.work, PORTS[:processes]) if processes > 1 else None
        try:
            for server in servers:
                server.start()
            if balancer:
                balancer.start()
            base = f"http://127.0.0.1:{NGINX_PORT if balancer else PORTS[0]}"
            if "page" in runs:
                size = len(http.get(f"{base}/posts/{http.BENCH_SLUG}")[1])
                rows.append((f"{label}: post page (cached)", http.wrk(f"{base}/posts/{http.BENCH_SLUG}", arguments.duration), size))
            if "writes" in runs:
                before = comments_stored(arguments.work, database_url)
                writes = http.wrk(base + "/", arguments.duration, threads=1, connections=16,
                                  script=http.comment_script(arguments.work, arguments.posts))
                stored = comments_stored(arguments.work, database_url) - before
                accepted = writes["requests"] - writes["failed"]
                rows.append((f"{label}: comments ({stored} kept)", writes, 0))
                if stored < accepted:
                    print(f"MISSING: {label} acknowledged {accepted} comments and stored {stored}")
            if "crawl" in runs:
                rows.append((f"{label}: crawl (no cache)", http.wrk(base + "/", arguments.duration,
                                                                            script=http.crawl_script(arguments.work, arguments.posts)), 0))
        finally:
            if balancer:
                balancer.stop()
            for server in servers:
                server.stop()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("quire")
    parser.add_argument("work")
    parser.add_argument("--postgres-url", required=True, help="a database on the benchmark's cluster that may be dropped and made again")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=5)
    arguments = parser.parse_args()

    sqlite_server = Server(arguments.quire, arguments.work, "migrate", PORTS[0], None, None)
    subprocess.run([arguments.quire, "migrate", "--config", sqlite_server.config], check=True, capture_output=True, env=sqlite_server.environment)
    http.say(f"making a blog of {arguments.posts} posts on SQLite")
    http.make_blog(arguments.python, os.path.join(arguments.work, "blog.sqlite"), arguments.posts, 50)
    http.say("letting quire compute the related-post weights")
    sqlite_server.start()
    wait_for_related_weights(os.path.join(arguments.work, "blog.sqlite"))
    sqlite_server.stop()

    server, name = arguments.postgres_url.rsplit("/", 1)
    for statement in [f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"]:
        subprocess.run(["psql", f"{server}/postgres", "-qAt", "-c", statement], check=True, capture_output=True)
    http.say("copying the blog to PostgreSQL (quire copy-database)")
    started = time.monotonic()
    subprocess.run([arguments.quire, "copy-database", "--config", sqlite_server.config, "--to", arguments.postgres_url],
                   check=True, capture_output=True, env=sqlite_server.environment)
    copy_seconds = time.monotonic() - started

    http.say(f"wrk: {arguments.duration} s per figure; SQLite, then PostgreSQL with one process, then two behind nginx")
    rows = measure(arguments, "SQLite", 1, None)
    rows += measure(arguments, "PG", 1, arguments.postgres_url)
    rows += measure(arguments, "PG 2+nginx", 2, arguments.postgres_url)
    print(f"\n{arguments.posts} posts (the benchmark post has 50 comments); copy-database to PostgreSQL took {copy_seconds:.1f} s;"
          f" {os.cpu_count()} cores shared by wrk, nginx, PostgreSQL and Quire\n")
    print("SQLite and PG: one process, asked directly; PG 2+nginx: two processes behind nginx, round robin\n")
    print(http.table(rows))


if __name__ == "__main__":
    main()

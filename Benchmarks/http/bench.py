#!/usr/bin/env python3
"""Quire's HTTP benchmark: wrk against Quire's routes and against nginx serving the same bytes.

Run through run.sh, which installs wrk and nginx, builds Quire in release mode and passes the
binary. Everything listens on 127.0.0.1; every server started here is stopped by its pid.

    bench.py QUIRE_BINARY WORK_DIR [--posts 10000] [--duration 10]      the main table and writes
    bench.py QUIRE_BINARY WORK_DIR --scale [--duration 5]                1,000 vs 100,000 posts
"""
import argparse
import base64
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
QUIRE_PORT = 18280
NGINX_PORT = 18281
CEILING_PORT = 18290
BENCH_SLUG = "benchmark-post"


def say(text):
    print(text, file=sys.stderr, flush=True)


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, answer.read()


def post_json(url, value):
    request = urllib.request.Request(url, data=json.dumps(value).encode(), headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, json.loads(answer.read())


def milliseconds(text):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, duration, threads=2, connections=32, script=None):
    """Runs wrk and returns requests per second, p50 and p99 in ms, requests and failures."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    return parse_wrk(subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout)


def parse_wrk(output):
    """wrk --latency's figures: requests per second, p50 and p99 in ms, requests and failures."""
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "failed": 0,
    }
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["failed"] = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, errors.groups())) if errors else 0)
    return result


class Quire:
    """`quire serve` on a database, with the benchmark's config."""

    def __init__(self, binary, work, database, page_cache_mib=None, log_level="warning"):
        self.binary, self.work, self.log_level = binary, work, log_level
        self.config = os.path.join(work, "quire.json")
        server = {"host": "127.0.0.1", "port": QUIRE_PORT}
        if page_cache_mib is not None:
            server["page_cache_mib"] = page_cache_mib
        with open(self.config, "w") as file:
            json.dump({
                "server": server,
                "database": {"path": database},
                # The write benchmark measures writing, not moderation: no holds, no rate limit.
                "comments": {"moderation": "open", "comment_rate_limit": 0, "max_links": 10},
            }, file)
        self.process = None

    def migrate(self):
        subprocess.run([self.binary, "migrate", "--config", self.config], check=True, capture_output=True)

    def wait_for_related_weights(self, database):
        """Waits until the server has computed every post's related-post weights (make_blog.py
        leaves them to it), so that nothing else runs while routes are measured."""
        started = time.monotonic()
        while True:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
                left = db.execute("SELECT COUNT(*) FROM post WHERE keywords_corpus_size = 0").fetchone()[0]
            if left == 0:
                return
            if time.monotonic() - started > 900:
                raise SystemExit(f"quire still had {left} posts without related-post weights after 15 minutes")
            time.sleep(1)

    def start(self):
        """Starts the server and returns the seconds until its first 200 answer for `/`."""
        log = open(os.path.join(self.work, "serve.log"), "ab")
        started = time.monotonic()
        self.process = subprocess.Popen([self.binary, "serve", "--config", self.config, "--log-level", self.log_level], stdout=log, stderr=log)
        while time.monotonic() - started < 60:
            try:
                if get(f"http://127.0.0.1:{QUIRE_PORT}/")[0] == 200:
                    return time.monotonic() - started
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.005)
        raise SystemExit("quire did not answer within 60 s; see serve.log")

    def cpu_seconds(self):
        """User and system CPU time the server has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory(self):
        """Peak and current resident memory in MB, from /proc."""
        with open(f"/proc/{self.process.pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024

    def stop(self):
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


class NginxProcess:
    """nginx from Debian under a prefix of its own, with the configuration `write_conf` writes;
    started, and stopped by its pid."""

    def __init__(self, work):
        self.prefix = os.path.join(work, "nginx")
        os.makedirs(os.path.join(self.prefix, "logs"), exist_ok=True)
        self.pid_file = os.path.join(self.prefix, "nginx.pid")
        self.conf = os.path.join(self.prefix, "nginx.conf")

    def write_conf(self, events, http):
        with open(self.conf, "w") as file:
            file.write(f"""
worker_processes auto;
pid {self.pid_file};
error_log {self.prefix}/logs/error.log warn;
events {{ {events} }}
http {{
{http}
}}
""")

    def start(self):
        subprocess.run(["nginx", "-p", self.prefix, "-c", self.conf], check=True)
        for _ in range(100):
            if os.path.exists(self.pid_file):
                return
            time.sleep(0.05)

    def stop(self):
        if os.path.exists(self.pid_file):
            with open(self.pid_file) as file:
                os.kill(int(file.read().strip()), signal.SIGQUIT)
            for _ in range(100):
                if not os.path.exists(self.pid_file):
                    return
                time.sleep(0.05)


class Nginx(NginxProcess):
    """nginx serving one folder on loopback."""

    def __init__(self, work):
        super().__init__(work)
        self.root = os.path.join(self.prefix, "www")
        os.makedirs(self.root, exist_ok=True)
        self.write_conf("worker_connections 1024;", f"""    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type text/html;
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        root {self.root};
        location /posts/ {{ default_type text/html; }}
    }}""")


def make_blog(python, database, posts, comments):
    subprocess.run([python, os.path.join(HERE, "make_blog.py"), database, "--posts", str(posts), "--comments", str(comments)], check=True)
    # Let the kernel finish writing the new database out before anything is measured.
    os.sync()
    time.sleep(2)


def table(rows, reference=None):
    header = f"{'route':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>8}" + (f" {'vs nginx':>9}" if reference else "")
    lines = [header, "-" * len(header)]
    for name, result, size in rows:
        line = f"{name:<34} {result['rps']:>9.0f} {result['p50']:>8.2f} {result['p99']:>8.2f} {size:>8}"
        if reference:
            line += f" {result['rps'] / reference:>9.2f}"
        if result["failed"]:
            line += f"  ({result['failed']} failed)"
        lines.append(line)
    return "\n".join(lines)


def comment_script(work, posts):
    """A wrk script that posts comments to the blog's posts, spread over 1,000 of them."""
    path = os.path.join(work, "comment.lua")
    with open(path, "w") as file:
        file.write(f"""
local counter = 0
request = function()
  counter = counter + 1
  local post = math.random(1, {min(posts - 1, 1000)})
  local body = string.format('{{"author_name":"Load %d","author_email":"load%d@example.com","body":"Comment %d, written under load."}}', counter, counter, counter)
  return wrk.format("POST", "/api/posts/post-" .. post .. "/comments", {{["Content-Type"] = "application/json"}}, body)
end
""")
    return path


def crawl_script(work, posts):
    """A wrk script that asks for a random post page of the whole archive each time."""
    path = os.path.join(work, "crawl.lua")
    with open(path, "w") as file:
        file.write(f"""
request = function()
  return wrk.format("GET", "/posts/post-" .. math.random(1, {posts - 1}))
end
""")
    return path


def save_pages(base, root, posts):
    """Fetches every post page once and saves it where nginx serves the same path."""
    from concurrent.futures import ThreadPoolExecutor
    folder = os.path.join(root, "posts")
    os.makedirs(folder, exist_ok=True)

    def save(number):
        with open(os.path.join(folder, f"post-{number}"), "wb") as file:
            file.write(get(f"{base}/posts/post-{number}")[1])
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(save, range(1, posts)))


def uncached_benchmark(arguments, database, nginx):
    """Quire with no page cache: an archive crawl against nginx serving the same pages, and the
    CPU time one post page with 50 comments costs."""
    work = os.path.join(arguments.work, "uncached")
    os.makedirs(work, exist_ok=True)
    # A build from before `server.page_cache_mib` keeps its 16 MiB cache, which holds only the
    # last thousand or so of the pages the crawl asks for.
    quire = Quire(arguments.quire, work, database, page_cache_mib=None if arguments.before_page_cache_option else 0,
                  log_level=arguments.log_level)
    base = f"http://127.0.0.1:{QUIRE_PORT}"
    try:
        quire.start()
        say(f"saving the {arguments.posts - 1} other post pages for nginx")
        save_pages(base, nginx.root, arguments.posts)
        script = crawl_script(work, arguments.posts)
        say(f"archive crawl: random post pages of {arguments.posts - 1}, {arguments.duration} s each, nginx then Quire with no page cache")
        reference = wrk(f"http://127.0.0.1:{NGINX_PORT}/", arguments.duration, script=script)
        crawl = wrk(base + "/", arguments.duration, script=script)
        before = quire.cpu_seconds()
        single = wrk(base + f"/posts/{BENCH_SLUG}", arguments.duration, threads=1, connections=1)
        cpu_ms = (quire.cpu_seconds() - before) * 1000 / max(single["requests"], 1)
        # The same page under load (32 connections): the threads stay awake, so this is closer
        # to the rendering alone than one connection's request-at-a-time.
        before = quire.cpu_seconds()
        loaded = wrk(base + f"/posts/{BENCH_SLUG}", arguments.duration)
        loaded_cpu_ms = (quire.cpu_seconds() - before) * 1000 / max(loaded["requests"], 1)
        size = len(get(base + f"/posts/{BENCH_SLUG}")[1])
        print("\nNo page cache (server.page_cache_mib 0): every answer rendered anew\n" if not arguments.before_page_cache_option
              else "\nA build without server.page_cache_mib: its 16 MiB page cache holds a tenth of these pages\n")
        print(table([
            ("nginx, random saved post pages", reference, 0),
            ("Quire, random post pages (crawl)", crawl, 0),
            ("Quire, post page with 50 comments", single, size),
            ("the same, 32 connections", loaded, size),
        ], reference["rps"]))
        print(f"CPU for the post page with 50 comments: {cpu_ms:.2f} ms a request (Quire's user+system CPU time"
              f" over {single['requests']} requests on one connection, all of the server's work included)")
        print(f"CPU for the post page with 50 comments under load: {loaded_cpu_ms:.2f} ms a request"
              f" (the same over {loaded['requests']} requests on 32 connections)")
        peak, _ = quire.memory()
        print(f"Quire resident memory with no page cache: peak {peak:.0f} MB")
    finally:
        quire.stop()


def count_comments(database):
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COUNT(*) FROM comment").fetchone()[0]


def main_benchmark(arguments):
    work = arguments.work
    database = os.path.join(work, "blog.sqlite")
    quire = Quire(arguments.quire, work, database, log_level=arguments.log_level)
    quire.migrate()
    say(f"making a blog of {arguments.posts} posts")
    make_blog(arguments.python, database, arguments.posts, 50)
    nginx = Nginx(work)
    base = f"http://127.0.0.1:{QUIRE_PORT}"
    try:
        first_answer = quire.start()
        say("waiting for quire to compute the related-post weights")
        quire.wait_for_related_weights(database)
        page = get(f"{base}/posts/{BENCH_SLUG}")[1]
        with open(os.path.join(nginx.root, "post.html"), "wb") as file:
            file.write(page)
        nginx.start()
        routes = [
            ("post page /posts/benchmark-post", f"/posts/{BENCH_SLUG}"),
            ("front page /", "/"),
            ("/api/posts", "/api/posts"),
            ("/api/posts/benchmark-post", f"/api/posts/{BENCH_SLUG}"),
            ("/feed.xml", "/feed.xml"),
        ]
        say(f"wrk: 2 threads, 32 connections, {arguments.duration} s per route")
        reference = wrk(f"http://127.0.0.1:{NGINX_PORT}/post.html", arguments.duration)
        rows = [("nginx, the saved post page", reference, len(page))]
        if arguments.ceiling:
            rows.append(("Hummingbird alone, same bytes", ceiling_run(arguments, nginx), len(page)))
        for name, path in routes:
            size = len(get(base + path)[1])
            rows.append((name, wrk(base + path, arguments.duration), size))
        print(f"\nQuire with {arguments.posts} posts; the benchmark post has 50 threaded comments; first 200 answer {first_answer * 1000:.0f} ms after start\n")
        print(table(rows, reference["rps"]))

        # Writes while the post page is read.
        before = count_comments(database)
        say(f"writes: comments through the API while the post page is read, {arguments.duration} s")
        reader = subprocess.Popen(
            ["wrk", "-t1", "-c16", f"-d{arguments.duration}s", "--latency", "--timeout", "5s", base + f"/posts/{BENCH_SLUG}"],
            stdout=subprocess.PIPE, text=True)
        writes = wrk(base + "/", arguments.duration, threads=1, connections=16, script=comment_script(work, arguments.posts))
        read_output = reader.communicate()[0]
        reads = parse_wrk(read_output)
        accepted = writes["requests"] - writes["failed"]
        stored = count_comments(database) - before
        print(f"\nwrites under load (1 wrk thread x 16 connections writing, 1 x 16 reading, {arguments.duration} s):")
        print(table([("POST /api/posts/{slug}/comments", writes, 0), ("post page, read meanwhile", reads, len(page))]))
        # wrk stops counting at its deadline; requests still in flight then may be stored too.
        print(f"accepted comments: {accepted} ({accepted / arguments.duration:.0f}/s); new in the database afterwards: {stored}"
              f" -> {'all there' if stored >= accepted else 'MISSING ' + str(accepted - stored)}")

        # A new approved comment shows on the very next GET.
        marker = f"Freshness check {time.time():.0f}"
        post_json(f"{base}/api/posts/{BENCH_SLUG}/comments", {"author_name": "Checker", "author_email": "check@example.com", "body": marker})
        fresh = marker.encode() in get(f"{base}/posts/{BENCH_SLUG}")[1]
        fresh_api = marker.encode() in get(f"{base}/api/posts/{BENCH_SLUG}/comments")[1]
        print(f"a new comment on the next GET: page {'yes' if fresh else 'NO (stale)'}, API {'yes' if fresh_api else 'NO (stale)'}")
        peak, current = quire.memory()
        print(f"Quire resident memory: peak {peak:.0f} MB, now {current:.0f} MB")
        quire.stop()
        uncached_benchmark(arguments, database, nginx)
    finally:
        nginx.stop()
        quire.stop()


def ceiling_run(arguments, nginx):
    """wrk against the `ceiling` program (Benchmarks/http/ceiling): Hummingbird answering with the
    saved post page from memory, no middleware, no cache lookup; what Quire's cached page could
    reach at best with the framework it is built on."""
    server = subprocess.Popen([arguments.ceiling, os.path.join(nginx.root, "post.html"), str(CEILING_PORT)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{CEILING_PORT}/post.html"
        for _ in range(100):
            try:
                get(url)
                break
            except OSError:
                time.sleep(0.05)
        return wrk(url, arguments.duration)
    finally:
        server.terminate()
        server.wait(timeout=10)


def scale_benchmark(arguments):
    results = {}
    for posts, comments in ((1_000, 10_000), (100_000, 1_000_000)):
        work = os.path.join(arguments.work, f"scale-{posts}")
        os.makedirs(work, exist_ok=True)
        database = os.path.join(work, "blog.sqlite")
        quire = Quire(arguments.quire, work, database, log_level=arguments.log_level)
        quire.migrate()
        say(f"making a blog of {posts} posts and {comments} comments")
        make_blog(arguments.python, database, posts, comments)
        base = f"http://127.0.0.1:{QUIRE_PORT}"
        try:
            first_answer = quire.start()
            say("waiting for quire to compute the related-post weights")
            quire.wait_for_related_weights(database)
            per_page = 10
            deep_page = min(500, posts // per_page)
            with sqlite3.connect(database) as db:
                offset = min(5_000, posts // 2)
                date, post_id = db.execute(
                    "SELECT published_at, id FROM post WHERE status <> 'draft' ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET ?",
                    (offset,)).fetchone()
            cursor = base64.urlsafe_b64encode(f"{date}|{post_id}".encode()).decode().rstrip("=")
            word = json.loads(get(f"{base}/api/posts/{BENCH_SLUG}")[1])["post"]["title"].split()[1]
            routes = [
                ("post page", f"/posts/{BENCH_SLUG}"),
                ("front page", "/"),
                ("front page, deep page", f"/?page={deep_page}"),
                ("/api/posts, deep cursor", f"/api/posts?cursor={cursor}"),
                ("search /search?q=", f"/search?q={word}"),
                ("related list /api/.../related", f"/api/posts/{BENCH_SLUG}/related"),
            ]
            figures = {}
            for name, path in routes:
                status, body = get(base + path)
                assert status == 200, (path, status)
                figures[name] = (name, wrk(base + path, arguments.duration))
            peak, _ = quire.memory()
            results[posts] = (figures, first_answer, peak)
        finally:
            quire.stop()
    small, large = results[1_000], results[100_000]
    print("\nScale: the same routes with 1,000 posts / 10,000 comments and 100,000 posts / 1,000,000 comments"
          f" (wrk 2 threads, 32 connections, {arguments.duration} s each)\n")
    header = f"{'route':<30} {'1k req/s':>9} {'p99 ms':>7} {'100k req/s':>11} {'p99 ms':>7} {'100k/1k':>8}"
    print(header)
    print("-" * len(header))
    for key, (name, result) in small[0].items():
        large_name, large_result = large[0][key]
        print(f"{key:<30} {result['rps']:>9.0f} {result['p99']:>7.2f} {large_result['rps']:>11.0f} {large_result['p99']:>7.2f} {large_result['rps'] / result['rps']:>8.2f}")
    print(f"{'first 200 after start (ms)':<30} {small[1] * 1000:>9.0f} {'':>7} {large[1] * 1000:>11.0f}")
    print(f"{'peak resident memory (MB)':<30} {small[2]:>9.0f} {'':>7} {large[2]:>11.0f}")
    print(f"(deep pages: page {min(500, 1_000 // 10)} of 100 at 1k posts, page 500 at 100k; cursors after 500 and 5,000 posts)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("quire")
    parser.add_argument("work")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--ceiling", help="the built Benchmarks/http/ceiling program: adds Hummingbird alone to the table")
    parser.add_argument("--before-page-cache-option", action="store_true",
                        help="for a build older than server.page_cache_mib (a before-and-after comparison)")
    parser.add_argument("--log-level", default="warning",
                        help="quire serve's; info adds the access log's line per request (written to serve.log)")
    arguments = parser.parse_args()
    (scale_benchmark if arguments.scale else main_benchmark)(arguments)

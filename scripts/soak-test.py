#!/usr/bin/env python3
"""A long run of ordinary work against one `quire serve`, watching its memory.

Readers fetch every kind of page, feed, search, API answer, image and /metrics without pause;
one writer leaves a comment through the form each second, one edits a post through the API every
two seconds, and one uploads a new image every five (and deletes every tenth image again). The
server's resident memory is printed every minute. It passes when:
- every answer was the one expected (no error answer at all, and no unanswered request);
- resident memory at the end is less than 10 % above its size after the first --settle minutes;
- every comment answered 303 is stored, and the database passes integrity_check;
- SIGTERM stops it with exit 0;
- with --leak-check (a binary built with -sanitize=address), LeakSanitizer reports no leak
  when the server exits.

    scripts/soak-test.py .build/debug/quire [--minutes 30] [--settle 5]
    scripts/soak-test.py .build-asan/debug/quire --minutes 3 --leak-check

The whole run stops after --minutes plus five minutes.
"""

import argparse
import json
import os
import random
import re
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections import Counter

from quire_checks import Blog, Checks, bounded, distinct_png, request, rss_mib

PORT, METRICS_PORT = 18161, 18162
POSTS = 20
WORDS = ("garden harbour lantern orchard meadow granite willow compass ember tidewater falcon "
         "juniper quarry saffron thistle beacon cobalt prairie glacier marble").split()


class Soak:
    def __init__(self, blog, api_token):
        self.blog, self.api_token = blog, api_token
        self.slugs, self.images = [], []  # images: (id, path)
        self.tags = {}  # slug -> its tags, kept by each edit
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.answers = Counter()  # kind -> answers as expected
        self.errors = []  # (kind, method, path, status)
        self.acknowledged = []  # comment texts answered 303

    def expect(self, kind, method, path, status, wanted):
        with self.lock:
            if status == wanted:
                self.answers[kind] += 1
            else:
                self.errors.append((kind, method, path, status))

    def words(self, count):
        return " ".join(random.choice(WORDS) for _ in range(count))

    # -- setting up ----------------------------------------------------------------------------

    def seed(self):
        for number in range(POSTS):
            tags = random.sample(WORDS[:6], 2)
            body = json.dumps({"title": f"Soak post {number}: {self.words(3)}", "status": "published", "tags": tags,
                               "body_markdown": f"{self.words(60)}\n\n- {self.words(4)}\n- {self.words(4)}\n\n{self.words(40)}"})
            status, headers, _ = self.blog.request("POST", "/api/posts", body, self.json_headers())
            if status != 201:
                return False
            self.slugs.append(headers["location"].rsplit("/", 1)[1])
            self.tags[self.slugs[-1]] = tags
        return True

    def json_headers(self):
        return {"Content-Type": "application/json", "Authorization": f"Bearer {self.api_token}"}

    # -- the workers ---------------------------------------------------------------------------

    def reader(self):
        while not self.stop.is_set():
            slug = random.choice(self.slugs)
            with self.lock:
                image = random.choice(self.images)[1] if self.images else None
            path = random.choice([
                "/", f"/posts/{slug}", f"/posts/{slug}", f"/posts/{slug}", "/feed.xml", "/feed.json",
                f"/search?q={random.choice(WORDS)}", f"/tags/{random.choice(self.tags[slug])}", "/api/posts?limit=5",
                f"/api/posts/{slug}", f"/api/posts/{slug}/related", f"/api/posts/{slug}/comments", "/api/tags",
            ] + ([image] if image else []))
            status = self.blog.request("GET", path)[0]
            self.expect("read", "GET", path, status, 200)

    def commenter(self):
        number = 0
        while not self.stop.wait(1.0):
            slug, text = random.choice(self.slugs), f"Soak comment {number}: {self.words(12)}"
            status = self.blog.comment(text, slug=slug)[0]
            self.expect("comment", "POST", f"/posts/{slug}/comments", status, 303)
            if status == 303:
                with self.lock:
                    self.acknowledged.append(text)
            number += 1

    def editor(self):
        number = 0
        while not self.stop.wait(2.0):
            slug = random.choice(self.slugs)
            status = self.blog.edit(self.api_token, f"Soak edit {number}: {self.words(3)}",
                                    f"{self.words(50)}\n\n{self.words(30)}", slug=slug, tags=self.tags[slug])[0]
            self.expect("edit", "PUT", f"/api/posts/{slug}", status, 200)
            number += 1

    def uploader(self):
        number = 0
        while not self.stop.wait(5.0):
            status, _, text = self.blog.upload(self.api_token, distinct_png(f"soak {number}"), "soak.png", f"Soak image {number}")
            self.expect("upload", "POST", "/api/media", status, 201)
            if status == 201:
                media = json.loads(text)["media"]
                with self.lock:
                    self.images.append((media["id"], urllib.parse.urlsplit(media["url"]).path))
            number += 1
            if number % 10 == 0:
                with self.lock:
                    gone = self.images.pop(0) if self.images else None
                # A reader may have picked it just before: let that request finish first.
                if gone and not self.stop.wait(2.0):
                    path = f"/api/media/{gone[0]}"
                    self.expect("delete", "DELETE", path, self.blog.request("DELETE", path, headers=self.json_headers())[0], 204)

    def scraper(self):
        while not self.stop.wait(60.0):
            status = request(METRICS_PORT, "GET", "/metrics")[0]
            self.expect("metrics", "GET", "/metrics", status, 200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=".build/debug/quire")
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--settle", type=float, default=5, help="minutes after which memory may grow less than 10 %%")
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--leak-check", action="store_true", help="the binary has AddressSanitizer: check LeakSanitizer's report")
    arguments = parser.parse_args()
    bounded("soak test", int(arguments.minutes * 60) + 300)
    checks = Checks("soak test")
    work = tempfile.mkdtemp(prefix="quire-soak-")
    # Swift's own crash reporter reads memory that AddressSanitizer forbids.
    environment = {"ASAN_OPTIONS": "detect_leaks=1", "SWIFT_BACKTRACE": "enable=no"} if arguments.leak_check else None
    blog = Blog(arguments.binary, work, PORT, {
        "server": {"port": PORT, "metrics_port": METRICS_PORT}, "database": {"path": "blog.sqlite"},
        "comments": {"moderation": "open", "comment_rate_limit": 0, "max_links": 2}},
        serve_arguments=["--log-level", "warning"], environment=environment)
    soak = None
    try:
        soak = Soak(blog, blog.token("soak-test"))
        if not checks("the server starts", blog.start(seconds=120)) or not checks(f"{POSTS} posts made", soak.seed()):
            checks.finish()
        pid = blog.process.pid
        # Daemons, and stopped first in `finally`: a time limit or SIGTERM ends the run at once.
        workers = [threading.Thread(target=soak.reader, daemon=True) for _ in range(arguments.readers)] + [
            threading.Thread(target=work, daemon=True) for work in (soak.commenter, soak.editor, soak.uploader, soak.scraper)]
        for worker in workers:
            worker.start()
        started, curve = time.monotonic(), []
        print(f"minute  0: {rss_mib(pid):6.1f} MiB", flush=True)
        while len(curve) < int(arguments.minutes):
            time.sleep(max(0.0, started + 60 * (len(curve) + 1) - time.monotonic()))
            with soak.lock:
                answered, errors = sum(soak.answers.values()), len(soak.errors)
            curve.append(rss_mib(pid))
            print(f"minute {len(curve):2}: {curve[-1]:6.1f} MiB  {answered} answers, {errors} errors", flush=True)
        soak.stop.set()
        for worker in workers:
            worker.join(60)

        counts = ", ".join(f"{count} {kind}" for kind, count in sorted(soak.answers.items()))
        checks("every answer was the one expected", not soak.errors,
               f"{counts}; {len(soak.errors)} not: {soak.errors[:5]}")
        settle = int(arguments.settle)
        if len(curve) > settle and settle > 0 and curve[settle - 1] > 0:
            growth = (curve[-1] - curve[settle - 1]) / curve[settle - 1] * 100
            checks(f"resident memory grew less than 10 % after minute {settle}", growth < 10,
                   f"{curve[settle - 1]:.1f} MiB at minute {settle}, {curve[-1]:.1f} MiB at minute {len(curve)}: {growth:+.1f} %")
        else:
            print(f"(memory growth not checked: the run is not longer than --settle {settle} minutes)")
        stored = {row[0] for row in blog.stored("SELECT body FROM comment")}
        lost = [text for text in soak.acknowledged if text not in stored]
        checks("every comment answered 303 is stored", not lost, f"{len(soak.acknowledged)} acknowledged, {len(lost)} lost")
        checks("integrity_check ok", blog.integrity())
        code = blog.stop(seconds=30)
        checks("SIGTERM stops it with exit 0", code == 0, f"exit {code}")
        if arguments.leak_check:
            with open(os.path.join(work, "serve.log"), errors="replace") as log:
                report = log.read()
            summary = re.findall(r"SUMMARY: AddressSanitizer: .*", report)
            checks("LeakSanitizer found no leak when the server exited",
                   "LeakSanitizer" not in report and "AddressSanitizer" not in report,
                   summary[0] if summary else "no report")
    finally:
        if soak:
            soak.stop.set()
        blog.stop()
        subprocess.run(["rm", "-rf", work])
    checks.finish()


if __name__ == "__main__":
    main()

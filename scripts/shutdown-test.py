#!/usr/bin/env python3
"""Stopping `quire serve` under load, gently and not.

1. SIGTERM under load: writers send comments through the form and readers fetch pages when the
   server gets SIGTERM. Requests in flight get their answers, every comment answered 303 is
   stored, and the process exits 0 within its shutdown limit (10 s graceful, 5 s more to cancel).
2. SIGKILL, again and again (--kills times): comments, image uploads and post edits through the
   API arrive when the server is killed at a random moment; after each restart the database
   passes integrity_check and holds every write that was acknowledged (303, 201, 200).

    scripts/shutdown-test.py .build/debug/quire [--kills 5]

Every wait is bounded; the whole run stops after --limit seconds.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PORT = 18151
SHUTDOWN_LIMIT = 15  # Serve.gracefulShutdown + Serve.cancellation


def request(method, path, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return 0, {}, ""
    finally:
        connection.close()


class Blog:
    def __init__(self, binary, work):
        self.binary, self.work = binary, work
        self.database = os.path.join(work, "blog.sqlite")
        self.process = None
        with open(os.path.join(work, "quire.json"), "w") as file:
            json.dump({"server": {"port": PORT}, "database": {"path": "blog.sqlite"},
                       "comments": {"moderation": "open", "comment_rate_limit": 0}}, file)

    def start(self):
        log = open(os.path.join(self.work, "serve.log"), "a")
        self.process = subprocess.Popen([self.binary, "serve", "--config", "quire.json", "--log-level", "warning"],
                                        cwd=self.work, stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if request("GET", "/healthz", timeout=2)[0] == 200:
                return True
            time.sleep(0.1)
        return False

    def token(self):
        result = subprocess.run([self.binary, "token", "create", "--name", "shutdown-test", "--config", "quire.json"],
                                cwd=self.work, capture_output=True, text=True, timeout=60)
        return result.stdout.strip().splitlines()[-1]

    def stored(self, sql):
        db = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def form_token(self):
        page = request("GET", "/posts/welcome-to-quire")[2]
        found = re.search(r'name="form_token" value="([^"]*)"', page)
        return found.group(1) if found else ""


def comment(token, text):
    body = urllib.parse.urlencode({"comment": text, "author": "Writer", "email": "writer@example.com", "url": "",
                                   "comment_parent": "0", "form_token": token})
    return request("POST", "/posts/welcome-to-quire/comments", body, {"Content-Type": "application/x-www-form-urlencoded"})[0]


def upload(api_token, name):
    """Uploads a small PNG made different each time (a text chunk holds `name`, so every upload is
    a new image), with `name` as its alt text."""
    png = open(os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "media", "graphic.png"), "rb").read()
    text = name.encode()
    import struct, zlib
    chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
    data = png[:33] + chunk + png[33:]
    boundary = "shutdownboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n{name}\r\n--{boundary}\r\n"
            f"Content-Disposition: form-data; name=\"file\"; filename=\"u.png\"\r\nContent-Type: image/png\r\n\r\n").encode() \
        + data + f"\r\n--{boundary}--\r\n".encode()
    return request("POST", "/api/media", body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                "Authorization": f"Bearer {api_token}"})[0]


def edit(api_token, title):
    body = json.dumps({"title": title, "body_markdown": f"Edited: {title}", "status": "published", "slug": "welcome-to-quire"})
    return request("PUT", "/api/posts/welcome-to-quire", body, {"Content-Type": "application/json",
                                                               "Authorization": f"Bearer {api_token}"})[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=".build/debug/quire")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--limit", type=int, default=540, help="stop the whole run after this many seconds")
    arguments = parser.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("shutdown test: over its time limit"))
    signal.alarm(arguments.limit)
    # A SIGTERM (CI's own timeout) ends the run through its cleanup too: servers, mounts.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    work = tempfile.mkdtemp(prefix="quire-shutdown-")
    blog = Blog(os.path.abspath(arguments.binary), work)
    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)
        passed, failed = passed + bool(ok), failed + (not ok)

    try:
        api_token = blog.token()
        # -- SIGTERM under load ------------------------------------------------------------------
        check("the server starts", blog.start())
        form_token = blog.form_token()
        acknowledged, answers, stop = [], [], threading.Event()
        lock = threading.Lock()

        def writer(number):
            sent = 0
            while not stop.is_set():
                text = f"writer {number} comment {sent}"
                status = comment(form_token, text)
                with lock:
                    answers.append(status)
                    if status == 303:
                        acknowledged.append(text)
                sent += 1
                if status == 0:
                    return

        def reader():
            while not stop.is_set():
                status = request("GET", random.choice(["/", "/posts/welcome-to-quire", "/feed.xml", "/api/posts"]))[0]
                with lock:
                    answers.append(status)
                if status == 0:
                    return

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)] + [threading.Thread(target=reader) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        before = len(answers)
        signaled = time.time()
        blog.process.send_signal(signal.SIGTERM)
        try:
            code = blog.process.wait(SHUTDOWN_LIMIT + 5)
        except subprocess.TimeoutExpired:
            code = None
            blog.process.kill()
        exited = time.time() - signaled
        stop.set()
        for thread in threads:
            thread.join(30)
        statuses = sorted(set(answers))
        check("SIGTERM under load: the process exits 0 within its limit", code == 0 and exited < SHUTDOWN_LIMIT,
              f"exit {code} after {exited:.2f} s ({before} answers before the signal)")
        check("SIGTERM under load: every answer was 200 or 303 (or no connection, once it stopped listening)",
              set(statuses) <= {0, 200, 303}, str(statuses))
        stored = {row[0] for row in blog.stored("SELECT body FROM comment")}
        missing = [text for text in acknowledged if text not in stored]
        check("SIGTERM under load: every comment answered 303 is stored", not missing and acknowledged,
              f"{len(acknowledged)} acknowledged, {len(missing)} missing")
        check("SIGTERM under load: integrity_check ok", blog.stored("PRAGMA integrity_check") == [("ok",)])

        # -- SIGKILL loops ----------------------------------------------------------------------
        acknowledged_comments, acknowledged_uploads, last_edit = [], [], None
        for kill in range(arguments.kills):
            check(f"kill {kill + 1}: the server starts", blog.start())
            form_token = blog.form_token()
            stop = threading.Event()
            # Edits answered 200, and those that got no answer (in flight when it was killed).
            state = {"edit": None, "unanswered": set()}

            def commenter(number):
                sent = 0
                while not stop.is_set():
                    text = f"kill {kill} writer {number} comment {sent}"
                    if comment(form_token, text) == 303:
                        with lock:
                            acknowledged_comments.append(text)
                    sent += 1

            def uploader():
                number = 0
                while not stop.is_set():
                    name = f"kill {kill} upload {number}"
                    if upload(api_token, name) == 201:
                        with lock:
                            acknowledged_uploads.append(name)
                    number += 1

            def editor():
                number = 0
                while not stop.is_set():
                    title = f"Kill {kill} edit {number}"
                    status = edit(api_token, title)
                    with lock:
                        if status == 200:
                            state["edit"] = title
                        elif status == 0:
                            state["unanswered"].add(title)
                    number += 1

            workers = [threading.Thread(target=commenter, args=(n,)) for n in range(3)] + \
                [threading.Thread(target=uploader), threading.Thread(target=editor)]
            for worker in workers:
                worker.start()
            time.sleep(random.uniform(1.0, 3.0))
            blog.process.kill()
            blog.process.wait(10)
            stop.set()
            for worker in workers:
                worker.join(30)
            last_edit = state["edit"] or last_edit
            # The last edit answered 200 is stored, or one sent after it that got no answer.
            expected_titles = ({last_edit} | state["unanswered"]) - {None}
            integrity = blog.stored("PRAGMA integrity_check")
            comments = {row[0] for row in blog.stored("SELECT body FROM comment")}
            alts = {row[0] for row in blog.stored("SELECT alt FROM media")}
            title = blog.stored("SELECT title FROM post WHERE slug = 'welcome-to-quire'")
            edited = last_edit is None or (title and title[0][0] in expected_titles)
            lost_comments = len(set(acknowledged_comments) - comments)
            lost_uploads = len(set(acknowledged_uploads) - alts)
            check(f"kill {kill + 1}: after SIGKILL, integrity_check ok and every acknowledged write stored",
                  integrity == [("ok",)] and not lost_comments and not lost_uploads and edited,
                  f"integrity {integrity[0][0]}; {len(acknowledged_comments)} comments ({lost_comments} lost), "
                  f"{len(acknowledged_uploads)} uploads ({lost_uploads} lost) so far; "
                  f"last edit answered: {last_edit!r}, stored: {title[0][0] if title else None!r}")
    finally:
        if blog.process and blog.process.poll() is None:
            blog.process.kill()
        subprocess.run(["rm", "-rf", work])
    print(f"shutdown test: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

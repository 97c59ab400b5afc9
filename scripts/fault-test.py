#!/usr/bin/env python3
"""Faults a blog on SQLite meets, each scripted and checked for what the reader sees and what is stored.

1. Disk full: the database lives on a small tmpfs, which a filler file fills while comments, an
   upload and an API edit arrive. Writes answer 503 with Retry-After (the comment form comes back
   with what was typed), reads keep working; once the filler is removed the same writes succeed,
   without a restart; the file passes integrity_check and holds exactly the writes that were
   acknowledged.
2. Locked: another process holds SQLite's write lock for longer than the busy timeout (10 s).
   A comment answers 503 with Retry-After; pages are served meanwhile; once the lock is gone the
   comment is taken.
3. Read-only: the blog on a loop-mounted ext4 (errors=remount-ro) that the kernel turns read-only
   under the running server, as after a disk error. Writes answer 503, reads are served, the file
   stays intact.
4. A damaged, an empty, and a lost (only its -wal left) database file at start: one line, a
   non-zero exit, and no new empty blog.

    sudo scripts/fault-test.py .build/debug/quire

Needs root (to mount a tmpfs), sqlite3 and curl-free Python. Every wait is bounded; the whole run
stops after --limit seconds.
"""

import argparse
import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PORT = 18131


class Run:
    def __init__(self, binary, work):
        self.binary, self.work = binary, work
        self.disk = os.path.join(work, "disk")
        self.database = os.path.join(self.disk, "blog.sqlite")
        self.server = None
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1

    # -- the server ------------------------------------------------------------------------

    def config(self, database=None):
        path = os.path.join(self.work, "quire.json")
        with open(path, "w") as file:
            json.dump({"server": {"port": PORT}, "database": {"path": database or self.database},
                       "comments": {"moderation": "open", "comment_rate_limit": 0}}, file)
        return path

    def quire(self, *arguments, timeout=60):
        return subprocess.run([self.binary, *arguments, "--config", self.config()], cwd=self.work,
                              capture_output=True, text=True, timeout=timeout)

    def start(self):
        log = open(os.path.join(self.work, "serve.log"), "a")
        self.server = subprocess.Popen([self.binary, "serve", "--config", self.config()], cwd=self.work,
                                       stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if request("GET", "/healthz")[0] == 200:
                return True
            time.sleep(0.1)
        return False

    def stop(self):
        if self.server:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            self.server = None

    # -- the blog's writes -------------------------------------------------------------------

    def comment(self, text):
        _, _, page = request("GET", "/posts/welcome-to-quire")
        token = re.search(r'name="form_token" value="([^"]*)"', page)
        body = urllib.parse.urlencode({"comment": text, "author": "Reader", "email": "reader@example.com",
                                       "url": "", "comment_parent": "0", "form_token": token.group(1) if token else ""})
        return request("POST", "/posts/welcome-to-quire/comments", body,
                       {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, token, name):
        boundary = "faultboundary"
        with open(os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "media", name), "rb") as file:
            data = file.read()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nA picture\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return request("POST", "/api/media", body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                    "Authorization": f"Bearer {token}"})

    def edit(self, token, title):
        body = json.dumps({"title": title, "body_markdown": "Edited while the disk was full.", "status": "published"})
        return request("PUT", "/api/posts/welcome-to-quire", body, {"Content-Type": "application/json",
                                                                   "Authorization": f"Bearer {token}"})

    def stored(self, sql):
        db = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def integrity(self):
        return self.stored("PRAGMA integrity_check") == [("ok",)]

    # -- the faults --------------------------------------------------------------------------

    def disk_full(self, token):
        filler = os.path.join(self.disk, "filler")
        # Fill the disk: large blocks, then small ones, until it refuses.
        descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
        for size in (1 << 20, 4096, 512):
            try:
                while os.write(descriptor, b"\0" * size) > 0:
                    pass
            except OSError:
                pass
        os.close(descriptor)
        free = os.statvfs(self.disk).f_bavail * os.statvfs(self.disk).f_frsize
        self.check("disk full: the filesystem is full", free < 4096, f"{free} bytes free")
        status, headers, page = self.comment("Sent while the disk was full.")
        self.check("disk full: a comment answers 503 with Retry-After", status == 503 and "retry-after" in headers,
                   f"{status} {headers.get('retry-after')}")
        self.check("disk full: the form comes back with what was typed", "Sent while the disk was full." in page
                   and "Nothing was saved" in page)
        status, headers, _ = self.upload(token, "graphic.png")
        self.check("disk full: an upload answers 503 with Retry-After", status == 503 and "retry-after" in headers, str(status))
        status, headers, _ = self.edit(token, "Edited on a full disk")
        self.check("disk full: an API edit answers 503 with Retry-After", status == 503 and "retry-after" in headers, str(status))
        self.check("disk full: pages are served", all(request("GET", path)[0] == 200
                                                       for path in ("/", "/posts/welcome-to-quire", "/feed.xml", "/api/posts")))
        os.remove(filler)
        status, _, _ = self.comment("Sent once the disk had room again.")
        self.check("disk freed: a comment is taken without a restart", status == 303, str(status))
        status, _, _ = self.upload(token, "graphic.png")
        self.check("disk freed: the upload is taken", status == 201, str(status))
        status, _, _ = self.edit(token, "Edited once the disk had room")
        self.check("disk freed: the edit is taken", status == 200, str(status))
        self.check("disk full: the database passes integrity_check", self.integrity())
        comments = [row[0] for row in self.stored("SELECT body FROM comment ORDER BY id")]
        self.check("disk full: exactly the acknowledged comment is stored", comments == ["Sent once the disk had room again."], str(comments))
        self.check("disk full: one image, the acknowledged edit",
                   self.stored("SELECT count(*) FROM media") == [(1,)]
                   and self.stored("SELECT title FROM post WHERE slug = 'welcome-to-quire'") == [("Edited once the disk had room",)])

    def locked(self):
        holder = subprocess.Popen(["sqlite3", self.database], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        holder.stdin.write("PRAGMA busy_timeout = 5000;\nBEGIN IMMEDIATE;\n")
        holder.stdin.flush()
        time.sleep(0.5)
        answers = {}
        writer = threading.Thread(target=lambda: answers.update(comment=self.comment("Sent while the database was locked.")))
        started = time.time()
        writer.start()
        reads = [request("GET", "/posts/welcome-to-quire")[0] for _ in range(5)]
        self.check("locked: pages are served while a write waits", reads == [200] * 5, str(reads))
        writer.join(30)
        status, headers, page = answers.get("comment", (0, {}, ""))
        waited = time.time() - started
        self.check("locked: past the busy timeout the comment answers 503 with Retry-After",
                   status == 503 and "retry-after" in headers and "Sent while the database was locked." in page,
                   f"{status} after {waited:.1f} s")
        holder.stdin.write("ROLLBACK;\n.quit\n")
        holder.stdin.close()
        holder.wait(10)
        status, _, _ = self.comment("Sent once the lock was gone.")
        self.check("locked: once the lock is gone the comment is taken", status == 303, str(status))

    def read_only(self):
        """The blog on an ext4 file system of its own (a loop device, errors=remount-ro), which the
        kernel turns read-only under the running server, as it does after a disk error."""
        self.stop()
        image, mount = os.path.join(self.work, "ext4.img"), os.path.join(self.work, "ext4")
        os.makedirs(mount)
        subprocess.run(["truncate", "-s", "64M", image], check=True)
        subprocess.run(["mkfs.ext4", "-q", image], check=True)
        subprocess.run(["mount", "-o", "loop,errors=remount-ro", image, mount], check=True)
        try:
            database = self.database
            self.database = os.path.join(mount, "blog.sqlite")
            copy_database(database, self.database)
            self.check("read-only: the server starts on a loop-mounted ext4", self.start())
            device = os.path.basename(subprocess.run(["findmnt", "-n", "-o", "SOURCE", mount], capture_output=True,
                                                     text=True, check=True).stdout.strip())
            with open(f"/sys/fs/ext4/{device}/trigger_fs_error", "w") as trigger:
                trigger.write("quire fault test\n")
            options = subprocess.run(["findmnt", "-n", "-o", "OPTIONS", mount], capture_output=True, text=True).stdout
            self.check("read-only: the kernel made the file system read-only", options.startswith("ro") or "emergency_ro" in options,
                       options.strip())
            status, headers, page = self.comment("Sent while the disk was read-only.")
            self.check("read-only: a comment answers 503 with Retry-After", status == 503 and "retry-after" in headers
                       and "Sent while the disk was read-only." in page, str(status))
            self.check("read-only: pages are served", all(request("GET", path)[0] == 200
                                                           for path in ("/", "/posts/welcome-to-quire", "/feed.xml")))
            self.stop()
            self.check("read-only: the database passes integrity_check", self.integrity())
            self.check("read-only: the refused comment is not stored",
                       self.stored("SELECT count(*) FROM comment WHERE body = 'Sent while the disk was read-only.'") == [(0,)])
        finally:
            self.stop()
            self.database = database
            if subprocess.run(["umount", mount]).returncode != 0:
                subprocess.run(["umount", "-l", mount])

    def bad_files_at_start(self):
        damaged = os.path.join(self.work, "damaged.sqlite")
        copy_database(self.database, damaged)
        size = os.path.getsize(damaged)
        with open(damaged, "r+b") as file:
            file.seek(size // 2)
            file.write(os.urandom(16384))
        empty = os.path.join(self.work, "empty.sqlite")
        open(empty, "wb").close()
        lost = os.path.join(self.work, "lost.sqlite")
        with open(lost + "-wal", "wb") as file:
            file.write(b"\1" * 4096)
        for name, path, words in (("damaged", damaged, "damaged"), ("empty", empty, "empty (0 bytes)"),
                                  ("lost", lost, "write-ahead log")):
            result = subprocess.run([self.binary, "serve", "--config", self.config(path)], cwd=self.work,
                                    capture_output=True, text=True, timeout=60)
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            self.check(f"{name} file at start: one line, exit {result.returncode}",
                       result.returncode != 0 and len(lines) == 1 and words in lines[0] and "quire restore" in lines[0],
                       lines[0] if lines else "(nothing)")
        self.check("no new blog was made in place of the empty or lost file",
                   os.path.getsize(empty) == 0 and not os.path.exists(lost))


def copy_database(source_path, copy_path):
    source, copy = sqlite3.connect(source_path), sqlite3.connect(copy_path)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()


def request(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, {name.lower(): value for name, value in response.getheaders()}, text
    except (OSError, http.client.HTTPException):
        return 0, {}, ""
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=".build/debug/quire")
    parser.add_argument("--limit", type=int, default=540, help="stop the whole run after this many seconds")
    arguments = parser.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("fault test: over its time limit"))
    signal.alarm(arguments.limit)
    # A SIGTERM (CI's own timeout) ends the run through its cleanup too: servers, mounts.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    binary = os.path.abspath(arguments.binary)
    work = tempfile.mkdtemp(prefix="quire-fault-")
    run = Run(binary, work)
    os.makedirs(run.disk)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", run.disk], check=True)
    try:
        token = run.quire("token", "create", "--name", "fault-test").stdout.strip().splitlines()[-1]
        run.check("the server starts on a 24 MiB tmpfs", run.start())
        run.disk_full(token)
        run.locked()
        run.stop()
        run.bad_files_at_start()
        run.read_only()
    finally:
        run.stop()
        subprocess.run(["umount", "-l", run.disk])
        subprocess.run(["rm", "-rf", work])
    print(f"fault test: {run.passed} passed, {run.failed} failed")
    sys.exit(1 if run.failed else 0)


if __name__ == "__main__":
    main()

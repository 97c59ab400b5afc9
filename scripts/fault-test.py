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
import os
import sqlite3
import subprocess
import tempfile
import threading
import time

from quire_checks import Blog, Checks, bounded, fixture

PORT = 18131


class Run:
    def __init__(self, binary, work):
        self.binary, self.work = binary, work
        self.disk = os.path.join(work, "disk")
        self.blog = Blog(binary, work, PORT, self.settings(os.path.join(self.disk, "blog.sqlite")))
        self.check = Checks("fault test")

    @staticmethod
    def settings(database):
        return {"server": {"port": PORT}, "database": {"path": database},
                "comments": {"moderation": "open", "comment_rate_limit": 0}}

    def upload(self, token):
        return self.blog.upload(token, fixture("graphic.png"), "graphic.png", "A picture")

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
        status, headers, page = self.blog.comment("Sent while the disk was full.")
        self.check("disk full: a comment answers 503 with Retry-After", status == 503 and "retry-after" in headers,
                   f"{status} {headers.get('retry-after')}")
        self.check("disk full: the form comes back with what was typed", "Sent while the disk was full." in page
                   and "Nothing was saved" in page)
        status, headers, _ = self.upload(token)
        self.check("disk full: an upload answers 503 with Retry-After", status == 503 and "retry-after" in headers, str(status))
        status, headers, _ = self.blog.edit(token, "Edited on a full disk", "Edited while the disk was full.")
        self.check("disk full: an API edit answers 503 with Retry-After", status == 503 and "retry-after" in headers, str(status))
        self.check("disk full: pages are served", all(self.blog.request("GET", path)[0] == 200
                                                       for path in ("/", "/posts/welcome-to-quire", "/feed.xml", "/api/posts")))
        os.remove(filler)
        status, _, _ = self.blog.comment("Sent once the disk had room again.")
        self.check("disk freed: a comment is taken without a restart", status == 303, str(status))
        status, _, _ = self.upload(token)
        self.check("disk freed: the upload is taken", status == 201, str(status))
        status, _, _ = self.blog.edit(token, "Edited once the disk had room", "Edited while the disk was full.")
        self.check("disk freed: the edit is taken", status == 200, str(status))
        self.check("disk full: the database passes integrity_check", self.blog.integrity())
        comments = [row[0] for row in self.blog.stored("SELECT body FROM comment ORDER BY id")]
        self.check("disk full: exactly the acknowledged comment is stored", comments == ["Sent once the disk had room again."], str(comments))
        self.check("disk full: one image, the acknowledged edit",
                   self.blog.stored("SELECT count(*) FROM media") == [(1,)]
                   and self.blog.stored("SELECT title FROM post WHERE slug = 'welcome-to-quire'") == [("Edited once the disk had room",)])

    def locked(self):
        holder = subprocess.Popen(["sqlite3", self.blog.database], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        holder.stdin.write("PRAGMA busy_timeout = 5000;\nBEGIN IMMEDIATE;\n")
        holder.stdin.flush()
        time.sleep(0.5)
        answers = {}
        writer = threading.Thread(target=lambda: answers.update(comment=self.blog.comment("Sent while the database was locked.")))
        started = time.time()
        writer.start()
        reads = [self.blog.request("GET", "/posts/welcome-to-quire")[0] for _ in range(5)]
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
        status, _, _ = self.blog.comment("Sent once the lock was gone.")
        self.check("locked: once the lock is gone the comment is taken", status == 303, str(status))

    def read_only(self):
        """The blog on an ext4 file system of its own (a loop device, errors=remount-ro), which the
        kernel turns read-only under the running server, as it does after a disk error."""
        self.blog.stop()
        image, mount = os.path.join(self.work, "ext4.img"), os.path.join(self.work, "ext4")
        os.makedirs(mount)
        subprocess.run(["truncate", "-s", "64M", image], check=True)
        subprocess.run(["mkfs.ext4", "-q", image], check=True)
        subprocess.run(["mount", "-o", "loop,errors=remount-ro", image, mount], check=True)
        try:
            database = self.blog.database
            self.blog.configure(self.settings(os.path.join(mount, "blog.sqlite")))
            copy_database(database, self.blog.database)
            self.check("read-only: the server starts on a loop-mounted ext4", self.blog.start())
            device = os.path.basename(subprocess.run(["findmnt", "-n", "-o", "SOURCE", mount], capture_output=True,
                                                     text=True, check=True).stdout.strip())
            with open(f"/sys/fs/ext4/{device}/trigger_fs_error", "w") as trigger:
                trigger.write("quire fault test\n")
            options = subprocess.run(["findmnt", "-n", "-o", "OPTIONS", mount], capture_output=True, text=True).stdout
            self.check("read-only: the kernel made the file system read-only", options.startswith("ro") or "emergency_ro" in options,
                       options.strip())
            status, headers, page = self.blog.comment("Sent while the disk was read-only.")
            self.check("read-only: a comment answers 503 with Retry-After", status == 503 and "retry-after" in headers
                       and "Sent while the disk was read-only." in page, str(status))
            self.check("read-only: pages are served", all(self.blog.request("GET", path)[0] == 200
                                                           for path in ("/", "/posts/welcome-to-quire", "/feed.xml")))
            self.blog.stop()
            self.check("read-only: the database passes integrity_check", self.blog.integrity())
            self.check("read-only: the refused comment is not stored",
                       self.blog.stored("SELECT count(*) FROM comment WHERE body = 'Sent while the disk was read-only.'") == [(0,)])
        finally:
            self.blog.stop()
            self.blog.configure(self.settings(database))
            if subprocess.run(["umount", mount]).returncode != 0:
                subprocess.run(["umount", "-l", mount])

    def bad_files_at_start(self):
        damaged = os.path.join(self.work, "damaged.sqlite")
        copy_database(self.blog.database, damaged)
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
            self.blog.configure(self.settings(path))
            result = self.blog.quire("serve")
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            self.check(f"{name} file at start: one line, exit {result.returncode}",
                       result.returncode != 0 and len(lines) == 1 and words in lines[0] and "quire restore" in lines[0],
                       lines[0] if lines else "(nothing)")
        self.blog.configure(self.settings(os.path.join(self.disk, "blog.sqlite")))
        self.check("no new blog was made in place of the empty or lost file",
                   os.path.getsize(empty) == 0 and not os.path.exists(lost))


def copy_database(source_path, copy_path):
    source, copy = sqlite3.connect(source_path), sqlite3.connect(copy_path)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=".build/debug/quire")
    parser.add_argument("--limit", type=int, default=540, help="stop the whole run after this many seconds")
    arguments = parser.parse_args()
    bounded("fault test", arguments.limit)
    binary = os.path.abspath(arguments.binary)
    work = tempfile.mkdtemp(prefix="quire-fault-")
    run = Run(binary, work)
    os.makedirs(run.disk)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", run.disk], check=True)
    try:
        token = run.blog.token("fault-test")
        run.check("the server starts on a 24 MiB tmpfs", run.blog.start())
        run.disk_full(token)
        run.locked()
        run.blog.stop()
        run.bad_files_at_start()
        run.read_only()
    finally:
        run.blog.stop()
        subprocess.run(["umount", "-l", run.disk])
        subprocess.run(["rm", "-rf", work])
    run.check.finish()


if __name__ == "__main__":
    main()

"""What the scripts that drive a real `quire serve` share (fault, shutdown, load and soak tests).

- `Checks`: prints each check as `ok` or `FAIL` and ends the run with the count and exit status.
- `bounded`: the whole run stops after a time limit, and on SIGTERM, through its cleanup.
- `Blog`: one `quire serve` on a loopback port with its own config, started and stopped within
  bounds, and the quire CLI run against the same config.
- `request` and `stored`: plain HTTP to that port, and read-only SQL on its SQLite file.
- The blog's writes: a comment through the reader's form, an image upload and a post edit
  through the API.

Nothing here starts anything by itself; the scripts import it from their own folder.
"""

import http.client
import json
import os
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.parse
import zlib

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures")
WELCOME = "welcome-to-quire"


class Checks:
    """Each check printed as it is made; `finish` prints the count and exits 1 if one failed."""

    def __init__(self, label):
        self.label, self.passed, self.failed = label, 0, 0

    def __call__(self, name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok

    def finish(self):
        print(f"{self.label}: {self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)


def bounded(label, seconds):
    """Stops the run after `seconds`, and on SIGTERM (CI's own timeout), by SystemExit, so that
    each script's `finally` still stops its servers and removes its files."""
    signal.signal(signal.SIGALRM, lambda *_: sys.exit(f"{label}: over its time limit of {seconds} s"))
    signal.alarm(seconds)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(f"{label}: stopped by SIGTERM"))


def request(port, method, path, body=None, headers=None, timeout=30):
    """(status, headers with lower-case names, body text); status 0 when no answer came."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, {name.lower(): value for name, value in response.getheaders()}, text
    except (OSError, http.client.HTTPException):
        return 0, {}, ""
    finally:
        connection.close()


def stored(database, sql):
    """Rows of `sql` on the SQLite file, opened read-only beside the running server."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


class Blog:
    """One `quire serve` in `work` on 127.0.0.1:`port`, with the config `settings` (written to
    work/quire.json) and its log appended to work/serve.log."""

    def __init__(self, binary, work, port, settings, serve_arguments=(), environment=None):
        self.binary, self.work, self.port = os.path.abspath(binary), work, port
        self.serve_arguments, self.environment = list(serve_arguments), environment
        self.config = os.path.join(work, "quire.json")
        self.process = None
        self.configure(settings)

    def configure(self, settings):
        self.settings = settings
        with open(self.config, "w") as file:
            json.dump(settings, file)

    @property
    def database(self):
        return os.path.join(self.work, self.settings.get("database", {}).get("path", "blog.sqlite"))

    def quire(self, *arguments, timeout=60):
        return subprocess.run([self.binary, *arguments, "--config", self.config], cwd=self.work,
                              capture_output=True, text=True, timeout=timeout)

    def token(self, name):
        """A new API token (the CLI's last line)."""
        return self.quire("token", "create", "--name", name).stdout.strip().splitlines()[-1]

    def start(self, seconds=60):
        """Starts the server; True once /healthz answers 200, within `seconds`."""
        log = open(os.path.join(self.work, "serve.log"), "a")
        env = dict(os.environ, **self.environment) if self.environment else None
        self.process = subprocess.Popen([self.binary, "serve", "--config", self.config, *self.serve_arguments],
                                        cwd=self.work, stdout=log, stderr=log, env=env)
        deadline = time.time() + seconds
        while time.time() < deadline and self.process.poll() is None:
            if self.request("GET", "/healthz", timeout=2)[0] == 200:
                return True
            time.sleep(0.1)
        return False

    def stop(self, seconds=20):
        """SIGTERM, then SIGKILL after `seconds`; the exit status, or None if it had to be killed."""
        if not self.process:
            return None
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            return process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return None

    def request(self, method, path, body=None, headers=None, timeout=30):
        return request(self.port, method, path, body, headers, timeout)

    def stored(self, sql):
        return stored(self.database, sql)

    def integrity(self):
        return self.stored("PRAGMA integrity_check") == [("ok",)]

    # -- the blog's writes -------------------------------------------------------------------

    def form_token(self, slug=WELCOME):
        found = re.search(r'name="form_token" value="([^"]*)"', self.request("GET", f"/posts/{slug}")[2])
        return found.group(1) if found else ""

    def comment(self, text, slug=WELCOME, form_token=None):
        """Posts `text` through the reader's comment form (with a fresh form token unless given)."""
        token = self.form_token(slug) if form_token is None else form_token
        body = urllib.parse.urlencode({"comment": text, "author": "Reader", "email": "reader@example.com", "url": "",
                                       "comment_parent": "0", "form_token": token})
        return self.request("POST", f"/posts/{slug}/comments", body, {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, api_token, data, filename, alt):
        boundary = "quirescriptboundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n{alt}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", "/api/media", body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                         "Authorization": f"Bearer {api_token}"})

    def edit(self, api_token, title, body_markdown, slug=WELCOME, tags=None):
        fields = {"title": title, "body_markdown": body_markdown, "status": "published", "slug": slug}
        body = json.dumps(fields if tags is None else dict(fields, tags=list(tags)))
        return self.request("PUT", f"/api/posts/{slug}", body, {"Content-Type": "application/json",
                                                               "Authorization": f"Bearer {api_token}"})


def fixture(name):
    with open(os.path.join(FIXTURES, "media", name), "rb") as file:
        return file.read()


def distinct_png(text):
    """The fixture graphic.png with a tEXt chunk holding `text`: a new image each time."""
    png, data = fixture("graphic.png"), text.encode()
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return png[:33] + chunk + png[33:]


def rss_mib(pid):
    """The process's resident memory in MiB (VmRSS)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

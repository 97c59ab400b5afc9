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
import random
import signal
import subprocess
import tempfile
import threading
import time

from quire_checks import Blog, Checks, bounded, distinct_png

PORT = 18151
SHUTDOWN_LIMIT = 15  # Serve.gracefulShutdown + Serve.cancellation


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=".build/debug/quire")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--limit", type=int, default=540, help="stop the whole run after this many seconds")
    arguments = parser.parse_args()
    bounded("shutdown test", arguments.limit)
    check = Checks("shutdown test")
    work = tempfile.mkdtemp(prefix="quire-shutdown-")
    blog = Blog(arguments.binary, work, PORT, {
        "server": {"port": PORT}, "database": {"path": "blog.sqlite"},
        "comments": {"moderation": "open", "comment_rate_limit": 0}}, serve_arguments=["--log-level", "warning"])

    def upload(name):
        """A new image each time, with `name` as its alt text."""
        return blog.upload(api_token, distinct_png(name), "u.png", name)[0]

    try:
        api_token = blog.token("shutdown-test")
        # -- SIGTERM under load ------------------------------------------------------------------
        check("the server starts", blog.start())
        form_token = blog.form_token()
        acknowledged, answers, stop = [], [], threading.Event()
        lock = threading.Lock()

        def writer(number):
            sent = 0
            while not stop.is_set():
                text = f"writer {number} comment {sent}"
                status = blog.comment(text, form_token=form_token)[0]
                with lock:
                    answers.append(status)
                    if status == 303:
                        acknowledged.append(text)
                sent += 1
                if status == 0:
                    return

        def reader():
            while not stop.is_set():
                status = blog.request("GET", random.choice(["/", "/posts/welcome-to-quire", "/feed.xml", "/api/posts"]))[0]
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
                    if blog.comment(text, form_token=form_token)[0] == 303:
                        with lock:
                            acknowledged_comments.append(text)
                    sent += 1

            def uploader():
                number = 0
                while not stop.is_set():
                    name = f"kill {kill} upload {number}"
                    if upload(name) == 201:
                        with lock:
                            acknowledged_uploads.append(name)
                    number += 1

            def editor():
                number = 0
                while not stop.is_set():
                    title = f"Kill {kill} edit {number}"
                    status = blog.edit(api_token, title, f"Edited: {title}")[0]
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
    check.finish()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Slow and idle connections against one `quire serve`, while ordinary readers are timed.

1,000 slowloris connections (a request head sent one line every 5 seconds, never finished) and
10,000 idle keep-alive connections (one request answered, then silence) are held open while
readers fetch pages one after another on new connections. The readers' p50/p99/max latency is
printed next to the same readers' figures with no such connections; p99 must stay under 100 ms.
Then the script waits for the server to close the slow and idle connections (its idle timeout is
30 s) and checks that its open file descriptors and memory come back down.

    scripts/load-test.py .build/release/quire [--idle 10000] [--slow 1000] [--readers 1000]

All of them must be open at once, within the idle timeout (30 s). The server's listen backlog
(4096) lets a burst of connections wait to be accepted; at Hummingbird's default of 256 the
kernel dropped some, each client waited a second or more to try again, and opening 11,000 took
35 s. CI runs fewer, on its debug build, to stay short.

Every wait is bounded; the whole run stops after --limit seconds.
"""

import argparse
import http.client
import os
import resource
import socket
import statistics
import subprocess
import tempfile
import threading
import time

from quire_checks import Blog, Checks, bounded, rss_mib

PORT = 18141


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def readers(count, path="/posts/welcome-to-quire"):
    """Latencies in ms of `count` requests, each on a new connection, one after another."""
    times, errors = [], 0
    for _ in range(count):
        start = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                errors += 1
        except OSError:
            errors += 1
        times.append((time.perf_counter() - start) * 1000)
    return times, errors


def summary(times):
    ordered = sorted(times)
    return (statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1], ordered[-1])


def read_response(sock):
    """Reads one whole answer (its head and Content-Length bytes of body); b"" if none came."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head


def closed_by_peer(sock):
    """Whether the other end closed the connection (anything it sent first is read and dropped)."""
    sock.settimeout(0.5)
    try:
        while True:
            if sock.recv(65536) == b"":
                return True
    except socket.timeout:
        return False
    except OSError:
        return True


def hold_and_release(server, arguments, base_fds, check, round_number):
    """One round: opens the idle and slow connections, times readers among them, waits for the
    server to close them all. Returns the server's memory while it held them and after."""
    started = time.time()
    idle = []
    for _ in range(arguments.idle):
        sock = socket.create_connection(("127.0.0.1", PORT), timeout=30)
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        idle.append(sock)
    answered = sum(read_response(sock).startswith(b"HTTP/1.1 200") for sock in idle)
    slow = [socket.create_connection(("127.0.0.1", PORT), timeout=30) for _ in range(arguments.slow)]
    for sock in slow:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    opened = time.time() - started
    stop = threading.Event()

    def trickle():
        while not stop.wait(5):
            for sock in slow:
                try:
                    sock.send(b"X-Slow: 1\r\n")
                except OSError:
                    pass
    threading.Thread(target=trickle, daemon=True).start()
    # The last connections may still wait in the listen queue for the server to accept them.
    expected = base_fds + arguments.idle + arguments.slow - 10
    waited = time.time()
    while open_fds(server.pid) < expected and time.time() - waited < 10:
        time.sleep(0.2)
    held_fds, held_rss = open_fds(server.pid), rss_mib(server.pid)
    busy, busy_errors = readers(arguments.readers)
    p50, p99, worst = summary(busy)
    print(f"round {round_number}, readers among them: p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  max {worst:7.2f} ms  errors {busy_errors}  "
          f"(server: {held_fds} fds, {held_rss:.0f} MiB; {arguments.idle} idle and {arguments.slow} slow connections opened in {opened:.1f} s)",
          flush=True)
    check(f"round {round_number}: every idle connection's request was answered", answered == arguments.idle, f"{answered}")
    check(f"round {round_number}: readers' p99 under 100 ms among the slow and idle connections", p99 < 100 and busy_errors == 0,
          f"{p99:.2f} ms, {busy_errors} errors")
    check(f"round {round_number}: the server holds every connection", held_fds >= expected,
          f"{held_fds - base_fds} more fds than before")
    quiet = time.time()
    while time.time() - quiet < 90 and open_fds(server.pid) > base_fds + 20:
        time.sleep(1)
    stop.set()
    closed = sum(closed_by_peer(sock) for sock in idle + slow)
    after_fds, after_rss = open_fds(server.pid), rss_mib(server.pid)
    check(f"round {round_number}: the server closed the slow and idle connections", closed == len(idle) + len(slow),
          f"{closed} of {len(idle) + len(slow)}, {time.time() - started:.0f} s after the first was opened")
    check(f"round {round_number}: its file descriptors are released", after_fds <= base_fds + 20,
          f"{base_fds} before, {held_fds} held, {after_fds} after")
    for sock in idle + slow:
        sock.close()
    return held_rss, after_rss


def measure(server, arguments, check):
    """Readers alone, then two rounds among slow and idle connections, then readers again."""
    readers(200)  # warm the page cache and the connection path
    base_fds, base_rss = open_fds(server.pid), rss_mib(server.pid)
    quiet, quiet_errors = readers(arguments.readers)
    p50, p99, worst = summary(quiet)
    print(f"readers alone:      p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  max {worst:7.2f} ms  errors {quiet_errors}  "
          f"(server: {base_fds} fds, {base_rss:.0f} MiB)", flush=True)

    rounds = []
    for round_number in (1, 2):
        rounds.append(hold_and_release(server, arguments, base_fds, check, round_number))
    # The second round's connections reuse the first's memory: it is bounded, not leaking.
    (rss_held_1, _), (rss_held_2, rss_after) = rounds
    check("its memory stays bounded", rss_held_2 <= rss_held_1 * 1.1 + 16,
          f"{base_rss:.0f} MiB before, {rss_held_1:.0f} MiB holding the first round, {rss_held_2:.0f} MiB the second, "
          f"{rss_after:.0f} MiB after")
    again, again_errors = readers(200)
    check("readers are served after", again_errors == 0, f"p99 {summary(again)[1]:.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", default=".build/debug/quire")
    parser.add_argument("--idle", type=int, default=10_000)
    parser.add_argument("--slow", type=int, default=1_000)
    parser.add_argument("--readers", type=int, default=1_000)
    parser.add_argument("--limit", type=int, default=540, help="stop the whole run after this many seconds")
    arguments = parser.parse_args()
    bounded("load test", arguments.limit)

    # Both ends hold every connection: room for them, for this process and the server.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, arguments.idle + arguments.slow + 4096)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))

    work = tempfile.mkdtemp(prefix="quire-load-")
    # The access log would be 11,000 lines of idle and slow clients' noise here.
    blog = Blog(arguments.binary, work, PORT, {"server": {"port": PORT}, "database": {"path": "blog.sqlite"}},
                serve_arguments=["--log-level", "warning"])
    check = Checks("load test")
    try:
        if check("the server starts", blog.start()):
            measure(blog.process, arguments, check)
    finally:
        blog.stop(seconds=30)
        subprocess.run(["rm", "-rf", work])
    check.finish()


if __name__ == "__main__":
    main()

"""The media benchmark; run.sh says what it measures and installs what it needs."""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

QUIRE_PORT = 18190
NGINX_PORT = 18191
# A phone: 390 CSS pixels wide (the theme's column is the whole width there), at 2 and 3 device
# pixels to the CSS pixel.
PHONE_WIDTH = 390


def say(text):
    print(text, file=sys.stderr, flush=True)


def make_photo(path, seed):
    """A 6000 × 4000 colour JPEG at quality 90, textured like a photo (blurred noise), not flat."""
    work = os.path.dirname(path)
    bands = []
    for band in range(3):
        noise = os.path.join(work, f"band{band}.v")
        subprocess.run(["vips", "gaussnoise", noise, "6000", "4000", "--sigma", "45", "--mean", str(100 + 30 * band), "--seed", str(seed * 3 + band)], check=True)
        bands.append(noise)
    joined = os.path.join(work, "joined.v")
    subprocess.run(["vips", "bandjoin", " ".join(bands), joined], check=True)
    blurred = os.path.join(work, "blurred.v")
    subprocess.run(["vips", "gaussblur", joined, blurred, "1.2"], check=True)
    subprocess.run(["vips", "cast", blurred, path + ".v", "uchar"], check=True)
    subprocess.run(["vips", "copy", path + ".v", path + "[Q=90]"], check=True)
    for leftover in bands + [joined, blurred, path + ".v"]:
        os.remove(leftover)


class Quire:
    def __init__(self, binary, work):
        self.binary = binary
        self.work = work
        self.config = os.path.join(work, "quire.json")
        self.database = os.path.join(work, "quire.sqlite")
        with open(self.config, "w") as file:
            json.dump({"server": {"host": "127.0.0.1", "port": QUIRE_PORT}, "database": {"path": self.database},
                       "site": {"base_url": f"http://127.0.0.1:{QUIRE_PORT}"}}, file)
        subprocess.run([binary, "migrate", "--config", self.config], check=True, stdout=subprocess.DEVNULL)
        token = subprocess.run([binary, "token", "create", "--name", "bench", "--config", self.config], check=True, capture_output=True, text=True)
        self.token = token.stdout.strip().splitlines()[-1]
        self.process = None

    def start(self):
        log = open(os.path.join(self.work, "serve.log"), "ab")
        self.process = subprocess.Popen([self.binary, "serve", "--config", self.config, "--log-level", "warning"], stdout=log, stderr=log)
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{QUIRE_PORT}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("quire did not start; see serve.log")

    def memory(self):
        """Peak and current resident memory in MB."""
        with open(f"/proc/{self.process.pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024

    def stop(self):
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


def upload(quire, path):
    """POST /api/media with curl; the answer and the seconds it took."""
    result = subprocess.run(
        ["curl", "-s", "-w", "\n%{http_code} %{time_total}", "-H", f"Authorization: Bearer {quire.token}",
         "-F", f"file=@{path}", "-F", "alt=A test photo", f"http://127.0.0.1:{QUIRE_PORT}/api/media"],
        check=True, capture_output=True, text=True)
    body, status_line = result.stdout.rsplit("\n", 1)
    status, seconds = status_line.split()
    if status not in ("200", "201"):
        raise SystemExit(f"upload answered {status}: {body}")
    return json.loads(body)["media"], float(seconds)


def size_of(url):
    with urllib.request.urlopen(url) as response:
        return len(response.read())


def chosen(media, dpr):
    """The WebP file a browser picks for the phone's column: the narrowest at least as wide as
    the device pixels it needs, else the widest (the rule of `srcset` with `w` descriptors)."""
    webp = sorted((size for size in media["sizes"] if size["type"] == "image/webp"), key=lambda size: size["width"])
    needed = PHONE_WIDTH * dpr
    return next((size for size in webp if size["width"] >= needed), webp[-1])


def wrk(url, duration):
    output = subprocess.run(["wrk", "-t2", "-c32", f"-d{duration}s", "--latency", url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return rps, float(p99.group(1)) * scale


def nginx_serving(work, files):
    prefix = os.path.join(work, "nginx")
    root = os.path.join(prefix, "www")
    os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
    os.makedirs(root, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(root, name), "wb") as file:
            file.write(data)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as file:
        file.write(f"""
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    keepalive_requests 1000000;
    types {{ image/webp webp; image/jpeg jpg; }}
    server {{ listen 127.0.0.1:{NGINX_PORT}; root {root}; }}
}}
""")
    subprocess.run(["nginx", "-p", prefix, "-c", conf], check=True)
    time.sleep(0.3)
    return os.path.join(prefix, "nginx.pid")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    arguments = parser.parse_args()
    shutil.rmtree(arguments.work, ignore_errors=True)
    os.makedirs(arguments.work)

    photos = []
    for run in range(arguments.runs):
        path = os.path.join(arguments.work, f"photo{run}.jpg")
        say(f"making test photo {run + 1} of {arguments.runs} (6000 × 4000)")
        make_photo(path, run + 1)
        photos.append(path)

    quire = Quire(arguments.binary, arguments.work)
    quire.start()
    nginx_pid = None
    try:
        print("24-megapixel JPEG, uploaded through POST /api/media (type and pixels checked, decoded,")
        print("turned upright, metadata removed, 4 widths in JPEG and WebP and the full size in JPEG, stored):")
        print(f"{'run':>4} {'file MB':>8} {'seconds':>8} {'RSS before MB':>14} {'peak RSS MB':>12} {'stored MB':>10}")
        media_list = []
        for run, path in enumerate(photos):
            before_peak, before_rss = quire.memory()
            database_before = os.path.getsize(quire.database) + (os.path.getsize(quire.database + "-wal") if os.path.exists(quire.database + "-wal") else 0)
            media, seconds = upload(quire, path)
            peak, _ = quire.memory()
            stored = sum(size_of(size["url"]) for size in media["sizes"]) / 1e6
            print(f"{run + 1:>4} {os.path.getsize(path) / 1e6:>8.1f} {seconds:>8.2f} {before_rss:>14.0f} {peak:>12.0f} {stored:>10.1f}")
            media_list.append(media)
        media = media_list[0]
        print(f"database file now {os.path.getsize(quire.database) / 1e6:.1f} MB for {len(media_list)} images")

        # A post with the photo as its featured image, as a phone sees it.
        post = {"title": "A photo post", "body_markdown": "Some words about the photo.", "status": "published",
                "featured_image": {"url": media["url"].replace(f"http://127.0.0.1:{QUIRE_PORT}", ""), "alt": "A test photo"}}
        request = urllib.request.Request(f"http://127.0.0.1:{QUIRE_PORT}/api/posts", data=json.dumps(post).encode(), method="POST",
                                         headers={"Authorization": f"Bearer {quire.token}", "Content-Type": "application/json"})
        slug = json.load(urllib.request.urlopen(request))["post"]["slug"]
        page = urllib.request.Request(f"http://127.0.0.1:{QUIRE_PORT}/posts/{slug}", headers={"Accept-Encoding": "gzip"})
        html = len(urllib.request.urlopen(page).read())
        original = os.path.getsize(photos[0])
        print()
        print(f"A post with that photo as its featured image, on a phone {PHONE_WIDTH} CSS pixels wide:")
        print(f"  before (the original file as the image): page {html} B + image {original} B = {html + original} B")
        for dpr in (2, 3):
            picked = chosen(media, dpr)
            image = size_of(picked["url"])
            print(f"  after, {dpr}x screen: page {html} B + {picked['width']} px WebP {image} B = {html + image} B ({(html + original) / (html + image):.0f}× less)")

        # Serving: Quire from the database (through its response cache) against nginx from disk.
        file_url = chosen(media, 2)["url"]
        data = urllib.request.urlopen(file_url).read()
        nginx_pid = nginx_serving(arguments.work, {"photo.webp": data})
        print()
        print(f"One {len(data)} B WebP file, wrk 2 threads 32 connections {arguments.duration} s each:")
        reference, reference_p99 = wrk(f"http://127.0.0.1:{NGINX_PORT}/photo.webp", arguments.duration)
        rps, p99 = wrk(file_url, arguments.duration)
        print(f"  nginx from disk:          {reference:>9.0f} req/s  p99 {reference_p99:.2f} ms")
        print(f"  Quire from the database:  {rps:>9.0f} req/s  p99 {p99:.2f} ms  ({rps / reference:.2f} of nginx)")
        quire.stop()
        quire.start()
        first = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", file_url], check=True, capture_output=True, text=True).stdout
        print(f"  first request after a restart (read from SQLite, not yet cached): {float(first) * 1000:.1f} ms")
    finally:
        quire.stop()
        if nginx_pid and os.path.exists(nginx_pid):
            with open(nginx_pid) as file:
                os.kill(int(file.read().strip()), signal.SIGQUIT)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A fake fediverse server on loopback that federates with a real Quire (docs/federation.md).

It starts the quire binary on a new SQLite blog with federation on, and plays a Mastodon-like
server, `peer`, with its own RSA key:
  - looks the blog up by WebFinger and reads its actor;
  - follows it, signing with RFC 9421 (the http-message-signatures package, an implementation
    independent of Quire's), and checks the Accept it gets: draft-cavage signature by the blog's
    key, digest, the Follow named;
  - receives the Create, Update and Delete of a post published, edited and deleted through the
    API, each signed and digested, and reads the deleted post's 410 Tombstone;
  - replies with a Note signed by draft-cavage: the reply is a pending comment, then shown on the
    post once approved through the moderation API;
  - sends a forged and a stale request (401 each, nothing stored, on either side);
  - sends a Webmention from one of its pages that links to a post: checked by the blog, it is
    a held comment; and receives the Webmention of a post that links to one of its pages,
    whose endpoint it advertises in a Link header;
  - goes down (503) while a post is published, and comes back: the delivery is retried and
    arrives.
One line per step; exits 1 if any failed. Usage: fediverse-peer-test.py [QUIRE_BINARY]
Needs `cryptography`, `requests` and `http-message-signatures` (the venv that .ci/run makes).
"""
import base64
import email.utils
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from http_message_signatures import HTTPMessageSigner, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
TIMEOUT = 10  # seconds for any one HTTP call
passed, failed = 0, 0


def step(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL {name}{': ' + detail if detail else ''}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Peer:
    """The fake server: one actor, an inbox that checks and keeps what arrives."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.actor = self.base + "/users/peer"
        self.key_id = self.actor + "#main-key"
        self.received = []  # (activity, problems) for each POST to the inbox
        self.mentions = []  # the form of each Webmention POSTed to its endpoint
        self.note_html = ""  # the page /notes/1, which mentions a post
        self.down = False
        self.blog_key = None  # the blog's public key, once read from its actor
        self.lock = threading.Lock()

    def public_pem(self):
        return self.key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    def actor_document(self):
        return {
            "@context": [AS_CONTEXT, "https://w3id.org/security/v1"], "id": self.actor, "type": "Person",
            "preferredUsername": "peer", "name": "Pia Peer", "inbox": self.actor + "/inbox", "url": self.base + "/@peer",
            "endpoints": {"sharedInbox": self.base + "/inbox"},
            "publicKey": {"id": self.key_id, "owner": self.actor, "publicKeyPem": self.public_pem()},
        }

    def check_delivery(self, path, headers, body):
        """What is wrong with a signed POST from the blog: [] when nothing."""
        problems = []
        digest = headers.get("digest", "")
        if digest != "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode():
            problems.append("digest does not match the body")
        params = {}
        for part in headers.get("signature", "").split(","):
            name, _, value = part.partition("=")
            params[name.strip()] = value.strip().strip('"')
        covered = params.get("headers", "").split()
        if covered != ["(request-target)", "host", "date", "digest"]:
            problems.append(f"covers {covered}")
        if params.get("keyId") != "http://127.0.0.1:%d/activitypub/actor#main-key" % blog_port:
            problems.append(f"keyId {params.get('keyId')}")
        lines = []
        for name in covered:
            value = f"post {path}" if name == "(request-target)" else headers.get(name, "")
            lines.append(f"{name}: {value}")
        try:
            self.blog_key.verify(base64.b64decode(params.get("signature", "")), "\n".join(lines).encode(), padding.PKCS1v15(), hashes.SHA256())
        except Exception as error:  # InvalidSignature or an unreadable value
            problems.append(f"signature does not verify ({type(error).__name__})")
        when = email.utils.parsedate_to_datetime(headers.get("date", "Thu, 01 Jan 1970 00:00:00 GMT")).timestamp()
        if abs(when - time.time()) > 300:
            problems.append("date is not now")
        return problems

    def serve(self):
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/users/peer":
                    body = json.dumps(peer.actor_document()).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/activity+json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                elif self.path in ("/notes/1", "/pages/kites"):
                    body = (peer.note_html if self.path == "/notes/1" else "<html><title>Kites</title><p>A page about kites.</p></html>").encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    if self.path == "/pages/kites":
                        self.send_header("Link", '</webmention-endpoint?from=link>; rel="webmention"')
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_error(404)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if peer.down:
                    self.send_error(503)
                    return
                if self.path == "/webmention-endpoint?from=link":
                    with peer.lock:
                        peer.mentions.append(urllib.parse.parse_qs(body.decode()))
                    self.send_response(202)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path not in ("/inbox", "/users/peer/inbox"):
                    self.send_error(404)
                    return
                headers = {name.lower(): value for name, value in self.headers.items()}
                problems = peer.check_delivery(self.path, headers, body)
                with peer.lock:
                    peer.received.append((json.loads(body), problems))
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def wait_for(self, kind, count=1, seconds=15):
        """The activities of `kind` received, once there are `count` of them (or the time is up)."""
        deadline = time.time() + seconds
        while True:
            with self.lock:
                found = [(a, p) for a, p in self.received if a.get("type") == kind]
            if len(found) >= count or time.time() > deadline:
                return found
            time.sleep(0.2)

    def post_cavage(self, activity, date=None, key=None):
        """POSTs an activity to the blog's inbox signed as Mastodon signs (draft-cavage)."""
        body = json.dumps(activity).encode()
        date = date or email.utils.formatdate(usegmt=True)
        digest = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        host = f"127.0.0.1:{blog_port}"
        text = f"(request-target): post /activitypub/inbox\nhost: {host}\ndate: {date}\ndigest: {digest}"
        signature = base64.b64encode((key or self.key).sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
        header = f'keyId="{self.key_id}",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="{signature}"'
        headers = {"Content-Type": "application/activity+json", "Date": date, "Digest": digest, "Signature": header}
        return requests.post(blog + "/activitypub/inbox", data=body, headers=headers, timeout=TIMEOUT).status_code

    def post_rfc9421(self, activity):
        """POSTs an activity signed with RFC 9421 by the http-message-signatures package."""
        body = json.dumps(activity).encode()
        request = requests.Request("POST", blog + "/activitypub/inbox", data=body, headers={"Content-Type": "application/activity+json"}).prepare()
        signer = HTTPMessageSigner(signature_algorithm=algorithms.RSA_V1_5_SHA256, key_resolver=MappingKeyResolver(public_keys={}, private_keys={self.key_id: self.key}))
        signer.sign(request, key_id=self.key_id, covered_component_ids=("@method", "@authority", "@target-uri"), body=body)
        with requests.Session() as session:
            return session.send(request, timeout=TIMEOUT).status_code, request.headers


def get_json(url, accept="application/activity+json"):
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def api(method, path, payload=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    response = requests.request(method, blog + path, json=payload, headers=headers, timeout=TIMEOUT)
    return response.status_code, (response.json() if response.content else {})


def main():
    global blog, blog_port, token
    quire = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/quire")
    work = tempfile.mkdtemp(prefix="quire-peer-")
    blog_port = free_port()
    blog = f"http://127.0.0.1:{blog_port}"
    os.makedirs(os.path.join(work, "Config"))
    with open(os.path.join(work, "Config", "quire.json"), "w") as config:
        json.dump({
            "site": {"base_url": blog, "title": "Peer test blog"}, "server": {"port": blog_port},
            "federation": {"enabled": True, "allow_private_addresses": True},
        }, config)
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([quire, "serve"], cwd=work, stdout=log, stderr=subprocess.STDOUT)
    peer = Peer()
    peer_server = peer.serve()
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(blog + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        token = subprocess.run([quire, "token", "create", "--name", "peer"], cwd=work, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]

        status, finger = get_json(f"{blog}/.well-known/webfinger?resource=acct:blog@127.0.0.1:{blog_port}", accept="application/jrd+json")
        actor_url = next((link["href"] for link in finger.get("links", []) if link.get("rel") == "self"), None)
        step("WebFinger finds @blog@127.0.0.1:PORT", status == 200 and actor_url == blog + "/activitypub/actor", f"{status} {finger}")
        status, actor = get_json(actor_url or blog + "/activitypub/actor")
        peer.blog_key = serialization.load_pem_public_key(actor["publicKey"]["publicKeyPem"].encode())
        step("the actor shows its inbox and a 2048-bit key", status == 200 and actor.get("inbox") == blog + "/activitypub/inbox" and peer.blog_key.key_size == 2048)

        follow = {"@context": AS_CONTEXT, "id": peer.actor + "/follows/1", "type": "Follow", "actor": peer.actor, "object": actor_url}
        status, sent = peer.post_rfc9421(follow)
        step("a Follow signed with RFC 9421 (http-message-signatures) is taken (202)", status == 202 and "Signature-Input" in sent, f"{status}")
        accepts = peer.wait_for("Accept")
        step("the Accept arrives, signed by the blog's key, its digest right",
             len(accepts) == 1 and accepts[0][1] == [] and accepts[0][0].get("object", {}).get("id") == follow["id"], f"{accepts}")

        status, _ = api("POST", "/api/posts", {"title": "Kites in spring", "body_markdown": "A *red* kite.", "tags": ["Kites"], "status": "published"})
        creates = peer.wait_for("Create")
        article = creates[0][0].get("object", {}) if creates else {}
        step("a post published through the API arrives as a signed Create of its Article",
             status == 201 and len(creates) == 1 and creates[0][1] == [] and article.get("type") == "Article"
             and article.get("name") == "Kites in spring" and "<em>red</em>" in article.get("content", ""), f"{status} {creates}")

        status, _ = api("PUT", "/api/posts/kites-in-spring", {"title": "Kites in spring, again", "body_markdown": "Edited.", "status": "published"})
        updates = peer.wait_for("Update")
        step("its edit arrives as a signed Update", status == 200 and len(updates) == 1 and updates[0][1] == []
             and updates[0][0].get("object", {}).get("name") == "Kites in spring, again", f"{status} {updates}")

        status, _ = api("DELETE", "/api/posts/kites-in-spring")
        deletes = peer.wait_for("Delete")
        step("its deletion arrives as a signed Delete", status == 204 and len(deletes) == 1 and deletes[0][1] == []
             and deletes[0][0].get("object", {}).get("id") == blog + "/posts/kites-in-spring", f"{status} {deletes}")
        status, tombstone = get_json(blog + "/posts/kites-in-spring")
        step("the deleted post answers 410 with a Tombstone", status == 410 and tombstone.get("type") == "Tombstone", f"{status}")

        api("POST", "/api/posts", {"title": "Kites in summer", "body_markdown": "Warm wind.", "status": "published"})
        peer.wait_for("Create", 2)
        note = {"id": peer.actor + "/statuses/1", "type": "Note", "attributedTo": peer.actor, "inReplyTo": blog + "/posts/kites-in-summer",
                "content": '<p><span class="h-card"><a href="%s" class="u-url mention">@<span>blog</span></a></span> What a kite!</p>' % blog}
        status = peer.post_cavage({"@context": AS_CONTEXT, "id": note["id"] + "/activity", "type": "Create", "actor": peer.actor, "object": note})
        _, pending = api("GET", "/api/comments?status=pending")
        held = [c for c in pending.get("comments", []) if "What a kite!" in c.get("body_text", "")]
        step("a reply (draft-cavage) is taken and held for moderation", status == 202 and len(held) == 1, f"{status} {pending}")
        page = requests.get(blog + "/posts/kites-in-summer", timeout=TIMEOUT).text
        step("the held reply is not on the page", "What a kite!" not in page)
        if held:
            api("PATCH", f"/api/comments/{held[0]['id']}", {"status": "approved"})
        page = requests.get(blog + "/posts/kites-in-summer", timeout=TIMEOUT).text
        step("once approved it is on the page, named with the peer's account", "What a kite!" in page and "@peer@127.0.0.1" in page)

        before = len(peer.received)
        forged = {"@context": AS_CONTEXT, "id": peer.actor + "/follows/2", "type": "Follow", "actor": peer.actor, "object": actor_url}
        other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        step("a forged request (another key) is 401", peer.post_cavage(forged, key=other_key) == 401)
        stale = email.utils.formatdate(time.time() - 7200, usegmt=True)
        step("a stale request (Date two hours old) is 401", peer.post_cavage(forged, date=stale) == 401)
        time.sleep(1.5)
        _, followers = get_json(blog + "/activitypub/followers")
        step("neither was answered or stored", len(peer.received) == before and followers.get("totalItems") == 1, f"{followers}")

        response = requests.get(blog + "/posts/kites-in-summer", timeout=TIMEOUT)
        step("every page advertises the Webmention endpoint", response.headers.get("Link") == f'<{blog}/webmention>; rel="webmention"'
             and f'<link rel="webmention" href="{blog}/webmention">' in response.text, response.headers.get("Link", ""))
        peer.note_html = f'<html><head><title>Peer notes</title></head><body><p>Read <a href="{blog}/posts/kites-in-summer">this</a>.</p></body></html>'
        response = requests.post(blog + "/webmention", data={"source": peer.base + "/notes/1", "target": blog + "/posts/kites-in-summer"}, timeout=TIMEOUT)
        mentioned = []
        for _ in range(50):
            _, pending = api("GET", "/api/comments?status=pending")
            mentioned = [c for c in pending.get("comments", []) if "Peer notes" in c.get("body_text", "")]
            if mentioned:
                break
            time.sleep(0.2)
        step("a Webmention is taken (202), its source checked, and held as a comment", response.status_code == 202 and len(mentioned) == 1, f"{response.status_code} {mentioned}")

        api("POST", "/api/posts", {"title": "Kites elsewhere", "body_markdown": f"See [these kites]({peer.base}/pages/kites).", "status": "published"})
        for _ in range(50):
            if peer.mentions:
                break
            time.sleep(0.2)
        sent = peer.mentions[0] if peer.mentions else {}
        step("a post's link is told by Webmention, at the endpoint its Link header names",
             sent.get("source") == [blog + "/posts/kites-elsewhere"] and sent.get("target") == [peer.base + "/pages/kites"], f"{peer.mentions}")
        peer.wait_for("Create", 3)

        peer.down = True
        api("POST", "/api/posts", {"title": "Kites in autumn", "body_markdown": "Gusts.", "status": "published"})
        time.sleep(3)
        step("while the peer is down nothing arrives", len(peer.wait_for("Create", 4, seconds=0)) == 3)
        peer.down = False
        print("     (the retry comes after its 30-second wait)", flush=True)
        creates = peer.wait_for("Create", 4, seconds=45)
        step("once it is back the delivery is retried and arrives", len(creates) == 4 and creates[3][1] == []
             and creates[3][0].get("object", {}).get("name") == "Kites in autumn", f"{len(creates)}")
    except Exception as error:  # a step that could not even run
        step("the run completed", False, repr(error))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        peer_server.shutdown()
        log.close()
        if failed:
            print(open(os.path.join(work, "serve.log")).read()[-3000:])
        shutil.rmtree(work, ignore_errors=True)
    print(f"fediverse peer: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

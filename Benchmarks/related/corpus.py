"""Builds a labelled corpus of real text from Debian's package descriptions on this machine.

Each package becomes one Markdown post: the title is its name and one-line summary, the body its
long description, the tags its debtags, and its label (kept out of Quire) its archive section.
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess

LISTS = "/var/lib/apt/lists"
# Sections with a clear subject, for the labelled corpus.
TOPICAL_SECTIONS = [
    "games", "science", "math", "sound", "graphics", "video", "net", "web", "mail",
    "database", "editors", "electronics", "hamradio", "education", "tex", "python",
]
SKIPPED_SUFFIXES = ("-dev", "-doc", "-dbg", "-dbgsym", "-data", "-common", "-examples", "-l10n")


def read_index(pattern):
    """Yields each stanza of the apt index files matching a glob, as a dict."""
    for path in sorted(glob.glob(os.path.join(LISTS, pattern))):
        text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path], capture_output=True, text=True, check=True).stdout
        for stanza in text.split("\n\n"):
            fields, key = {}, None
            for line in stanza.split("\n"):
                if line.startswith(" ") and key:
                    fields[key] += "\n" + line
                elif ":" in line:
                    key, _, value = line.partition(":")
                    fields[key] = value.strip()
            if "Package" in fields:
                yield fields


def long_description(text):
    """The long part of a Debian description as Markdown paragraphs."""
    lines = text.split("\n")[1:]
    paragraphs, current = [], []
    for line in lines:
        line = line[1:] if line.startswith(" ") else line
        if line.strip() == ".":
            if current:
                paragraphs.append(" ".join(current))
            current = []
        else:
            current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(p for p in paragraphs if p)


def load_packages():
    descriptions = {}
    for fields in read_index("*_i18n_Translation-en*"):
        descriptions[(fields["Package"], fields.get("Description-md5", ""))] = fields.get("Description-en", "")
    packages = {}
    for fields in read_index("*_binary-amd64_Packages*"):
        name = fields["Package"]
        text = descriptions.get((name, fields.get("Description-md5", "")))
        if not text or name in packages:
            continue
        body = long_description(text)
        tags = [t.strip() for t in fields.get("Tag", "").replace("\n", " ").split(",") if t.strip()]
        packages[name] = {
            "slug": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
            "title": f"{name}: {text.split(chr(10))[0].strip()}",
            "body": body,
            "tags": [t for t in tags if not t.startswith("special::")],
            "label": fields.get("Section", "").split("/")[-1],
        }
    return packages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-section", type=int, default=250)
    parser.add_argument("--all", type=int, default=0, help="instead: up to this many packages of any section")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    random.seed(42)
    packages = load_packages()
    seen_bodies = set()
    chosen = []
    candidates = sorted(packages.values(), key=lambda p: p["slug"])
    random.shuffle(candidates)
    per_label = {}
    for post in candidates:
        name = post["title"].split(":")[0]
        if post["body"] in seen_bodies:
            continue
        # The labelled corpus keeps substantial descriptions of main packages; the large one,
        # which only times the lists, takes every distinct description.
        if not args.all and (name.endswith(SKIPPED_SUFFIXES) or len(post["body"]) < 150):
            continue
        if args.all:
            if len(chosen) >= args.all:
                break
        else:
            if post["label"] not in TOPICAL_SECTIONS or per_label.get(post["label"], 0) >= args.per_section:
                continue
            per_label[post["label"]] = per_label.get(post["label"], 0) + 1
        seen_bodies.add(post["body"])
        chosen.append(post)
    with open(args.out, "w") as out:
        for post in chosen:
            out.write(json.dumps(post) + "\n")
    print(f"corpus: {len(chosen)} posts from {len(set(p['label'] for p in chosen))} sections -> {args.out}")


if __name__ == "__main__":
    main()

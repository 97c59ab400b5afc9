"""Builds the long-document corpus: the Python 3.11 library reference, one post per page.

Reads the reStructuredText sources inside Debian's python3.11-doc package (fetched with
`apt-get download`, unpacked without installing). The library index lists chapters ("Text
Processing Services", "Internet Protocols and Support"...); each chapter lists its pages, some of
which list sub-pages. Every page of at least 3,000 characters becomes a post of its first 10,000
characters or so (cut at a paragraph), titled with its heading; its label is the chapter it comes
from. Chapters of fewer than three such pages are left out. Posts have no tags. Output: JSON lines like corpus.py's.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import tempfile

LIBRARY = "usr/share/doc/python3.11/html/_sources/library"
MIN_CHARS, MAX_CHARS = 3000, 10000


def unpack(folder):
    """The library sources, from the package in `folder` (downloaded there when missing)."""
    if not glob.glob(os.path.join(folder, "python3.11-doc_*.deb")):
        subprocess.run(["apt-get", "download", "python3.11-doc"], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = os.path.join(folder, "unpacked")
    if not os.path.isdir(os.path.join(root, LIBRARY)):
        subprocess.run(["dpkg-deb", "-x", glob.glob(os.path.join(folder, "python3.11-doc_*.deb"))[0], root], check=True)
    return os.path.join(root, LIBRARY)


def read(library, name):
    path = os.path.join(library, name if name.endswith(".rst") else name + ".rst") + ".txt"
    return open(path, encoding="utf-8").read() if os.path.exists(path) else None


def toctree(text):
    """The page names a page's toctree directives list."""
    names, inside = [], False
    for line in text.splitlines():
        if line.startswith(".. toctree::"):
            inside = True
        elif inside and line and not line[0].isspace():
            inside = False
        elif inside and line.strip() and not line.strip().startswith(":"):
            names.append(line.strip())
    return names


def heading(text):
    """The first section title: a line under (or between) a line of * # = - characters."""
    lines = text.splitlines()
    for index in range(1, len(lines)):
        if re.fullmatch(r"([*#=\-~^])\1{3,}", lines[index].strip()) and lines[index - 1].strip() and not re.fullmatch(r"([*#=\-~^])\1{3,}", lines[index - 1].strip()):
            return lines[index - 1].strip()
    return None


def plain(text):
    """The prose of a page: roles, directive markers, targets and heading underlines removed."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"([*#=\-~^])\1{3,}", stripped):
            continue
        if stripped.startswith(".. _") or stripped.startswith(".. index::"):
            continue
        line = re.sub(r"^\s*:[\w-]+:(?=\s|$)\s*", "", line)      # a directive's option, ":synopsis: ..."
        line = re.sub(r"^\s*\.\.\s+[\w:-]+::\s*", "", line)       # ".. function:: f(x)" keeps "f(x)"
        line = re.sub(r":[\w:]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", line)  # :func:`name <target>` -> name
        line = re.sub(r"`([^`<]*?)(?:\s*<[^>]*>)?`_*", r"\1", line)
        line = line.replace("``", "").replace("**", "").replace("::", ":")
        out.append(line.strip())  # indented reST blocks would be Markdown code blocks
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def cut(text):
    """About MAX_CHARS characters of text, ending at a paragraph."""
    if len(text) <= MAX_CHARS:
        return text
    end = text.rfind("\n\n", 0, MAX_CHARS)
    return text[: end if end > MAX_CHARS // 2 else MAX_CHARS].strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "quire-bench-python-doc"))
    args = parser.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    library = unpack(args.cache)

    posts, seen = [], set()
    for chapter_name in toctree(read(library, "index")):
        chapter = read(library, chapter_name)
        label = heading(chapter)
        pending = toctree(chapter)
        while pending:
            name = pending.pop(0)
            if name in seen or (page := read(library, name)) is None:
                continue
            seen.add(name)
            pending += toctree(page)
            body = plain(page)
            title = heading(page)
            if title is not None:
                title = plain(title)
            if title is None or len(body) < MIN_CHARS:
                continue
            body = cut(body.split(title, 1)[-1].strip())
            slug = re.sub(r"[^a-z0-9]+", "-", os.path.basename(name).removesuffix(".rst").lower()).strip("-")
            posts.append({"slug": "py-" + slug, "title": title, "body": body, "label": label, "tags": []})

    labels = {}
    for post in posts:
        labels[post["label"]] = labels.get(post["label"], 0) + 1
    # A chapter of one or two pages leaves its posts no or one right answer: left out.
    posts = [post for post in posts if labels[post["label"]] >= 3]
    with open(args.out, "w") as out:
        for post in posts:
            out.write(json.dumps(post) + "\n")
    labels = {post["label"] for post in posts}
    print(f"python docs: {len(posts)} pages from {len(labels)} chapters, "
          f"{sum(len(p['body']) for p in posts) // max(len(posts), 1)} characters on average")


if __name__ == "__main__":
    main()

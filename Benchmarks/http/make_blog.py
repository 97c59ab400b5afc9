#!/usr/bin/env python3
"""Fills a migrated, empty Quire database with a synthetic blog, straight through SQL.

Posts of about 800 words (Zipf-distributed words from a made-up vocabulary of 20,000), 3-5 tags
each, comments spread over the posts, and one benchmark post, `benchmark-post`, with 50 approved,
threaded comments. The search index is filled once at the end, so a blog of 100,000 posts loads in
minutes. Related-post weights are left for Quire to compute: every post is marked stale, and
`quire serve` computes them when it starts (bench.py waits for that before measuring).

    make_blog.py DATABASE --posts 10000 --comments 20000
"""
import argparse
import random
import sqlite3
import time

import numpy as np

VOCABULARY = 20_000
WORDS_PER_POST = 800


def make_vocabulary(seed):
    picker = random.Random(seed)
    consonants = "bcdfghklmnprstvz"
    vowels = "aeiou"
    words, seen = [], set()
    while len(words) < VOCABULARY:
        syllables = picker.randint(2, 4)
        word = "".join(picker.choice(consonants) + picker.choice(vowels) for _ in range(syllables))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_weights(n, exponent):
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


class Blog:
    def __init__(self, posts, seed=7):
        self.posts = posts
        self.words = make_vocabulary(seed)
        self.word_p = zipf_weights(VOCABULARY, 1.07)
        self.word_cdf = np.cumsum(self.word_p)
        self.tags = sorted({w.capitalize() for w in self.words[200:1200]})[:400]
        self.tag_p = zipf_weights(len(self.tags), 0.9)

    def post(self, number):
        """The words of post `number` (1-based), the same on every call."""
        rng = np.random.default_rng(1_000_003 * number)
        title = self.draw(rng, rng.integers(4, 9))
        body = self.draw(rng, WORDS_PER_POST + rng.integers(-80, 80))
        tags = rng.choice(len(self.tags), size=rng.integers(3, 6), replace=False, p=self.tag_p)
        return title, body, tags

    def draw(self, rng, size):
        """`size` word numbers, Zipf-distributed."""
        return np.minimum(np.searchsorted(self.word_cdf, rng.random(size)), VOCABULARY - 1)


def stored_date(seconds):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds)) + ".000"


def paragraphs(words, body):
    cuts = np.linspace(0, len(body), 7).astype(int)
    return [" ".join(words[i] for i in body[a:b]).capitalize() + "." for a, b in zip(cuts[:-1], cuts[1:])]


def load(path, posts, comments):
    started = time.time()
    blog = Blog(posts)
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("SELECT COUNT(*) FROM post").fetchone()[0] != 0:
        raise SystemExit(f"{path} already has posts; make_blog.py fills an empty database")
    triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'post_search_%'").fetchall()
    db.execute("BEGIN")
    for name, _ in triggers:
        db.execute(f"DROP TRIGGER {name}")
    db.executemany("INSERT INTO tag (id, name, slug) VALUES (?, ?, ?)",
                   [(i + 1, name, name.lower()) for i, name in enumerate(blog.tags)])

    # The posts and their tags. The newest post is the benchmark post.
    now = int(time.time()) - 3600
    for number in range(1, posts + 1):
        title_ids, body, tag_ids = blog.post(number)
        title = " ".join(blog.words[i] for i in title_ids).capitalize()
        slug = "benchmark-post" if number == posts else f"post-{number}"
        texts = paragraphs(blog.words, body)
        html = "\n".join(f"<p>{p}</p>" for p in texts)
        text = " ".join(texts)
        published = stored_date(now - (posts - number) * 1800)
        db.execute(
            """INSERT INTO post (id, slug, title, excerpt, body_markdown, body_html, body_text, author_name,
                                 status, published_at, updated_at, comments_open, keywords_corpus_size)
               VALUES (?, ?, ?, ?, ?, ?, ?, 'Quire', 'published', ?, ?, 1, 0)""",
            (number, slug, title, texts[0][:300], "\n\n".join(texts), html, text, published, published),
        )
        db.executemany("INSERT INTO post_tag (post_id, tag_id) VALUES (?, ?)", [(number, int(t) + 1) for t in tag_ids])

    # The search index, filled once, then its triggers back.
    db.execute("""INSERT INTO post_search (rowid, title, body, tags)
                  SELECT post.id, post.title, post.body_text,
                         (SELECT group_concat(tag.name, ' ') FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                          WHERE post_tag.post_id = post.id)
                  FROM post""")
    for _, sql in triggers:
        db.execute(sql)

    # Comments: 50 threaded on the benchmark post, the rest spread over the other posts.
    rng = np.random.default_rng(11)
    rows, depth = [], {}
    bench_start = now + 60
    for n in range(1, 51):
        parent = None
        if n > 10 and rng.random() < 0.6:
            candidates = [c for c in range(1, n) if depth[c] < 5]
            parent = int(rng.choice(candidates))
        depth[n] = depth[parent] + 1 if parent else 1
        body = " ".join(blog.words[i] for i in rng.choice(VOCABULARY, size=int(rng.integers(15, 60)), p=blog.word_p)).capitalize() + "."
        rows.append((n, posts, parent, depth[n], f"Reader {n}", f"reader{n}@example.com", body, stored_date(bench_start + n * 60)))
    db.executemany(
        """INSERT INTO comment (id, post_id, parent_id, depth, author_name, author_email, body, status, created_at, client_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'approved', ?, 'benchmark')""", rows)
    batch = []
    snippets = [" ".join(blog.words[i] for i in rng.choice(VOCABULARY, size=30, p=blog.word_p)).capitalize() + "." for _ in range(500)]
    for n in range(51, comments + 1):
        post = 1 + (n * 7919) % max(1, posts - 1)
        batch.append((n, post, 1, f"Reader {n % 5000}", f"reader{n % 5000}@example.com", snippets[n % 500],
                      "approved" if n % 10 else "pending", stored_date(now - (posts - post) * 1800 + 60 + n % 1000)))
        if len(batch) == 50_000:
            db.executemany("""INSERT INTO comment (id, post_id, parent_id, depth, author_name, author_email, body, status, created_at, client_hash)
                              VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, 'benchmark')""", batch)
            batch = []
    if batch:
        db.executemany("""INSERT INTO comment (id, post_id, parent_id, depth, author_name, author_email, body, status, created_at, client_hash)
                          VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, 'benchmark')""", batch)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    print(f"make_blog: {posts} posts, {max(comments, 50)} comments in {time.time() - started:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50)
    arguments = parser.parse_args()
    load(arguments.database, arguments.posts, arguments.comments)

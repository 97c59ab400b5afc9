#!/usr/bin/env python3
"""Writes N Markdown posts with front matter for `quire import`: about 800 words each, drawn from a
made-up vocabulary of 20,000 words with Zipf frequencies, 3-5 tags from 400, one a day going back.
The same N gives the same files on every run.

    make_posts.py FOLDER --posts 100000
"""
import argparse
import bisect
import datetime
import itertools
import os
import random

VOCABULARY = 20_000
WORDS_PER_POST = 800


def vocabulary(seed=7):
    picker = random.Random(seed)
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    words, seen = [], set()
    while len(words) < VOCABULARY:
        word = "".join(picker.choice(consonants) + picker.choice(vowels) for _ in range(picker.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def cumulative(n, exponent):
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, n + 1)))


def generated_posts(count):
    """(number, title, slug, date, tags, paragraphs) of each post, the same on every run."""
    words = vocabulary()
    word_cdf = cumulative(len(words), 1.07)
    tags = sorted({w.capitalize() for w in words[200:1200]})[:400]
    tag_cdf = cumulative(len(tags), 0.9)
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)

    def draw(rng, cdf, items, count):
        total = cdf[-1]
        return [items[bisect.bisect_left(cdf, rng.random() * total)] for _ in range(count)]

    for number in range(1, count + 1):
        rng = random.Random(number)
        title = " ".join(draw(rng, word_cdf, words, rng.randint(4, 8))).capitalize()
        body_words = draw(rng, word_cdf, words, WORDS_PER_POST + rng.randint(-80, 80))
        paragraphs = [" ".join(body_words[i:i + 80]).capitalize() + "." for i in range(0, len(body_words), 80)]
        post_tags = sorted(set(draw(rng, tag_cdf, tags, rng.randint(3, 5))))
        yield number, title, f"post-{number}", start - datetime.timedelta(hours=number), post_tags, paragraphs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    for number, title, slug, date, tags, paragraphs in generated_posts(args.posts):
        with open(os.path.join(args.folder, f"post-{number:06d}.md"), "w") as file:
            file.write(f"---\ntitle: \"{title}\"\nslug: {slug}\ndate: {date.strftime('%Y-%m-%dT%H:%M:%SZ')}\ntags: [{', '.join(tags)}]\n---\n")
            file.write("\n\n".join(paragraphs) + "\n")


if __name__ == "__main__":
    main()

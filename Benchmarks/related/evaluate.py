"""Measures related-post quality and speed against a running Quire, and a TF-IDF baseline.

precision@k: for each post, the share of its first k related posts whose label (Debian section,
or chapter of the Python library reference) is the post's own; a list shorter than k counts the
missing places as misses. The baseline is computed twice: with scikit-learn's defaults, and with
English stop words and sublinear term frequency (the stronger of the two on both corpora).
"""
import argparse
import http.client
import json
import random
import statistics
import time


def fetch_related(port, slugs, limit):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    results, timings = {}, []
    for slug in slugs:
        start = time.perf_counter()
        connection.request("GET", f"/api/posts/{slug}/related?limit={limit}")
        response = connection.getresponse()
        body = response.read()
        timings.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"GET related for {slug}: {response.status} {body[:200]!r}")
        results[slug] = [item["slug"] for item in json.loads(body)["related"]]
    return results, timings


def precision(related, labels, k):
    scores = [sum(1 for other in related[slug][:k] if labels.get(other) == labels[slug]) / k for slug in related]
    return statistics.mean(scores)


def baseline(posts, k, **options):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel
    import numpy as np

    texts = [p["title"] + "\n" + p["body"] for p in posts]
    matrix = TfidfVectorizer(**options).fit_transform(texts)
    similarity = linear_kernel(matrix, matrix)
    np.fill_diagonal(similarity, -1)
    related = {}
    for index, post in enumerate(posts):
        best = np.argsort(-similarity[index], kind="stable")[:k]
        related[post["slug"]] = [posts[i]["slug"] for i in best if similarity[index][i] > 0]
    return related


def slug_in(path):
    """The slug a Markdown file's front matter gives."""
    with open(path) as file:
        for line in file:
            if line.startswith("slug:"):
                return line.split(":", 1)[1].strip()
    raise SystemExit(f"{path}: no slug in its front matter")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--slugs-from", help="timing only: a folder of Markdown posts named by slug")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["quality", "timing", "baseline"], required=True)
    parser.add_argument("--sample", type=int, default=500)
    args = parser.parse_args()
    if args.slugs_from:
        import os
        random.seed(7)
        names = sorted(name for name in os.listdir(args.slugs_from) if name.endswith(".md"))
        slugs = [slug_in(os.path.join(args.slugs_from, name)) for name in random.sample(names, min(args.sample, len(names)))]
        _, timings = fetch_related(args.port, slugs, 3)
        print(json.dumps({"median_ms": statistics.median(timings), "p95_ms": percentile(timings, 0.95), "posts": len(names)}))
        return
    posts, used = [], set()
    for line in open(args.corpus):
        post = json.loads(line)
        slug, number = post["slug"], 2
        while post["slug"] in used:  # numbered as write_posts.py numbers them
            post["slug"] = f"{slug}-{number}"
            number += 1
        used.add(post["slug"])
        posts.append(post)
    labels = {p["slug"]: p["label"] for p in posts}
    if args.mode == "baseline":
        tuned = baseline(posts, 5, stop_words="english", sublinear_tf=True)
        plain = baseline(posts, 5)
        print(json.dumps({
            "p3": precision(tuned, labels, 3), "p5": precision(tuned, labels, 5),
            "defaults_p3": precision(plain, labels, 3), "defaults_p5": precision(plain, labels, 5),
        }))
    elif args.mode == "quality":
        related, timings = fetch_related(args.port, [p["slug"] for p in posts], 5)
        print(json.dumps({
            "p3": precision(related, labels, 3), "p5": precision(related, labels, 5),
            "median_ms": statistics.median(timings), "p95_ms": percentile(timings, 0.95), "posts": len(posts),
        }))
    else:
        random.seed(7)
        sample = random.sample([p["slug"] for p in posts], min(args.sample, len(posts)))
        _, timings = fetch_related(args.port, sample, 3)
        print(json.dumps({"median_ms": statistics.median(timings), "p95_ms": percentile(timings, 0.95), "posts": len(posts)}))


if __name__ == "__main__":
    main()

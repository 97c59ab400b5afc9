"""Writes a corpus (JSON lines) as Markdown files with front matter for `quire import`."""
import argparse
import datetime
import json
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("folder")
    parser.add_argument("--no-tags", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    used = set()
    with open(args.corpus) as corpus:
        for index, line in enumerate(corpus):
            post = json.loads(line)
            # Two package names can make one slug ("a.b", "a-b"): number the second, as Quire would.
            slug, number = post["slug"], 2
            while post["slug"] in used:
                post["slug"] = f"{slug}-{number}"
                number += 1
            used.add(post["slug"])
            date = (start + datetime.timedelta(minutes=index)).strftime("%Y-%m-%dT%H:%M:%SZ")
            tags = [] if args.no_tags else post["tags"]
            front = [
                "---",
                f"title: {json.dumps(post['title'], ensure_ascii=False)}",
                f"slug: {post['slug']}",
                f"date: {date}",
                f"tags: {json.dumps(tags)}",
                "---",
            ]
            with open(os.path.join(args.folder, post["slug"] + ".md"), "w") as out:
                out.write("\n".join(front) + "\n" + post["body"] + "\n")


if __name__ == "__main__":
    main()

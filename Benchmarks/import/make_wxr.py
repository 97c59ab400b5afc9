#!/usr/bin/env python3
"""Writes a WordPress export (WXR) of N posts for `quire import-wordpress`: the same posts as
make_posts.py (about 800 words, 3-5 tags), as WordPress HTML paragraphs, each with 0-3 approved
comments, and every tenth with a featured image (an attachment item). Written as it goes, so any
N fits in memory. The same N gives the same file on every run.

    make_wxr.py export.xml --posts 100000
"""
import argparse
import random
from xml.sax.saxutils import escape

from make_posts import generated_posts

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Generated blog</title>
  <link>https://generated.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://generated.example</wp:base_site_url>
  <wp:base_blog_url>https://generated.example</wp:base_blog_url>
  <wp:author><wp:author_login><![CDATA[ann]]></wp:author_login><wp:author_display_name><![CDATA[Ann Author]]></wp:author_display_name></wp:author>
"""


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args()
    comment_id = 0
    with open(args.file, "w") as out:
        out.write(HEAD)
        for number, title, slug, date, tags, paragraphs in generated_posts(args.posts):
            rng = random.Random(-number)
            stamp = date.strftime("%Y-%m-%d %H:%M:%S")
            post_id = number * 2
            meta = ""
            if number % 10 == 0:
                attachment_id = post_id + 1
                meta = f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{attachment_id}</wp:meta_value></wp:postmeta>"
                out.write(f"""  <item><title>Image {number}</title><wp:post_id>{attachment_id}</wp:post_id><wp:post_type>attachment</wp:post_type>
    <wp:status>inherit</wp:status><wp:attachment_url>https://generated.example/wp-content/uploads/{number}.jpg</wp:attachment_url>
    <excerpt:encoded>{cdata("Picture " + str(number))}</excerpt:encoded>
    <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{cdata("Alt " + str(number))}</wp:meta_value></wp:postmeta></item>
""")
            categories = "".join(
                f'<category domain="post_tag" nicename="{escape(tag.lower())}">{cdata(tag)}</category>' for tag in tags
            )
            comments = ""
            for reply in range(rng.randint(0, 3)):
                comment_id += 1
                comments += f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{cdata("Reader " + str(reply))}</wp:comment_author>
      <wp:comment_author_email>reader{reply}@example.com</wp:comment_author_email><wp:comment_date_gmt>{stamp}</wp:comment_date_gmt>
      <wp:comment_content>{cdata("A thoughtful reply, number " + str(reply) + ".")}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>"""
            body = "\n\n".join(paragraphs)
            out.write(f"""  <item><title>{escape(title)}</title><dc:creator>{cdata("ann")}</dc:creator>
    <content:encoded>{cdata(body)}</content:encoded><excerpt:encoded>{cdata("")}</excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>{stamp}</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>
    <wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
    {categories}{meta}{comments}</item>
""")
        out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()

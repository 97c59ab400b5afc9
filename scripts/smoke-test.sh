#!/usr/bin/env bash
# Runs the quire binary the way a new user does: `quire serve` in an empty folder with no setup,
# then the import, migrate and config-error paths. Prints one line per check and a summary.
set -uo pipefail
quire=$(realpath "${1:-.build/debug/quire}")
fixtures=$(cd "$(dirname "$0")/../Tests/Fixtures/media" && pwd)
port=${SMOKE_PORT:-18080}
work=$(mktemp -d)
source "$(dirname "$0")/checks.sh"

cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

cd "$work"
QUIRE_PORT=$port "$quire" serve >serve.log 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

check "serve with no setup answers /healthz" curl -fs "http://127.0.0.1:$port/healthz"
check "serve created data/quire.sqlite" test -f data/quire.sqlite
check "front page shows the welcome posts" sh -c "curl -fs http://127.0.0.1:$port/ | grep -q 'Welcome to Quire'"
check "welcome post page has its featured image" sh -c "curl -fs http://127.0.0.1:$port/posts/welcome-to-quire | grep -q '<figure class=\"featured-image\">'"
check "featured image is served" curl -fs -o /dev/null "http://127.0.0.1:$port/static/images/welcome.png"
check "JSON API lists the posts" sh -c "curl -fs http://127.0.0.1:$port/api/posts | grep -q '\"slug\":\"welcome-to-quire\"'"

mkdir posts
printf -- '---\ntitle: Smoke test post\ntags: [smoke]\n---\nHello from the smoke test.\n' >posts/good.md
printf 'no front matter here\n' >posts/bad.md
"$quire" import posts >import.log 2>import.err
import_status=$?
check "import exits non-zero when a file is bad" test "$import_status" -ne 0
check "import names the bad file and its problem" grep -q "bad.md: the file must start with YAML front matter" import.err
check "import still imports the good file" grep -q "created /posts/smoke-test-post" import.log
check "imported post is served by the running server" sh -c "curl -fs http://127.0.0.1:$port/posts/smoke-test-post | grep -q 'Hello from the smoke test.'"
"$quire" import posts/good.md >reimport.log 2>&1
check "re-import updates the same post" grep -q "updated /posts/smoke-test-post" reimport.log

"$quire" token create --name smoke >token.out 2>&1
api_token=$(tail -n 1 token.out)
check "token create prints the token alone on the last line" sh -c "echo '$api_token' | grep -Eq '^quire_[A-Za-z0-9_-]{40,}$'"
check "the token opens the moderation API" curl -fs -H "Authorization: Bearer $api_token" "http://127.0.0.1:$port/api/comments"
check "no token is a 401" sh -c "test \$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/api/comments) = 401"

curl -s -o upload.json -w '%{http_code}' -H "Authorization: Bearer $api_token" -F "file=@$fixtures/photo-exif.jpg" -F "alt=A gradient" "http://127.0.0.1:$port/api/media" >upload.status
check "an image uploaded through the API is 201" grep -q '^201$' upload.status
media_url=$(grep -o '"url":"[^"]*"' upload.json | head -n 1 | sed 's/"url":"//; s/"$//; s|^http://127.0.0.1:8080||')
check "the image is served for a year" sh -c "curl -fsI http://127.0.0.1:$port$media_url | grep -qi 'cache-control: public, max-age=31536000, immutable'"
printf '<svg xmlns="http://www.w3.org/2000/svg"/>' >drawing.png
check "an SVG named .png is refused with 415" sh -c "test \$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $api_token' -F 'file=@drawing.png' http://127.0.0.1:$port/api/media) = 415"
check "a page made through the API is served at /{slug}" sh -c "curl -fs -H 'Authorization: Bearer $api_token' -H 'Content-Type: application/json' -d '{\"title\":\"About\",\"body_markdown\":\"Who writes here.\",\"status\":\"published\"}' http://127.0.0.1:$port/api/pages >/dev/null && curl -fs http://127.0.0.1:$port/about | grep -q 'Who writes here.'"

check "serve prints a first-admin link while the blog has no user" grep -q "open this link within 24 hours: http://127.0.0.1:8080/admin/welcome?token=" serve.log
first_admin=$(grep -o 'http://[^ ]*/admin/welcome?token=[A-Za-z0-9_-]*' serve.log | head -n 1)
check "the first-admin link opens the make-an-admin form" sh -c "curl -fs 'http://127.0.0.1:$port/admin/welcome?token=${first_admin##*token=}' | grep -q 'Make the first admin'"
"$quire" user create --email ann@example.com --name Ann --role admin >user.out 2>&1
user_link=$(tail -n 1 user.out)
check "user create prints the sign-in link alone on the last line" sh -c "echo '$user_link' | grep -Eq '^http://127.0.0.1:8080/admin/welcome\?token=[A-Za-z0-9_-]{40,}$'"
check "the link opens Ann's password form" sh -c "curl -fs 'http://127.0.0.1:$port/admin/welcome?token=${user_link##*token=}' | grep -q 'ann@example.com'"
check "user create refuses a taken email with one line" sh -c "! '$quire' user create --email ANN@example.com --name Ann2 2>err.txt && test \$(wc -l <err.txt) -eq 1 && grep -q 'already exists' err.txt"
"$quire" user reset --email ann@example.com >reset.out 2>&1
reset_link=$(tail -n 1 reset.out)
check "user reset prints a new link on the last line" sh -c "echo '$reset_link' | grep -Eq '/admin/welcome\?token=' && test '$reset_link' != '$user_link'"
check "the old link stops working" sh -c "test \$(curl -s -o /dev/null -w '%{http_code}' 'http://127.0.0.1:$port/admin/welcome?token=${user_link##*token=}') = 404"
check "user reset of an unknown email is one clear line" sh -c "! '$quire' user reset --email nobody@example.com 2>reset.err && test \$(wc -l <reset.err) -eq 1 && grep -q 'No user has the email nobody@example.com' reset.err"
check "the admin sends a visitor to sign in" sh -c "curl -s -o /dev/null -w '%{redirect_url}' http://127.0.0.1:$port/admin | grep -q '/admin/login'"

check "backup copies the database while the server runs" sh -c "'$quire' backup backup.sqlite | grep -q 'integrity_check: ok' && test -s backup.sqlite"
check "backup refuses to overwrite without --force" sh -c "! '$quire' backup backup.sqlite 2>/dev/null && '$quire' backup --force backup.sqlite >/dev/null"
check "restore refuses while the server runs, in one line" sh -c "! '$quire' restore backup.sqlite 2>restore.err && test \$(wc -l <restore.err) -eq 1 && grep -q 'a quire server is using this database' restore.err"

cat >wordpress.xml <<'WXR'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old blog</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
<item>
<title>From WordPress</title><dc:creator>ann</dc:creator>
<content:encoded><![CDATA[Moved over with its comments.

[playlist ids="1"]]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt>
<wp:post_name>from-wordpress</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="post_tag" nicename="moving"><![CDATA[Moving]]></category>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Bea</wp:comment_author><wp:comment_author_email>bea@example.com</wp:comment_author_email>
<wp:comment_date_gmt>2024-01-03 00:00:00</wp:comment_date_gmt><wp:comment_content>Welcome over!</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
<item>
<title>Colophon</title><link>https://old.example/about/colophon/</link><dc:creator>ann</dc:creator>
<content:encoded><![CDATA[Made with care. <img src="https://old.example/wp-content/uploads/2024/01/desk-300x200.jpg" alt="A desk" width="300" height="200" /> <img src="https://old.example/wp-content/uploads/2024/01/lost.jpg" alt="Lost">]]></content:encoded>
<wp:post_id>9</wp:post_id><wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt>
<wp:post_name>colophon</wp:post_name><wp:status>publish</wp:status><wp:post_type>page</wp:post_type>
</item>
</channel>
</rss>
WXR
mkdir -p uploads/2024/01 && cp "$fixtures/photo-exif.jpg" uploads/2024/01/desk.jpg
"$quire" import-wordpress wordpress.xml --uploads uploads >wp.out 2>wp.err
check "import-wordpress imports posts and comments" grep -q 'posts: 1 imported (1 published' wp.out
check "import-wordpress imports pages" grep -q 'pages: 1 imported (1 published' wp.out
check "import-wordpress brings the images in and names a missing one" sh -c "grep -q 'images: 1 in media (new, or there from an earlier import); 1 missing' wp.out && grep -q 'missing image: 2024/01/lost.jpg' wp.out"
check "the imported page shows its image from media" sh -c "curl -fs http://127.0.0.1:$port/colophon | grep -q 'srcset=\"/media/'"
check "the old permalink answers 301 to the page" sh -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' http://127.0.0.1:$port/about/colophon/ | grep -q '^301 .*/colophon$'"
check "/?p=ID answers 301 to the post" sh -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' 'http://127.0.0.1:$port/?p=7' | grep -q '^301 .*/posts/from-wordpress$'"
check "/feed/ answers 301 to /feed.xml" sh -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' http://127.0.0.1:$port/feed/ | grep -q '^301 .*/feed.xml$'"
check "the imported post is served with its comment and shortcode" sh -c "curl -fs http://127.0.0.1:$port/posts/from-wordpress | grep -q 'Welcome over!' && curl -fs http://127.0.0.1:$port/posts/from-wordpress | grep -q '\[playlist ids=&quot;1&quot;\]\|\[playlist ids=\"1\"\]'"
check "import-wordpress again adds nothing" sh -c "'$quire' import-wordpress wordpress.xml | grep -q 'posts: 0 imported.*1 already imported'"
head -c 300 wordpress.xml >truncated.xml
check "a truncated export is refused with one line" sh -c "! '$quire' import-wordpress truncated.xml 2>wp.err && test \$(wc -l <wp.err) -eq 1 && grep -q 'nothing was imported' wp.err"

"$quire" theme export mytheme >theme.out 2>&1
check "theme export writes the built-in theme" sh -c "test -f mytheme/templates/post.mustache && test -f mytheme/static/css/quire.css && grep -q 'Wrote' theme.out"
check "theme export refuses to overwrite without --force" sh -c "! '$quire' theme export mytheme 2>err.txt && test \$(wc -l <err.txt) -eq 1 && '$quire' theme export --force mytheme >/dev/null"
printf '<p>{{title</p>\n' >mytheme/templates/site_footer.mustache
printf '{"server": {"port": 18999}, "theme": "mytheme", "database": {"path": "theme.sqlite"}}' >theme.json
"$quire" serve --config theme.json >theme-serve.out 2>theme-serve.err
theme_status=$?
check "a broken theme template stops start-up naming file and line" sh -c "test $theme_status -ne 0 && test \$(wc -l <theme-serve.err) -eq 1 && grep -q 'mytheme/templates/site_footer.mustache:1:' theme-serve.err"

check "migrate reports the applied migrations" sh -c "'$quire' migrate | grep -q 'migrations applied'"

printf '{"server": {"port": "eighty"}}' >bad.json
"$quire" serve --config bad.json >bad.out 2>bad.err
bad_status=$?
check "a bad config stops start-up" test "$bad_status" -ne 0
check "the message names file, key and problem on one line" sh -c "test \$(wc -l <bad.err) -eq 1 && grep -q \"bad.json: key 'server.port': expected a whole number\" bad.err"
check "a missing --config file is one clear line" sh -c "'$quire' migrate --config nope.json 2>&1 | grep -q 'nope.json: can.t read the file'"

stop_server
check "restore puts the backup in place once the server has stopped" sh -c "'$quire' restore backup.sqlite | grep -q 'the database it replaced is kept as .*/data/quire.sqlite.before-restore-'"
check "the restored blog has the backup's posts and media, not the later ones" sh -c "sqlite3 data/quire.sqlite 'SELECT COUNT(*) FROM media' | grep -qx 1 && ! sqlite3 data/quire.sqlite \"SELECT slug FROM post\" | grep -q from-wordpress"
check "restore refuses a file that is not a backup" sh -c "! '$quire' restore bad.json 2>restore2.err && grep -q 'the backup can.t be opened' restore2.err"

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

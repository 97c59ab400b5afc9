#!/usr/bin/env bash
# The smoke test on PostgreSQL: the quire binary run as a user runs it with database.url (here
# QUIRE_DATABASE_URL) on a new database of the test cluster: serve, migrate, token, user, a
# comment, an upload, a page, a Markdown and a WordPress import; backup as a SQLite file and restore from it;
# copy-database from SQLite; and the one-line answers when PostgreSQL can't be reached, a server
# still uses the database, or a target already holds a blog.
# Needs QUIRE_TEST_POSTGRES_URL (eval "$(scripts/postgres-cluster.sh start)"). One line per check.
set -uo pipefail
quire=$(realpath "${1:-.build/debug/quire}")
fixtures=$(cd "$(dirname "$0")/../Tests/Fixtures/media" && pwd)
migrations=$(ls "$(cd "$(dirname "$0")/.." && pwd)"/Migrations/postgres/*.sql | wc -l)
# The tables copy-database and backup copy: CopiedTable.all, one `CopiedTable(name:` each.
tables=$(grep -o 'CopiedTable(name: "' "$(cd "$(dirname "$0")/.." && pwd)"/Sources/QuireCore/Database/Copy/CopiedTable.swift | wc -l)
port=${SMOKE_PORT:-18081}
: "${QUIRE_TEST_POSTGRES_URL:?set it with: eval \"\$(scripts/postgres-cluster.sh start)\"}"
server=${QUIRE_TEST_POSTGRES_URL%/*}
work=$(mktemp -d)
source "$(dirname "$0")/checks.sh"

export PGOPTIONS=--client-min-messages=warning
sql() { psql "$QUIRE_TEST_POSTGRES_URL" -qAt -c "$1"; }
on() { psql "$server/$1" -qAt -c "$2"; }
cleanup() {
  stop_server
  for name in quire_smoke quire_smoke_copy; do sql "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT

for name in quire_smoke quire_smoke_copy; do
  sql "DROP DATABASE IF EXISTS $name WITH (FORCE)" && sql "CREATE DATABASE $name" || exit 1
done
export QUIRE_DATABASE_URL=$server/quire_smoke
cd "$work"

check "migrate on PostgreSQL reports its migrations" sh -c "'$quire' migrate | grep -q 'postgres://.*/quire_smoke: $migrations migrations applied'"
QUIRE_PORT=$port "$quire" serve >serve.log 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
check "serve on PostgreSQL answers /healthz" curl -fs "http://127.0.0.1:$port/healthz"
check "no SQLite file is made" test ! -e data/quire.sqlite
check "front page shows the welcome posts" sh -c "curl -fs http://127.0.0.1:$port/ | grep -q 'Welcome to Quire'"
check "JSON API lists the posts" sh -c "curl -fs http://127.0.0.1:$port/api/posts | grep -q '\"slug\":\"welcome-to-quire\"'"

"$quire" token create --name smoke >token.out 2>&1
api_token=$(tail -n 1 token.out)
check "token create on PostgreSQL prints the token" sh -c "echo '$api_token' | grep -Eq '^quire_[A-Za-z0-9_-]{40,}$'"
check "a post made through the API is served" sh -c "curl -fs -H 'Authorization: Bearer $api_token' -H 'Content-Type: application/json' -d '{\"title\":\"Kites in autumn\",\"body_markdown\":\"Wind and *string*.\",\"tags\":[\"Kites\"],\"status\":\"published\"}' http://127.0.0.1:$port/api/posts >/dev/null && curl -fs http://127.0.0.1:$port/posts/kites-in-autumn | grep -q '<em>string</em>'"
check "search finds it" sh -c "curl -fs 'http://127.0.0.1:$port/search?q=kites' | grep -q 'Kites in autumn'"
form_token=$(curl -fs "http://127.0.0.1:$port/posts/kites-in-autumn" | grep -o 'name="form_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
status=$(curl -s -o /dev/null -w '%{http_code}' --data-urlencode "comment=Lovely kites." --data-urlencode "author=Bea" \
  --data-urlencode "email=bea@example.com" --data-urlencode "comment_parent=0" --data-urlencode "form_token=$form_token" \
  "http://127.0.0.1:$port/posts/kites-in-autumn/comments")
check "a comment through the form is accepted (303)" test "$status" = 303
check "the comment is stored, held for moderation" sh -c "test \"\$(psql '$QUIRE_DATABASE_URL' -qAt -c \"SELECT status FROM comment\")\" = pending"
curl -s -o upload.json -w '%{http_code}' -H "Authorization: Bearer $api_token" -F "file=@$fixtures/photo-exif.jpg" -F "alt=A gradient" "http://127.0.0.1:$port/api/media" >upload.status
check "an image uploaded through the API is 201" grep -q '^201$' upload.status
media_url=$(grep -o '"url":"[^"]*"' upload.json | head -n 1 | sed 's/"url":"//; s/"$//; s|^http://127.0.0.1:8080||')
check "the image is served from PostgreSQL" curl -fs -o /dev/null "http://127.0.0.1:$port$media_url"
"$quire" user create --email ann@example.com --name Ann --role admin >user.out 2>&1
user_link=$(tail -n 1 user.out)
check "user create on PostgreSQL prints a link that opens the password form" sh -c "curl -fs 'http://127.0.0.1:$port/admin/welcome?token=${user_link##*token=}' | grep -q 'ann@example.com'"

mkdir posts
printf -- '---\ntitle: Imported on PostgreSQL\ntags: [smoke]\n---\nHello from an import.\n' >posts/good.md
printf 'no front matter here\n' >posts/bad.md
"$quire" import posts >import.log 2>import.err
import_status=$?
check "import on PostgreSQL names the bad file and exits non-zero" sh -c "test $import_status -ne 0 && grep -q 'bad.md: the file must start with YAML front matter' import.err"
check "import on PostgreSQL imports the good file" grep -q "created /posts/imported-on-postgresql" import.log
check "the imported post is served at once" sh -c "curl -fs http://127.0.0.1:$port/posts/imported-on-postgresql | grep -q 'Hello from an import.'"
"$quire" import posts/good.md >reimport.log 2>&1
check "re-import on PostgreSQL updates the same post" grep -q "updated /posts/imported-on-postgresql" reimport.log

cat >wordpress.xml <<'WXR'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old blog</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
<item>
<title>From WordPress</title><link>https://old.example/2024/01/from-wordpress/</link><dc:creator>ann</dc:creator>
<content:encoded><![CDATA[Moved over to PostgreSQL.]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt>
<wp:post_name>from-wordpress</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Bea</wp:comment_author><wp:comment_author_email>bea@example.com</wp:comment_author_email>
<wp:comment_date_gmt>2024-01-03 00:00:00</wp:comment_date_gmt><wp:comment_content>Welcome over!</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
</channel>
</rss>
WXR
"$quire" import-wordpress wordpress.xml >wp.out 2>wp.err
check "import-wordpress on PostgreSQL imports the post and its comment" sh -c "grep -q 'posts: 1 imported (1 published' wp.out && grep -q 'comments: 1 imported' wp.out"
check "the imported post is served with its comment at once" sh -c "curl -fs http://127.0.0.1:$port/posts/from-wordpress | grep -q 'Welcome over!'"
check "its old permalink and /?p=ID answer 301 to it" sh -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' http://127.0.0.1:$port/2024/01/from-wordpress/ | grep -q '^301 .*/posts/from-wordpress$' && curl -s -o /dev/null -w '%{http_code} %{redirect_url}' 'http://127.0.0.1:$port/?p=7' | grep -q '^301 .*/posts/from-wordpress$'"
check "import-wordpress on PostgreSQL again adds nothing" sh -c "'$quire' import-wordpress wordpress.xml | grep -q 'posts: 0 imported.*1 already imported'"

posts=$(on quire_smoke "SELECT COUNT(*) FROM post")
check "backup on PostgreSQL writes a checked SQLite file" sh -c "'$quire' backup pg-backup.sqlite | grep -q 'as a SQLite file: $tables tables, .* rows, each checked'"
check "the SQLite backup holds the same posts" sh -c "test \"\$(sqlite3 pg-backup.sqlite 'SELECT COUNT(*) FROM post')\" = $posts"
check "copy-database into a file that exists is refused in one line" sh -c "! '$quire' copy-database --to pg-backup.sqlite 2>copy.err && test \$(wc -l <copy.err) -eq 1 && grep -q 'already exists' copy.err"
"$quire" token create --name after-the-backup >/dev/null 2>&1
check "restore on PostgreSQL refuses while a server uses the database, in one line" sh -c "! '$quire' restore pg-backup.sqlite 2>restore.err && test \$(wc -l <restore.err) -eq 1 && grep -q 'stop every quire serve' restore.err"
stop_server
check "restore on PostgreSQL puts the backup in place, keeping the blog it replaced" sh -c "'$quire' restore pg-backup.sqlite | grep -q 'the blog it replaced is kept as .*/quire_smoke.before-restore-.*[.]sqlite'"
check "the restored blog has the backup's one token; the kept file has both" sh -c "test \"\$(psql '$QUIRE_DATABASE_URL' -qAt -c 'SELECT COUNT(*) FROM api_token')\" = 1 && test \"\$(sqlite3 quire_smoke.before-restore-*.sqlite 'SELECT COUNT(*) FROM api_token')\" = 2"
check "the restored blog's posts are the backup's" sh -c "test \"\$(psql '$QUIRE_DATABASE_URL' -qAt -c 'SELECT COUNT(*) FROM post')\" = $posts"

# From SQLite to PostgreSQL: the backup file is the source now.
printf '{"database": {"path": "pg-backup.sqlite"}}' >sqlite.json
QUIRE_DATABASE_URL= "$quire" copy-database --config sqlite.json --to "$server/quire_smoke_copy" >copy.out 2>copy.err
check "copy-database from SQLite prints each table's rows and checksum" sh -c "grep -q '^post: $posts rows, sha256 [0-9a-f]\{64\}$' copy.out && grep -q 'Copied and checked $tables tables' copy.out"
check "the copy's password is never printed" sh -c "! grep -q \"\${QUIRE_TEST_POSTGRES_URL#*:*:}\" copy.out copy.err"
check "the copy on PostgreSQL holds the comments and the image" sh -c "test \"\$(psql '$server/quire_smoke_copy' -qAt -c 'SELECT COUNT(*) FROM comment')\" = 2 && test \"\$(psql '$server/quire_smoke_copy' -qAt -c 'SELECT COUNT(*) FROM media')\" = 1"
check "a second copy into it is refused in one line" sh -c "! QUIRE_DATABASE_URL= '$quire' copy-database --config sqlite.json --to '$server/quire_smoke_copy' 2>again.err && test \$(wc -l <again.err) -eq 1 && grep -q 'already holds a blog' again.err"
check "copy-database within one engine is refused" sh -c "! '$quire' copy-database --to '$server/quire_smoke_copy' 2>same.err && grep -q 'between SQLite and PostgreSQL' same.err"

start=$(date +%s)
QUIRE_DATABASE_URL=postgres://quire:wrong@127.0.0.1:1/quire "$quire" migrate >down.out 2>down.err
down_status=$?
check "an unreachable PostgreSQL stops a command with one line, fast" sh -c "test $down_status -ne 0 && test \$(wc -l <down.err) -eq 1 && grep -q 'PostgreSQL' down.err && test \$(( \$(date +%s) - $start )) -le 15"

echo "postgres smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

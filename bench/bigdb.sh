#!/usr/bin/env bash
# `bench/run --bigdb`: startup time and paged-list latency on a database holding
# 1,000,000 questionnaire submissions (1,000 subjects x 1,000 days, 20 studies).
#   bigdb.sh SERVER_BIN WORK
# The rows are generated with SQL straight into SQLite (through the API it would take
# minutes); the schema is the server's own, created by its migrations.
set -euo pipefail
server_bin=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
data=$work/bigdb
rows=${BIGDB_ROWS:-1000000}
export WRK_DIR=$here/wrk
log() { echo "[bigdb] $*" >&2; }

start() { # sets PID, PORT; prints nothing
    "$server_bin" --data-dir "$data" --listen 127.0.0.1 --port 0 --no-request-log --login-rate 0 \
        > "$work/bigdb-server.out" 2>&1 &
    PID=$!
    PORT=""
    while [[ -z $PORT ]]; do
        PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$work/bigdb-server.out")
        kill -0 "$PID" 2>/dev/null || { cat "$work/bigdb-server.out" >&2; exit 1; }
        # Poll gently: a loop forking sed without a pause takes a core from the server
        # it is timing (2 cores), which made start-up look twice as slow as it is.
        [[ -n $PORT ]] || sleep 0.002
    done
}
stop() { kill -TERM "$PID"; wait "$PID" || true; }

if [[ ! -f $data/.complete-$rows ]]; then
    rm -rf "$data" && mkdir -p "$data"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$work/bigdb-password"
    "$server_bin" --data-dir "$data" users add admin --role admin --password-stdin < "$work/bigdb-password" > /dev/null
    start
    until curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.05; done
    python3 "$here/seed.py" --url "http://127.0.0.1:$PORT" --password-file "$work/bigdb-password" \
        --out "$work/bigdb-tokens.txt" >&2
    stop
    log "generating $rows submissions"
    per_subject=$((rows / 1000))
    sqlite3 "$data/trialdesk.sqlite3" <<SQL
PRAGMA journal_mode=WAL;
WITH RECURSIVE day(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM day WHERE n < $per_subject)
INSERT INTO questionnaire_submissions (subject_id, project_id, questionnaire, answers, submit_at, received_at)
SELECT s.subject_id, s.project_id, 'daily-symptoms',
       '{"q1":' || (day.n % 10) || ',"q2":"no pain","q3":[1,4],"bp":{"sys":128,"dia":82},"glucose":6.1}',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || day.n || ' days', '+' || (s.id % 600) || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || day.n || ' days', '+' || (s.id % 600 + 2) || ' seconds')
FROM subjects s CROSS JOIN day;
SQL
    touch "$data/.complete-$rows"
fi
count=$(sqlite3 "$data/trialdesk.sqlite3" 'SELECT COUNT(*) FROM questionnaire_submissions')
log "database: $count submissions, $(du -sh "$data" | cut -f1)"
echo "submissions $count"

# Startup: from exec to the first answered request, five times (the OS cache is warm
# after the first; the first is reported too).
for i in 1 2 3 4 5; do
    t0=$(date +%s%N)
    start
    until curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"; do :; done
    t1=$(date +%s%N)
    echo "startup_ms run=$i $(((t1 - t0) / 1000000))"
    [[ $i == 5 ]] || stop
done

# Paged list of one study's submissions (newest first, 50 a page) with a staff token.
token=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$(cat "$work/bigdb-password")\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# One connection: the time a page takes (what a user paging in the desktop app waits);
# 16 and 64: the same under concurrent load, where queueing adds to it.
for c in 1 16 64; do
    STAFF_TOKEN=$token ENDPOINT=submissions TOKENS=$work/bigdb-tokens.txt \
        wrk -t$((c < 2 ? c : 2)) -c$c -d10s --latency -s "$WRK_DIR/list.lua" "http://127.0.0.1:$PORT" > "$work/bigdb-list-c$c.log" 2>&1 || true
    echo "list c=$c $(grep '^RESULT' "$work/bigdb-list-c$c.log")"
done
stop

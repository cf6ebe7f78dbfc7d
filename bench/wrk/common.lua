-- Shared by the wrk scripts of bench/run (wrk 4.1, one Lua state per wrk thread).
--
-- TOKENS: file of "<subjectId> <token>" lines written by bench/seed.py; every request
-- is about one subject and carries that subject's token, as a patient app's would.
-- RUN_ID: makes Idempotency-Keys unique across runs against the same database.

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

subjects = {}
local cursor = 0

function load_subjects()
  local f = assert(io.open(os.getenv("TOKENS"), "r"))
  for line in f:lines() do
    local id, token = line:match("^(%S+) (%S+)$")
    if id then table.insert(subjects, { id = id, auth = "Bearer " .. token }) end
  end
  f:close()
  -- Threads start at different subjects so they do not walk the list in step.
  cursor = (tonumber(wrk.thread:get("tid")) * 7919) % #subjects
end

function next_subject()
  cursor = cursor % #subjects + 1
  return subjects[cursor]
end

function now_rfc3339()
  return os.date("!%Y-%m-%dT%H:%M:%SZ")
end

-- A unique Idempotency-Key: RUN-TTTTT-SSSSSSSSS (run, wrk thread, sequence in the thread).
function idempotency_key(tid, seq)
  return string.format("%s-%05d-%09d", os.getenv("RUN_ID") or "r", tid, seq)
end

-- What a patient app sends for a daily questionnaire: the body is the peers'
-- (shared/peers/wrk/submit.lua) plus the questionnaire name, with the answers the
-- published definition of the bench studies can describe (bench/seed.py, issue #15):
-- choice codes are strings ("q3":["1","4"]) and items are flat ("bpSys","bpDia"
-- for the peers' "bp":{"sys","dia"}). Same number of values, 6 bytes longer.
function questionnaire_request(subject, key, submit_at)
  local body = string.format(
    '{"subjectId":"%s","questionnaire":"daily-symptoms","submitAt":"%s",' ..
    '"answers":{"q1":3,"q2":"no pain","q3":["1","4"],"bpSys":128,"bpDia":82,"glucose":6.1}}', subject.id, submit_at)
  return wrk.format("POST", "/api/v1/subjects/" .. subject.id .. "/questionnaires", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = subject.auth,
    ["Idempotency-Key"] = key,
  }, body)
end

-- A machine-readable summary for bench/run. wrk's latencies are microseconds.
-- `acked`, `shed` and `other` are kept by scripts that look at each response.
function done(summary, latency, requests)
  local e = summary.errors
  local acked, shed, other = 0, 0, 0
  for _, t in ipairs(threads) do
    acked = acked + (tonumber(t:get("acked")) or 0)
    shed = shed + (tonumber(t:get("shed")) or 0)
    other = other + (tonumber(t:get("other")) or 0)
    local a = t:get("acked")
    if a then io.write(string.format("ACK %d %d\n", t:get("tid"), a)) end
  end
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f " ..
    "err_connect=%d err_read=%d err_write=%d err_timeout=%d non2xx=%d acked=%d shed=%d other=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status,
    acked, shed, other))
end

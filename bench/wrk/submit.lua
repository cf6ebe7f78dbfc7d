-- POST a questionnaire for a varying subject, each with a unique Idempotency-Key.
-- The body is the peers' (shared/peers/wrk/submit.lua) plus the questionnaire name.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
local run = os.getenv("RUN_ID") or "r"
local seq = 0
local tid
local submit_at

function init(args)
  load_subjects()
  tid = wrk.thread:get("tid")
  submit_at = now_rfc3339()
end

function request()
  local s = next_subject()
  seq = seq + 1
  local body = string.format(
    '{"subjectId":"%s","questionnaire":"daily-symptoms","submitAt":"%s",' ..
    '"answers":{"q1":3,"q2":"no pain","q3":[1,4],"bp":{"sys":128,"dia":82},"glucose":6.1}}', s.id, submit_at)
  return wrk.format("POST", "/api/v1/subjects/" .. s.id .. "/questionnaires", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = s.auth,
    ["Idempotency-Key"] = string.format("%s-%05d-%09d", run, tid, seq),
  }, body)
end

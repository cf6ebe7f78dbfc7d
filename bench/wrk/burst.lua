-- The 08:00 rehearsal: run with as many wrk threads as connections (-tN -cN), so each
-- thread is one patient app with one connection and its requests strictly alternate
-- with answers. Like the app, it retries a shed (503/429) or unanswered submission with
-- the same Idempotency-Key, and only moves on once it got a 201 (or 200: an earlier
-- attempt was stored). Keys are RUN-TTTTT-SSSSSSSSS, so after the run bench/run can
-- check, per thread, that every acknowledged key (sequence <= acked) is in the database.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
local seq, pending, acked, shed, other = 0, nil, 0, 0, 0
local tid, submit_at, subject

function init(args)
  load_subjects()
  tid = wrk.thread:get("tid")
  subject = subjects[(tid - 1) % #subjects + 1]
  submit_at = now_rfc3339()
  wrk.thread:set("acked", 0)
end

function request()
  if not pending then
    seq = seq + 1
    pending = seq
  end
  return questionnaire_request(subject, idempotency_key(tid, pending), submit_at)
end

function response(status, headers, body)
  if status == 201 or status == 200 then
    acked = acked + 1
    pending = nil
    wrk.thread:set("acked", acked)
  elseif status == 503 or status == 429 then
    shed = shed + 1
    wrk.thread:set("shed", shed)
  else
    other = other + 1
    pending = nil
    wrk.thread:set("other", other)
  end
end

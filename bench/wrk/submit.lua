-- POST a questionnaire for a varying subject, each with a unique Idempotency-Key.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
local seq = 0
local tid, submit_at

function init(args)
  load_subjects()
  tid = wrk.thread:get("tid")
  submit_at = now_rfc3339()
end

function request()
  seq = seq + 1
  return questionnaire_request(next_subject(), idempotency_key(tid, seq), submit_at)
end

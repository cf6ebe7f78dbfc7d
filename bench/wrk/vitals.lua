-- POST a vital sign (blood pressure, glucose or heart rate in turn) for a varying subject.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
local seq = 0
local tid
local measured_at
local bodies = {
  '{"type":"blood_pressure","systolic":128,"diastolic":82,"measuredAt":"%s"}',
  '{"type":"glucose","value":108,"unit":"mg/dL","measuredAt":"%s"}',
  '{"type":"heart_rate","value":72,"measuredAt":"%s"}',
}

function init(args)
  load_subjects()
  tid = wrk.thread:get("tid")
  measured_at = now_rfc3339()
end

function request()
  local s = next_subject()
  seq = seq + 1
  return wrk.format("POST", "/api/v1/subjects/" .. s.id .. "/vitals", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = s.auth,
    ["Idempotency-Key"] = idempotency_key(tid, seq),
  }, string.format(bodies[seq % #bodies + 1], measured_at))
end

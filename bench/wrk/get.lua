-- GET a varying subject's profile (ENDPOINT=profile, the default) or the list of
-- active studies (ENDPOINT=active), with that subject's token: the patient app's two reads.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
local endpoint = os.getenv("ENDPOINT") or "profile"

function init(args)
  load_subjects()
end

function request()
  local s = next_subject()
  local path = endpoint == "active" and "/api/v1/projects/active" or "/api/v1/subjects/" .. s.id .. "/profile"
  return wrk.format("GET", path, { ["Authorization"] = s.auth })
end

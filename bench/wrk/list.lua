-- Staff paging through a study's submissions, newest first, 50 a page: the first page
-- of one of the 20 benchmark studies, or (every other request) the page after it.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
local auth = "Bearer " .. os.getenv("STAFF_TOKEN")
local n = 0

function request()
  n = n + 1
  local path = string.format("/api/v1/projects/BENCH%03d/submissions?limit=50", n % 20 + 1)
  if n % 2 == 0 then
    path = path .. "&since=2024-01-01T00:00:00Z&reviewStatus=pending"
  end
  return wrk.format("GET", path, { ["Authorization"] = auth })
end

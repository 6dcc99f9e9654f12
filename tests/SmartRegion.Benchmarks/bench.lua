-- wrk script of the SmartRegion benchmark (run.sh). Reads the request plan written by the loader:
--   BENCH_PLAN/NAME.method, NAME.paths (taken in turn), NAME.body ("{n}" becomes a number unique in the run)
-- and sends Authorization (BENCH_KEY, empty for the ceiling) and X-Bench: NAME (the ceiling's answer key).
-- done() prints one line "BENCH_RESULT {json}" with req/s and latency percentiles in microseconds.
local plan = os.getenv("BENCH_PLAN")
local name = os.getenv("BENCH_NAME")
local key = os.getenv("BENCH_KEY") or ""

local function read(path)
  local file = io.open(path, "r")
  if not file then return nil end
  local text = file:read("*a")
  file:close()
  return text
end

local method = (read(plan .. "/" .. name .. ".method") or "GET"):gsub("%s+", "")
local template = read(plan .. "/" .. name .. ".body")
local paths = {}
for line in (read(plan .. "/" .. name .. ".paths") or "/"):gmatch("[^\n]+") do
  paths[#paths + 1] = line
end

local threads = {}
local thread_number = 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_id", thread_number)
  threads[#threads + 1] = thread
end

-- Writes count their 4xx and 5xx answers (wrk itself only counts "not 2xx/3xx"); reads do not, so that their runs
-- keep wrk's fast path. Write runs of service and ceiling both pay for it.
s4xx, s5xx = 0, 0
if template then
  function response(status, headers, body)
    if status >= 500 then s5xx = s5xx + 1 elseif status >= 400 then s4xx = s4xx + 1 end
  end
end

local counter = 0
function request()
  counter = counter + 1
  local headers = { ["X-Bench"] = name }
  if key ~= "" then headers["Authorization"] = "ApiKey " .. key end
  local body = nil
  if template then
    local n = tostring(thread_id) .. "-" .. tostring(counter) .. "-" .. tostring(os.time())
    body = template:gsub("{n}", n)
    headers["Content-Type"] = "application/json"
    headers["If-Match"] = "*"
  end
  return wrk.format(method, paths[(counter % #paths) + 1], headers, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local c4xx, c5xx = 0, 0
  for _, thread in ipairs(threads) do
    c4xx = c4xx + (thread:get("s4xx") or 0)
    c5xx = c5xx + (thread:get("s5xx") or 0)
  end
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50Us":%d,"p99Us":%d,"errors":%d,"non2xx":%d,"status4xx":%d,"status5xx":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50), latency:percentile(99), errors, non2xx, c4xx, c5xx))
end

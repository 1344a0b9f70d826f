-- wrk script of the load benchmark (scripts/loadbench). Arguments after "--":
--   1: a requests file, one request a line: METHOD <tab> PATH [<tab> BODY]
--   2: the bearer token (ignored by the baseline)
--   3: "random" (pick a line at random per request), "sequential" (cycle through the lines in order) or
--      "unique" (sequential, and every "{seq}" in a line becomes a number no other request of the run uses)
-- done() prints one machine-readable line, WRKRESULT, that the load program parses.

local lines = {}
local prepared = {}
local headers = {}
local mode = "random"
local next_index = 0
local sequence = 0

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

function init(args)
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
    if method then
      if body == "" then body = nil end
      table.insert(lines, { method, path, body })
    end
  end
  if #lines == 0 then error("no request in " .. args[1]) end
  headers["Authorization"] = "Bearer " .. args[2]
  headers["Accept"] = "application/scim+json"
  headers["Content-Type"] = "application/scim+json"
  mode = args[3] or "random"
  math.randomseed(os.time() + (thread_number or 0) * 7919)
  next_index = ((thread_number or 1) - 1) * 7 % #lines
  if mode ~= "unique" then
    for i, l in ipairs(lines) do
      prepared[i] = wrk.format(l[1], l[2], headers, l[3])
    end
  end
end

function request()
  if mode == "random" then
    return prepared[math.random(#lines)]
  end
  next_index = next_index % #lines + 1
  if mode == "sequential" then
    return prepared[next_index]
  end
  sequence = sequence + 1
  local seq = tostring((thread_number or 0) * 100000000 + sequence)
  local l = lines[next_index]
  local path = l[2]:gsub("{seq}", seq)
  local body = l[3] and l[3]:gsub("{seq}", seq) or nil
  return wrk.format(l[1], path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %d %d %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout, latency.max))
end

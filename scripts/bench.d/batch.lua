-- POST /v1/transactional/email/batch with 100 small JSON items; reports items accepted (201 in their slot) per
-- second, so that an item refused in its slot (429, 503) does not count.
local key = os.getenv("BENCH_KEY")
local items = {}
for i = 1, 100 do
  items[i] = '{"recipient":"success+b' .. i .. '@simulator.amazonses.com","subject":"Bench",'
    .. '"body":"<p>Hello <b>bench</b></p>","tag":"bench"}'
end
wrk.method = "POST"
wrk.path = "/v1/transactional/email/batch"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"emails":[' .. table.concat(items, ",") .. ']}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  accepted = 0
end

function response(status, headers, body)
  local _, count = string.gsub(body, '"status":201', "")
  accepted = accepted + count
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("accepted")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    + summary.errors.status + (summary.requests * 100 - total)
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", total / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.requests))
end

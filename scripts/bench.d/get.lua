-- GET /v1/transactional/email/{id}: ids from the file BENCH_IDS (one a line) when set, else 1..BENCH_EMAILS.
local key = os.getenv("BENCH_KEY")
wrk.headers["Authorization"] = "Bearer " .. key
local ids = {}
if os.getenv("BENCH_IDS") then
  for line in io.lines(os.getenv("BENCH_IDS")) do
    ids[#ids + 1] = line
  end
else
  for id = 1, tonumber(os.getenv("BENCH_EMAILS")) do
    ids[id] = tostring(id)
  end
end
request = function()
  return wrk.format("GET", "/v1/transactional/email/" .. ids[math.random(1, #ids)])
end
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

-- GET /v1/transactional/email/{id} over the emails the bench created (ids 1..BENCH_EMAILS).
local key = os.getenv("BENCH_KEY")
local emails = tonumber(os.getenv("BENCH_EMAILS"))
wrk.headers["Authorization"] = "Bearer " .. key
request = function()
  return wrk.format("GET", "/v1/transactional/email/" .. math.random(1, emails))
end
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

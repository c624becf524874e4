-- GET /t/{token}.gif on the tracking port with valid tokens (one per line in BENCH_TOKENS).
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  tokens[#tokens + 1] = line
end
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Thunderbird/128.0"
request = function()
  return wrk.format("GET", "/t/" .. tokens[math.random(1, #tokens)] .. ".gif")
end
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

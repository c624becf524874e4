-- GET /v1/transactional/email?limit=10, newest first.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.path = "/v1/transactional/email?limit=10"
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

-- POST /v1/transactional/email/send with a small JSON body; the key comes from the environment.
local key = os.getenv("BENCH_KEY")
wrk.method = "POST"
wrk.path = "/v1/transactional/email/send"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"recipient":"success@simulator.amazonses.com","subject":"Bench","body":"<p>Hello <b>bench</b></p>","tag":"bench"}'
dofile(os.getenv("BENCH_DIR") .. "/report.lua")

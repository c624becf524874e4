# scripts/bench scale: the cached database of N emails over one year, and the read table of SPEC §25 on it.
# Sourced by scripts/bench after postgres.sh.

# The migration the loader (bench.d/scale-load.sql) was written against: the cache is built at this version and
# later migrations are applied by postbox itself when it starts on it, as on a production database.
SCALE_SCHEMA=V007
SCALE_HEAVY_USER=otp@scale.example.gov
# the bcc address of 1 % of all emails in scale-load.sql (about 25,000 of the heavy user's on 5,000,000)
SCALE_COPIED_ADDRESS=records@city.example.gov

scale_database_name() {
  echo "postbox_scale_${1}_$(echo "$SCALE_SCHEMA" | tr 'V' 'v')"
}

database_exists() {
  PGPASSWORD=postbox psql -h "$PG_HOST" -p "$PG_PORT" -U postbox -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

scale_psql() {
  local database=$1
  shift
  PGPASSWORD=postbox psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U postbox -d "$database" -v ON_ERROR_STOP=1 "$@"
}

# apply_migrations DB VERSION: the files of migrations.txt up to VERSION, each in its own transaction and recorded
# in schema_migrations as store/Migrations.java records them.
apply_migrations() {
  local database=$1 last=$2 folder="$ROOT/src/main/resources/db/migration" file
  scale_psql "$database" -c \
    "CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
  while read -r file; do
    [ -n "$file" ] || continue
    scale_psql "$database" -1 -f "$folder/$file" -c "INSERT INTO schema_migrations (version) VALUES ('${file%%__*}')"
    [ "${file%%__*}" = "$last" ] && return
  done < "$folder/migrations.txt"
  echo "migration $last is not in migrations.txt" >&2
  exit 1
}

database_size() {
  scale_psql postgres -tAc "SELECT pg_size_pretty(pg_database_size('$1'))"
}

# ensure_scale_database N: sets SCALE_DB to the cached database of N emails, building it first when missing. The
# build goes into a _building database that is renamed only once complete, so an interrupted build leaves no cache.
ensure_scale_database() {
  local rows=$1 building started seconds
  SCALE_DB=$(scale_database_name "$rows")
  if database_exists "$SCALE_DB"; then
    SCALE_BUILD="cached, $(database_size "$SCALE_DB")"
    echo "Using the cached database $SCALE_DB ($(database_size "$SCALE_DB"))" >&2
    return
  fi
  building="${SCALE_DB}_building"
  echo "Building $SCALE_DB: $rows emails (once; later runs reuse it)" >&2
  started=$(date +%s)
  drop_database "$building"
  ensure_database "$building"
  apply_migrations "$building" "$SCALE_SCHEMA"
  SCALE_NICE=${SCALE_NICE:-10} scale_psql "$building" -v rows="$rows" -f "$BENCH_DIR/scale-load.sql" \
    | while IFS= read -r line; do echo "  $(date -u +%T) $line"; done >&2 \
    || { echo "Loading $building failed" >&2; exit 1; }
  scale_psql postgres -c "ALTER DATABASE $building RENAME TO $SCALE_DB"
  seconds=$(( $(date +%s) - started ))
  SCALE_BUILD="built in ${seconds} s, $(database_size "$SCALE_DB")"
  echo "Built $SCALE_DB in ${seconds} s: $(database_size "$SCALE_DB")" >&2
}

SCALE_REQUESTS=${BENCH_SCALE_REQUESTS:-30}
SCALE_WARMUP_REQUESTS=${BENCH_SCALE_WARMUP_REQUESTS:-50}
SCALE_ROW_BUDGET=${BENCH_SCALE_ROW_BUDGET:-60}
SCALE_MAX_TIME=${BENCH_SCALE_MAX_TIME:-30}

# scale_requests PATH...: the GETs in order with the bench key over one kept-alive connection, as a client with a
# connection pool sends them; prints "<status> <seconds>" for each (status 000 when it timed out).
scale_requests() {
  local path args=()
  for path in "$@"; do
    args+=(-o /dev/null "http://127.0.0.1:$HTTP_PORT$path")
  done
  curl -s --globoff --max-time "$SCALE_MAX_TIME" -w '%{http_code} %{time_total}\n' \
    -H "Authorization: Bearer $BENCH_KEY" "${args[@]}" || true
}
# Samples of the heavy user's data the rows draw their requests from: emails, their recipients, days of the year.
scale_samples() {
  local heavy
  heavy=$(scale_psql "$SCALE_DB" -tAc "SELECT id FROM users WHERE email = '$SCALE_HEAVY_USER'")
  mapfile -t SCALE_IDS < <(scale_psql "$SCALE_DB" -tAc "
    SELECT id FROM emails
    WHERE user_id = $heavy
      AND id IN (SELECT 1 + (random() * (SELECT max(id) FROM emails))::bigint FROM generate_series(1, 1000))
    LIMIT 200")
  mapfile -t SCALE_RECIPIENTS < <(scale_psql "$SCALE_DB" -tAc "
    SELECT recipient FROM emails WHERE id IN ($(IFS=,; echo "${SCALE_IDS[*]}"))")
  SCALE_TO=$(scale_psql "$SCALE_DB" -tAc "
    SELECT to_char((max(created_at) + interval '1 ms') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')
    FROM emails WHERE user_id = $heavy")
  SCALE_FROM_30=$(scale_psql "$SCALE_DB" -tAc "
    SELECT to_char(('$SCALE_TO'::timestamptz - interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")
  SCALE_FROM_365=$(scale_psql "$SCALE_DB" -tAc "
    SELECT to_char(('$SCALE_TO'::timestamptz - interval '365 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")
  mapfile -t SCALE_DAYS < <(scale_psql "$SCALE_DB" -tAc "
    SELECT to_char(day, 'YYYY-MM-DD') || ' ' || to_char(day + 1, 'YYYY-MM-DD')
    FROM (SELECT ('$SCALE_TO'::timestamptz AT TIME ZONE 'UTC')::date - back AS day
          FROM generate_series(1, 363) AS back ORDER BY random() LIMIT 200) AS days")
}

scale_pick() {
  local -n list=$1
  echo "${list[$(( $2 % ${#list[@]} ))]}"
}

path_get() { echo "/v1/transactional/email/$(scale_pick SCALE_IDS "$1")"; }
path_events() { echo "/v1/transactional/email/$(scale_pick SCALE_IDS "$1")/events"; }
path_day() {
  local days
  read -r -a days <<< "$(scale_pick SCALE_DAYS "$1")"
  echo "/v1/transactional/email?status=BOUNCED&created_at%5Bgte%5D=${days[0]}&created_at%5Blt%5D=${days[1]}"
}
path_tag_offset() { echo "/v1/transactional/email?tag=otp&offset=10000"; }
path_rare_tag_offset() { echo "/v1/transactional/email?tag=email-change&offset=10000"; }
path_deep_offset() { echo "/v1/transactional/email?offset=1000000"; }
path_stats_30() { echo "/v1/transactional/email/stats?from=$SCALE_FROM_30&to=$SCALE_TO"; }
path_stats_365() { echo "/v1/transactional/email/stats?from=$SCALE_FROM_365&to=$SCALE_TO&group_by=month,tag"; }
path_recipient() { echo "/v1/transactional/email?recipient=$(scale_pick SCALE_RECIPIENTS "$1")"; }
path_copied_recipient() { echo "/v1/transactional/email?recipient=$SCALE_COPIED_ADDRESS"; }

# load_now: the machine's 1-minute load average, printed next to each figure (the machine may be shared)
load_now() {
  cut -d' ' -f1 /proc/loadavg
}

scale_row_format() {
  printf '| %-41s | %9s | %9s | %-26s | %3s | %-16s | %-13s | %5s |\n' "$@"
}

# scale_row LABEL TARGET_TEXT TARGET_MS PATH_FUNCTION: first SCALE_WARMUP_REQUESTS untimed requests of the row's kind
# drawn from other samples than the timed ones (the server's code is compiled and its pools open, as on a server
# that has been running; the timed rows are not in PostgreSQL's cache because of them), then up to SCALE_REQUESTS
# timed ones, fewer when the warm-up shows they would take more than SCALE_ROW_BUDGET seconds (but at least 3);
# median and p95 (nearest rank).
scale_row() {
  local label=$1 target=$2 target_ms=$3 path_of=$4 i code seconds timings="" statuses="" paths=() count
  read -r code seconds < <(scale_requests "$($path_of 1000)")
  if [ "$path_of" = path_recipient ] && [ "$code" = 400 ]; then
    scale_row_format "$label" "-" "-" "$target" "1" "400" "not supported" "$(load_now)"
    return
  fi
  count=$(awk -v s="$seconds" -v n="$SCALE_WARMUP_REQUESTS" -v b="$SCALE_ROW_BUDGET" \
    'BEGIN { c = int(b / 4 / (s > 0.001 ? s : 0.001)); print (c < n ? c : n) }')
  for i in $(seq 1 "$count"); do paths+=("$($path_of $(( 100 + i )))"); done
  [ "${#paths[@]}" = 0 ] || scale_requests "${paths[@]}" > /dev/null
  seconds=$(awk -v s="$seconds" 'BEGIN { print (s > 0.001 ? s : 0.001) }')
  count=$(awk -v s="$seconds" -v n="$SCALE_REQUESTS" -v b="$SCALE_ROW_BUDGET" \
    'BEGIN { c = int(b / s); print (c < 3 ? 3 : (c < n ? c : n)) }')
  paths=()
  for i in $(seq 1 "$count"); do paths+=("$($path_of "$i")"); done
  while read -r code seconds; do
    timings+="$seconds"$'\n'
    statuses+="$code"$'\n'
  done < <(scale_requests "${paths[@]}")
  local summary answers
  summary=$(printf '%s' "$timings" | sort -g | awk '{ t[NR] = $1 * 1000 }
    END {
      median = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      rank = int(NR * 0.95); if (rank < NR * 0.95) rank++
      printf "%.1f %.1f %d", median, t[rank], NR
    }')
  answers=$(printf '%s' "$statuses" | sort | uniq -c | awk '{ printf "%s%s x%d", (NR > 1 ? " " : ""), ($2 == "000" ? "timeout" : $2), $1 }')
  local median p95 within=no
  read -r median p95 count <<< "$summary"
  if [ "$answers" = "200 x$count" ] && awk -v p="$p95" -v t="$target_ms" 'BEGIN { exit !(p <= t) }'; then
    within=yes
  fi
  scale_row_format "$label" "$median" "$p95" "$target" "$count" "$answers" "$within" "$(load_now)"
}

scale_read_table() {
  scale_samples
  scale_row_format "request (heavy user, one client)" "median ms" "p95 ms" "target (SPEC 25)" "n" "answers" "within" \
    "load"
  scale_row_format "---" "---" "---" "---" "---" "---" "---" "---"
  scale_row "get by id" "<= 10 ms" 10 path_get
  scale_row "events of one email" "<= 10 ms" 10 path_events
  scale_row "list first page, status=BOUNCED, one day" "<= 15 ms" 15 path_day
  scale_row "list tag=otp&offset=10000" "<= 60 ms" 60 path_tag_offset
  # the same on a tag of 7 % of the heavy user's emails: a walk that skips many rows
  scale_row "list tag=email-change&offset=10000" "<= 60 ms" 60 path_rare_tag_offset
  scale_row "list offset=1000000" "<= 1,000 ms (or 400 above)" 1000 path_deep_offset
  scale_row "stats last 30 days" "<= 30 ms" 30 path_stats_30
  scale_row "stats 365 days by month,tag" "<= 100 ms" 100 path_stats_365
  scale_row "list recipient=<one address>" "<= 15 ms" 15 path_recipient
  scale_row "list recipient=<bcc of 1 % of emails>" "<= 15 ms" 15 path_copied_recipient
}

# heavy_user_ids FILE COUNT: ids of about COUNT of the heavy user's emails, drawn at random, one a line
heavy_user_ids() {
  scale_psql "$SERVER_DB" -tAc "
    SELECT e.id FROM emails e JOIN users u ON u.id = e.user_id AND u.email = '$SCALE_HEAVY_USER'
    WHERE e.id IN (SELECT 1 + (random() * (SELECT max(id) FROM emails))::bigint FROM generate_series(1, $(( $2 * 2 ))))
  " > "$1"
}

# warm_up_server: BENCH_SCALE_SERVER_WARMUP (20s) of gets by id of other emails of the heavy user on 4 connections,
# so that the read table times a server whose code is compiled, as one that has been serving for a while
warm_up_server() {
  local ids="$WORK/warm-up-ids"
  SERVER_DB=$SCALE_DB heavy_user_ids "$ids" 20000
  BENCH_IDS=$ids wrk -t1 -c4 -d"${BENCH_SCALE_SERVER_WARMUP:-20s}" -s "$BENCH_DIR/get.lua" \
    "http://127.0.0.1:$HTTP_PORT" > /dev/null
}

# scale_throughput_run WORKLOAD LABEL: one run of send, get or ingest, on a new database or on SERVER_DB
scale_throughput_run() {
  case "$1" in
    ingest) java_workload ingest io.postbox.bench.IngestBench "$2" ;;
    *) http_workload "$1" "$2" ;;
  esac
}

# round_suffix ROUND ROUNDS: " #ROUND" in the labels when there is more than one round
round_suffix() {
  if [ "$2" -gt 1 ]; then echo " #$1"; fi
}

# median N...: the median of the numbers
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# await_stats_backfill DB: stats read the rows until the online backfill of the hourly rollup (V013) is done, so the
# read table waits for it (once per cache: the cache keeps what the backfill wrote)
await_stats_backfill() {
  local database=$1 started
  started=$(date +%s)
  until [ "$(scale_psql "$database" -Atc "SELECT finished_at IS NOT NULL FROM email_stats_backfill")" = t ]; do
    sleep 5
  done
  echo "statistics backfill finished $(( $(date +%s) - started )) s after postbox was ready"
}

# prewarm DB: reads every relation of DB once (pg_prewarm's 'read' mode), so that its files are in the operating
# system's cache as on a server that has been serving for a while. Skipped with BENCH_SCALE_PREWARM=0 (a cold cache:
# each page a row reads comes from disk), when the database is larger than half the memory, or when the extension
# cannot be created (it needs the postgres superuser, through runuser or sudo).
prewarm() {
  local database=$1 bytes memory started
  if [ "${BENCH_SCALE_PREWARM:-1}" = 0 ]; then
    echo "$database: not prewarmed (BENCH_SCALE_PREWARM=0)"
    return
  fi
  bytes=$(scale_psql postgres -tAc "SELECT pg_database_size('$database')")
  memory=$(awk '/MemTotal/ {printf "%.0f", $2 * 1024}' /proc/meminfo)
  if [ "$bytes" -gt $((memory / 2)) ]; then
    echo "$database: not prewarmed (larger than half the memory)"
    return
  fi
  started=$(date +%s)
  if as_postgres psql -X -q -d "$database" -v ON_ERROR_STOP=1 -tAc "SET client_min_messages = warning;
      CREATE EXTENSION IF NOT EXISTS pg_prewarm;
      SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c
      WHERE c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p'
        AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)" >/dev/null; then
    echo "$database: read into the operating system's cache in $(( $(date +%s) - started )) s (BENCH_SCALE_PREWARM=0 skips)"
  else
    echo "$database: not prewarmed (pg_prewarm could not run as postgres)"
  fi
}

# tune_postgres: restarts the local PostgreSQL for this run as the operator's note advises for a big database:
# shared_buffers a quarter of the memory (BENCH_SCALE_SHARED_BUFFERS, in MB, overrides), in huge pages (as root,
# vm.nr_hugepages is raised to hold them; huge_pages = try, so it still starts without). Without huge pages, every
# random row of a 3 GB table costs this virtual machine a page-table walk: pgbench's random primary-key reads over
# the heavy user's 2,500,000 rows ran at a third of their rate over 50,000 neighbouring rows, even with all of them
# in shared_buffers, and at the same rate with huge pages. untune_postgres puts everything back (at the end, also
# when the bench is interrupted). BENCH_SCALE_TUNE=0 leaves the server as it is.
tune_postgres() {
  if [ "${BENCH_SCALE_TUNE:-1}" = 0 ]; then
    echo "PostgreSQL as it is (BENCH_SCALE_TUNE=0): shared_buffers $(scale_psql postgres -tAc 'SHOW shared_buffers')"
    return 0
  fi
  local megabytes pages
  megabytes=${BENCH_SCALE_SHARED_BUFFERS:-$(awk '/MemTotal/ {printf "%d", $2 / 4 / 1024}' /proc/meminfo)}
  if [ "$(id -u)" = 0 ]; then
    SCALE_HUGE_PAGES_BEFORE=$(cat /proc/sys/vm/nr_hugepages)
    # the shared memory is shared_buffers and a few percent more
    pages=$(( megabytes / 2 + megabytes / 40 + 64 ))
    echo "$pages" > /proc/sys/vm/nr_hugepages
  fi
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -c "ALTER SYSTEM SET shared_buffers = '${megabytes}MB'" \
    -c "ALTER SYSTEM SET huge_pages = 'try'"
  SCALE_TUNED=1
  restart_postgres
  echo "PostgreSQL restarted with shared_buffers $(scale_psql postgres -tAc 'SHOW shared_buffers')," \
    "$(awk '/HugePages_Rsvd/ {r = $2} /HugePages_Total/ {t = $2} /HugePages_Free/ {f = $2}
            END { printf "%d MB of huge pages in use or reserved", (t - f + r) * 2 }' /proc/meminfo)" \
    "(BENCH_SCALE_TUNE=0 leaves it as it is)"
}

untune_postgres() {
  [ -n "${SCALE_TUNED:-}" ] || return 0
  as_postgres psql -X -q -c "ALTER SYSTEM RESET shared_buffers" -c "ALTER SYSTEM RESET huge_pages"
  SCALE_TUNED=""
  # before the restart, so that the restarted server (huge_pages = try by default) finds none of the bench's
  [ -z "${SCALE_HUGE_PAGES_BEFORE:-}" ] || echo "$SCALE_HUGE_PAGES_BEFORE" > /proc/sys/vm/nr_hugepages
  restart_postgres
}

# prewarm_buffers DB: reads the relations a get reads (emails, email_cc and their primary keys) into shared_buffers,
# as on a tuned server that has been serving them (only when tune_postgres ran: a default 128 MB pool holds none)
prewarm_buffers() {
  local started
  [ -n "${SCALE_TUNED:-}" ] || return 0
  started=$(date +%s)
  as_postgres psql -X -q -d "$1" -v ON_ERROR_STOP=1 -tAc "SET client_min_messages = warning;
    CREATE EXTENSION IF NOT EXISTS pg_prewarm; SELECT pg_prewarm(relation, 'buffer')
    FROM unnest(ARRAY['emails', 'emails_pkey', 'email_cc', 'email_cc_pkey']::regclass[]) AS relation" >/dev/null
  echo "$1: emails, email_cc and their primary keys read into shared_buffers in $(( $(date +%s) - started )) s"
}

restart_postgres() {
  # shellcheck disable=SC2046
  pg_ctlcluster $(local_cluster) restart
  await_postgres 60 || { echo "PostgreSQL did not come back after its restart" >&2; exit 1; }
}

# mark_scale_database: remembers where the cached database ends (last email, user and API key) before the bench
# writes to it, for restore_scale_database
mark_scale_database() {
  read -r SCALE_MARK_EMAIL SCALE_MARK_USER SCALE_MARK_KEY < <(scale_psql "$SCALE_DB" -tAc "
    SELECT (SELECT coalesce(max(id), 0) FROM emails), (SELECT coalesce(max(id), 0) FROM users),
           (SELECT coalesce(max(id), 0) FROM api_keys)" | tr '|' ' ')
}

# restore_scale_database: removes what the bench wrote to the cached database since mark_scale_database (the
# heavy user's sends, tagged bench; the ingest bench's users and emails; the timeline and cc rows of these emails
# (email_events has no foreign key since V006); the bench's API keys and the statistics rows of all these), then
# vacuums, so that every run starts from the same database
restore_scale_database() {
  local started heavy
  [ -n "${SCALE_MARK_EMAIL:-}" ] || return 0
  started=$(date +%s)
  heavy=$(scale_psql "$SCALE_DB" -tAc "SELECT id FROM users WHERE email = '$SCALE_HEAVY_USER'")
  scale_psql "$SCALE_DB" -1 -c "
    DELETE FROM email_events WHERE email_id > $SCALE_MARK_EMAIL;
    DELETE FROM emails WHERE id > $SCALE_MARK_EMAIL;
    DELETE FROM email_stats_hourly WHERE user_id > $SCALE_MARK_USER OR (user_id = $heavy AND tag = 'bench');
    DELETE FROM email_stats_daily WHERE user_id > $SCALE_MARK_USER OR (user_id = $heavy AND tag = 'bench');
    DELETE FROM api_keys WHERE id > $SCALE_MARK_KEY;
    DELETE FROM users WHERE id > $SCALE_MARK_USER;"
  scale_psql "$SCALE_DB" -c "VACUUM ANALYZE emails, email_events, email_cc, email_stats_hourly, email_stats_daily,
    api_keys, users"
  SCALE_MARK_EMAIL=""
  echo "$SCALE_DB: the bench's rows removed and vacuumed in $(( $(date +%s) - started )) s" >&2
}

# scale_bench N: the read table on the cached database of N emails, then send, get and ingest on a new database
# (as the workloads of scripts/bench run them) next to the same on the cached one, with pgbench's ceiling measured
# in every round (the shares compare medians). The throughput runs write to the cached database itself, not to a
# copy, and it is read into the operating system's cache again right before each of its runs: on this machine kind
# the kernel pages out file pages that nobody touched for about a minute (DAMON's pageout scheme, see
# /sys/kernel/mm/damon), so a big database left idle while the new one is measured started its runs from disk, and
# a second 8.4 GB copy never stayed in memory. What the runs write is removed at the end (restore_scale_database),
# also when the bench is interrupted.
scale_bench() {
  local rows=$1
  case "$rows" in ''|*[!0-9]*) usage ;; esac
  ensure_wrk
  ensure_scale_database "$rows"
  tune_postgres
  mark_scale_database
  echo "postbox scale benchmark: $rows emails ($SCALE_BUILD); $(nproc) cores," \
    "$(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo)"

  SERVER_DB=$SCALE_DB READY_TIMEOUT=${BENCH_SCALE_READY_TIMEOUT:-7200} start_server
  echo "postbox ready on $SCALE_DB after ${READY_MS} ms (its migrations included)"
  await_stats_backfill "$SCALE_DB"
  prewarm_buffers "$SCALE_DB"
  if [ "${BENCH_SCALE_READS:-1}" = 1 ]; then
    prewarm "$SCALE_DB"
    create_key "$SCALE_HEAVY_USER"
    warm_up_server
    echo
    scale_read_table
  fi
  stop_server
  if [ "${BENCH_SCALE_READS_ONLY:-0}" = 1 ]; then
    restore_scale_database
    return
  fi

  echo
  local rounds=${BENCH_SCALE_ROUNDS:-1} round workload workloads=${BENCH_SCALE_WORKLOADS:-send get ingest}
  echo "Throughput: $CONNECTIONS connections, $DURATION after a $WARMUP warm-up; \"new\" is a new database as the" \
    "workloads of scripts/bench use, \"$rows\" the cached one (heavy user); $rounds round(s), each running every" \
    "workload on both in turn"
  header
  local loads=() ceiling_send=() ceiling_read=()
  SERVER_DB=$SCALE_DB heavy_user_ids "$WORK/heavy-ids" 100000
  SERVER_USER=$SCALE_HEAVY_USER
  local -A new big ratios
  local new_rate
  for round in $(seq 1 "$rounds"); do
    # the ceiling in every round: this machine's speed drifts by up to a third within a run
    SERVER_DB=""
    pgbench_workload "$(round_suffix "$round" "$rounds")"
    ceiling_send+=("$PGBENCH_SEND")
    ceiling_read+=("$PGBENCH_READ")
    loads+=("pgbench$(round_suffix "$round" "$rounds") $(load_now)")
    for workload in $workloads; do
      SERVER_DB=""
      new_rate=""
      scale_throughput_run "$workload" "$workload$(round_suffix "$round" "$rounds")" && new_rate=$RATE \
        && new[$workload]+="$RATE "
      loads+=("$workload$(round_suffix "$round" "$rounds") $(load_now)")
      SERVER_DB=$SCALE_DB
      prewarm "$SCALE_DB" >&2
      export BENCH_IDS="$WORK/heavy-ids"
      if scale_throughput_run "$workload" "$workload ($rows)$(round_suffix "$round" "$rounds")"; then
        big[$workload]+="$RATE "
        [ -z "$new_rate" ] || ratios[$workload]+="$(awk -v big="$RATE" -v new="$new_rate" \
          'BEGIN { printf "%.0f %%", 100 * big / new }'), "
      fi
      unset BENCH_IDS
      loads+=("$workload ($rows)$(round_suffix "$round" "$rounds") $(load_now)")
    done
  done
  SERVER_DB=""
  restore_scale_database

  echo
  echo "load average (1 min) at the end of each run: $(printf '%s, ' "${loads[@]}" | sed 's/, $//')"
  local big_median new_median
  for workload in $workloads; do
    new_median=$(median ${new[$workload]})
    big_median=$(median ${big[$workload]})
    big[$workload]=$big_median
    awk -v name="$workload" -v big="$big_median" -v new="$new_median" -v rows="$rows" -v rounds="$rounds" \
      -v ratios="${ratios[$workload]%, }" \
      'BEGIN { printf "%s on %d emails: %.0f %% of its figure on a new database%s\n", name, rows, 100 * big / new,
               (rounds > 1 ? " (medians of " rounds " rounds; big / new per round: " ratios ")" : "") }'
  done
  [ -z "${big[send]:-}" ] || share "send on $rows emails" "${big[send]}" "$(median "${ceiling_send[@]}")" "pgbench send"
  [ -z "${big[get]:-}" ] || share "get on $rows emails" "${big[get]}" "$(median "${ceiling_read[@]}")" "pgbench read"
}

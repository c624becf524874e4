package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.EmailStore.Acceptance;
import io.postbox.contract.EmailStore.Counts;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.EmailStore.SendFailed;
import io.postbox.contract.EmailStore.StatsQuery;
import io.postbox.contract.NormalizedEvent;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Random emails of one user over five weeks (random tags, a few test emails) and random histories for them
 * (acceptances, send failures, SES events with duplicates), applied through the store's own write paths in random
 * orders and random batches, four transactions at a time on a pool of four connections (so several rollup slots).
 */
final class StatsWorkload {
  static final Instant START = Instant.parse("2025-01-29T22:00:00Z");
  static final long SPAN_MS = Duration.ofDays(35).toMillis();
  private static final String MAIN = "main@example.com";
  private static final String[] TAGS = {null, "a", "b", "otp", "Zeta"};
  private static final List<List<String>> GROUPINGS = List.of(List.of(), List.of("month"), List.of("tag"),
      List.of("month", "tag"));
  private static final int IN_FLIGHT = 4;

  private final Pool pool;
  private final Random random;
  private final long userId;
  private final Map<Long, Instant> created = new LinkedHashMap<>();
  private final Emails emails;
  private final StatusEvents statusEvents;

  StatsWorkload(Pool pool, Random random, long userId) {
    this.pool = pool;
    this.random = random;
    this.userId = userId;
    this.emails = new Emails(pool);
    this.statusEvents = new StatusEvents(pool, Duration.ofSeconds(10));
  }

  static long createUser(Pool pool) {
    return TestPostbox.await(pool.preparedQuery("INSERT INTO users (email) VALUES ($1) RETURNING id")
        .execute(Tuple.of(TestPostbox.uniqueEmail("stats")))).iterator().next().getLong(0);
  }

  /** {@code count} new emails in random multi-row statements; their ids. */
  List<Long> insertEmails(int count) {
    List<Long> ids = new ArrayList<>();
    List<Future<?>> inFlight = new ArrayList<>();
    int done = 0;
    while (done < count) {
      int size = Math.min(count - done, 1 + random.nextInt(random.nextBoolean() ? 3 : 60));
      OffsetDateTime[] at = new OffsetDateTime[size];
      String[] tags = new String[size];
      Boolean[] test = new Boolean[size];
      for (int i = 0; i < size; i++) {
        at[i] = OffsetDateTime.ofInstant(START.plusMillis((long) (random.nextDouble() * SPAN_MS)), ZoneOffset.UTC);
        tags[i] = TAGS[random.nextInt(TAGS.length)];
        test[i] = random.nextInt(8) == 0;
      }
      inFlight.add(pool.preparedQuery("""
              INSERT INTO emails (user_id, from_address, recipient, params, created_at, updated_at, tag, test)
              SELECT $1, 'no-reply@example.gov', $2, '{}', u.at, u.at, u.tag, u.test
              FROM unnest($3::timestamptz[], $4::text[], $5::bool[]) AS u(at, tag, test)
              RETURNING id, created_at""")
          .execute(Tuple.of(userId, MAIN, at, tags, test))
          .onSuccess(rows -> {
            synchronized (created) {
              for (Row row : rows) {
                ids.add(row.getLong("id"));
                created.put(row.getLong("id"), row.getOffsetDateTime("created_at").toInstant());
              }
            }
          }));
      done += size;
      drain(inFlight, IN_FLIGHT);
    }
    drain(inFlight, 0);
    return ids;
  }

  /** One write of a random history: an acceptance, a send failure or an SES event of one email. */
  private record Write(Acceptance acceptance, SendFailed failure, NormalizedEvent event) {
  }

  /** The writes of random histories of {@code ids}, shuffled. */
  List<Object> randomHistories(List<Long> ids) {
    List<Object> writes = new ArrayList<>();
    for (long id : ids) {
      Instant at = created.get(id);
      if (random.nextInt(10) == 0) {
        writes.add(new Write(null, new SendFailed(id, "MessageRejected", "x"), null));
      }
      if (random.nextInt(4) > 0) {
        writes.add(new Write(new Acceptance(id, at.plusMillis(500), "ses-" + UUID.randomUUID(), null), null, null));
      }
      int events = random.nextInt(6);
      for (int e = 0; e < events; e++) {
        NormalizedEvent event = randomEvent(id, at);
        int copies = random.nextInt(5) == 0 ? 2 : 1;
        for (int c = 0; c < copies; c++) {
          writes.add(new Write(null, null, event));
        }
      }
    }
    Collections.shuffle(writes, random);
    return writes;
  }

  private NormalizedEvent randomEvent(long id, Instant created) {
    Instant at = created.plusSeconds(random.nextInt(30));
    boolean main = random.nextInt(4) > 0;
    String recipient = main ? MAIN : "cc@example.com";
    String key = "stats:" + id + ":" + UUID.randomUUID();
    return switch (random.nextInt(8)) {
      case 0 -> event(key, "send", at, id, null, null, null, null, false, new JsonObject());
      case 1 -> event(key, "delivery", at, id, recipient, null, null, null, false, new JsonObject());
      case 2 -> {
        boolean hard = random.nextBoolean();
        yield event(key, "bounce", at, id, recipient, hard ? "Permanent" : "Transient",
            hard ? "General" : "MailboxFull", null, false,
            new JsonObject().put("bounce_type", hard ? "Permanent" : "Transient"));
      }
      case 3 -> event(key, "complaint", at, id, recipient, null, null, "abuse", false, new JsonObject());
      case 4, 5 -> {
        boolean machineAgent = random.nextInt(3) == 0;
        yield event(key, "open", at, id, null, null, null, null, machineAgent, new JsonObject()
            .put("user_agent", machineAgent ? "GoogleImageProxy" : "Mozilla/5.0 (X11)").put("machine", machineAgent));
      }
      case 6 -> event(key, "click", at, id, null, null, null, null, false, new JsonObject());
      default -> event(key, "reject", at, id, null, null, null, null, false, new JsonObject());
    };
  }

  private static NormalizedEvent event(String key, String type, Instant at, long id, String recipient,
      String bounceType, String bounceSubType, String feedback, boolean machine, JsonObject details) {
    return new NormalizedEvent(key, type, "ses", at, id, null, recipient, bounceType, bounceSubType, feedback,
        false, machine, details);
  }

  /** Applies {@code writes} in random batches (each batch one statement per kind), a few transactions at once. */
  void apply(List<Object> writes) {
    List<Future<?>> inFlight = new ArrayList<>();
    int i = 0;
    while (i < writes.size()) {
      int size = 1 + random.nextInt(random.nextBoolean() ? 5 : 200);
      List<Acceptance> acceptances = new ArrayList<>();
      List<NormalizedEvent> events = new ArrayList<>();
      for (Object object : writes.subList(i, Math.min(writes.size(), i + size))) {
        Write write = (Write) object;
        if (write.acceptance() != null) {
          acceptances.add(write.acceptance());
        } else if (write.failure() != null) {
          inFlight.add(emails.sendFailed(write.failure()));
        } else {
          events.add(write.event());
        }
      }
      if (!acceptances.isEmpty()) {
        inFlight.add(emails.acceptedMany(acceptances));
      }
      if (!events.isEmpty()) {
        inFlight.add(statusEvents.apply(List.of(EventMessage.withEvents("sqs", null, events))));
      }
      i += size;
      drain(inFlight, IN_FLIGHT);
    }
    drain(inFlight, 0);
  }

  private static void drain(List<Future<?>> inFlight, int atMost) {
    if (inFlight.size() > atMost) {
      TestPostbox.await(Future.all(new ArrayList<>(inFlight)));
      inFlight.clear();
    }
  }

  /** Random windows: arbitrary instants, whole hours, month starts, within one hour, outside the data. */
  List<StatsQuery> randomQueries(int count) {
    List<StatsQuery> queries = new ArrayList<>();
    while (queries.size() < count) {
      Instant from = randomInstant();
      Instant to = random.nextInt(4) == 0 ? from.plus(random.nextInt(90), ChronoUnit.MINUTES) : randomInstant();
      if (to.isBefore(from)) {
        Instant earlier = to;
        to = from;
        from = earlier;
      }
      if (from.equals(to)) {
        continue;
      }
      queries.add(new StatsQuery(userId, from, to, GROUPINGS.get(random.nextInt(GROUPINGS.size())),
          random.nextInt(5) == 0));
    }
    return queries;
  }

  private Instant randomInstant() {
    Instant at = START.minus(2, ChronoUnit.DAYS)
        .plusMillis((long) (random.nextDouble() * (SPAN_MS + Duration.ofDays(4).toMillis())));
    return switch (random.nextInt(6)) {
      case 0 -> at.truncatedTo(ChronoUnit.HOURS);
      case 1 -> YearMonth.from(at.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      case 2 -> at.truncatedTo(ChronoUnit.DAYS);
      default -> at;
    };
  }

  /** The rollup's answer equals the one counted from the rows, for every query. */
  /** V019: each row of {@code email_stats_daily} holds exactly the sum of its day's settled (slot 16) hours. */
  static void assertDaysHoldTheirSettledHours(Pool pool, long userId) {
    String columns = "total, unsent, accepted, sent, delivered_status, opened, bounced, complaint, scheduled, "
        + "cancelled, delivered, complained, human_opened, clicked";
    String sums = Arrays.stream(columns.split(", ")).map(column -> "sum(" + column + ")::int")
        .collect(Collectors.joining(", "));
    long mismatches = TestPostbox.await(pool.preparedQuery("""
        SELECT count(*) FROM (
          SELECT test, day, tag, %1$s FROM email_stats_daily WHERE user_id = $1
          EXCEPT ALL
          SELECT test, (hour AT TIME ZONE 'UTC')::date, tag, %2$s FROM email_stats_hourly
          WHERE user_id = $1 AND slot = 16 GROUP BY 1, 2, 3
        ) AS differing""".formatted(columns, sums)).execute(Tuple.of(userId))).iterator().next().getLong(0);
    long days = TestPostbox.await(pool.preparedQuery("SELECT count(*) FROM email_stats_daily WHERE user_id = $1")
        .execute(Tuple.of(userId))).iterator().next().getLong(0);
    long settledDays = TestPostbox.await(pool.preparedQuery("""
        SELECT count(DISTINCT (test, (hour AT TIME ZONE 'UTC')::date, tag)) FROM email_stats_hourly
        WHERE user_id = $1 AND slot = 16""").execute(Tuple.of(userId))).iterator().next().getLong(0);
    assertThat(mismatches).as("daily rows that differ from their settled hours").isZero();
    assertThat(days).as("a daily row for each settled day and tag").isEqualTo(settledDays);
  }

  static void assertRollupMatchesRows(EmailStats stats, List<StatsQuery> queries, String context) {
    int nonEmpty = 0;
    for (StatsQuery query : queries) {
      Counts fromRows = TestPostbox.await(stats.fromRows(query));
      Counts fromRollup = TestPostbox.await(stats.fromRollup(query));
      assertThat(fromRollup.groups()).as(context + ", " + query).isEqualTo(fromRows.groups());
      if (fromRows.groups().stream().anyMatch(group -> group.getLong("total") > 0)) {
        nonEmpty++;
      }
    }
    // the windows must hold emails for the comparison to mean anything
    assertThat(nonEmpty).as(context).isGreaterThan(queries.size() / 3);
  }
}

package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.NormalizedEvent;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §9.2 rule 6, on the real database: for random multisets of events of one email, applied in two different
 * random orders with random duplicates and random batch boundaries, the final status, error fields, every
 * {@code *_at} and the timeline are identical.
 */
class OrderSafeStatusPropertyTest {
  private static final int HISTORIES = 10_000;
  private static final String MAIN = "main@example.com";
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00.000Z");
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  @Test
  void anyOrderAndAnyDuplicationGivesTheSameEmail() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    long userId = postbox.createUser("property").id();
    long[] first = insertEmails(userId, HISTORIES);
    long[] second = insertEmails(userId, HISTORIES);
    StatusEvents statusEvents = new StatusEvents(postbox.pool, Duration.ofSeconds(10));

    List<NormalizedEvent> orderA = new ArrayList<>();
    List<NormalizedEvent> orderB = new ArrayList<>();
    List<Integer> expectedRanks = new ArrayList<>();
    for (int h = 0; h < HISTORIES; h++) {
      List<Template> history = randomHistory(random);
      expectedRanks.add(history.stream().mapToInt(Template::rank).max().orElse(1));
      orderA.addAll(instances(history, h, first[h], "a", random));
      orderB.addAll(instances(history, h, second[h], "b", random));
    }
    Collections.shuffle(orderA, random);
    Collections.shuffle(orderB, random);
    applyInRandomBatches(statusEvents, orderA, random);
    applyInRandomBatches(statusEvents, orderB, random);

    Map<Long, JsonObject> rowsA = emailStates(first);
    Map<Long, JsonObject> rowsB = emailStates(second);
    Map<Long, TreeSet<String>> timelineA = timelines(first);
    Map<Long, TreeSet<String>> timelineB = timelines(second);
    for (int h = 0; h < HISTORIES; h++) {
      String context = "seed " + seed + ", history " + h;
      assertThat(rowsA.get(first[h])).as(context).isEqualTo(rowsB.get(second[h]));
      assertThat(timelineA.get(first[h])).as(context).isEqualTo(timelineB.get(second[h]));
      assertThat(rowsA.get(first[h]).getInteger("status_rank")).as(context).isEqualTo(expectedRanks.get(h));
    }
  }

  /** One possible event of an email; its dedup key is fixed by its content, as SES's would be. */
  private record Template(String type, String recipient, Instant at, String bounceType, String subType,
      String userAgent, int rank) {
    String keyBase() {
      return type + "|" + recipient + "|" + at + "|" + bounceType + "|" + subType + "|" + userAgent;
    }
  }

  private static List<Template> randomHistory(Random random) {
    List<Template> history = new ArrayList<>();
    int count = 1 + random.nextInt(7);
    for (int i = 0; i < count; i++) {
      // few distinct seconds so that equal ranks with equal times happen and the key decides
      Instant at = CREATED.plusSeconds(60 + random.nextInt(4));
      boolean main = random.nextInt(3) > 0;
      String recipient = main ? MAIN : "cc@example.com";
      switch (random.nextInt(8)) {
        case 0 -> history.add(new Template("send", null, at, null, null, null, 2));
        case 1 -> history.add(new Template("delivery", recipient, at, null, null, null, main ? 4 : 1));
        case 2 -> {
          boolean hard = random.nextBoolean();
          String subType = hard ? (random.nextBoolean() ? "General" : "Suppressed") : "MailboxFull";
          history.add(new Template("bounce", recipient, at, hard ? "Permanent" : "Transient", subType, null,
              main ? (hard ? 6 : 3) : 1));
        }
        case 3 -> history.add(new Template("complaint", recipient, at, null,
            random.nextBoolean() ? "abuse" : null, null, main ? 7 : 1));
        case 4 -> history.add(new Template("open", null,
            random.nextBoolean() ? at : CREATED.plusSeconds(random.nextInt(5)), null, null,
            random.nextBoolean() ? "Mozilla/5.0 (Windows NT 10.0)" : "GoogleImageProxy", 5));
        case 5 -> history.add(new Template("click", null, at, null, null, "Mozilla/5.0 (X11)", 1));
        case 6 -> history.add(new Template("reject", null, at, null, null, null, 1));
        default -> history.add(new Template("delivery_delay", recipient, at, null, null, null, 1));
      }
    }
    return history;
  }

  private static List<NormalizedEvent> instances(List<Template> history, int historyIndex, long emailId,
      String keyPrefix, Random random) {
    List<NormalizedEvent> events = new ArrayList<>();
    for (Template template : history) {
      int copies = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
      for (int c = 0; c < copies; c++) {
        events.add(normalized(template, historyIndex, emailId, keyPrefix));
      }
    }
    return events;
  }

  private static NormalizedEvent normalized(Template template, int historyIndex, long emailId, String keyPrefix) {
    boolean machineAgent = "GoogleImageProxy".equals(template.userAgent());
    JsonObject details = switch (template.type()) {
      case "open" -> new JsonObject().put("user_agent", template.userAgent()).put("ip_address", "192.0.2.1")
          .put("machine", machineAgent).put("machine_reason", machineAgent ? "user_agent" : null);
      case "bounce" -> new JsonObject().put("bounce_type", template.bounceType()).put("bounce_sub_type", template.subType());
      default -> new JsonObject();
    };
    return new NormalizedEvent(keyPrefix + sha256(historyIndex + "|" + template.keyBase()), template.type(), "ses",
        template.at(), emailId, null, template.recipient(), template.bounceType(),
        "bounce".equals(template.type()) ? template.subType() : null,
        "complaint".equals(template.type()) ? template.subType() : null, false, machineAgent, details);
  }

  private static void applyInRandomBatches(StatusEvents statusEvents, List<NormalizedEvent> events, Random random) {
    List<Future<?>> inFlight = new ArrayList<>();
    int i = 0;
    while (i < events.size()) {
      int size = 1 + random.nextInt(300);
      List<NormalizedEvent> batch = events.subList(i, Math.min(events.size(), i + size));
      EventMessage message = EventMessage.withEvents("sqs", null, batch);
      inFlight.add(statusEvents.apply(List.of(message)));
      if (inFlight.size() == 4) {
        TestPostbox.await(Future.all(inFlight));
        inFlight.clear();
      }
      i += size;
    }
    TestPostbox.await(Future.all(inFlight));
  }

  private static long[] insertEmails(long userId, int count) {
    Long[] users = new Long[count];
    java.util.Arrays.fill(users, userId);
    List<Long> ids = new ArrayList<>();
    postbox.sql("""
        INSERT INTO emails (user_id, from_address, recipient, params, status, status_rank, status_event_at,
                            status_event_key, accepted_at, created_at, updated_at)
        SELECT u, 'no-reply@example.gov', $2, '{}'::jsonb, 'ACCEPTED', 1, $3, 'api:accepted', $3, $3, $3
        FROM unnest($1::bigint[]) AS u RETURNING id""", users, MAIN,
        java.time.OffsetDateTime.ofInstant(CREATED, java.time.ZoneOffset.UTC)).forEach(row -> ids.add(row.getLong(0)));
    Collections.sort(ids);
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private static Map<Long, JsonObject> emailStates(long[] ids) {
    Map<Long, JsonObject> states = new HashMap<>();
    for (Row row : postbox.sql("""
        SELECT id, status, status_rank, error_code, error_sub_type, accepted_at, sent_at, delivered_at, opened_at,
               bounced_at, complained_at, first_human_open_at, click_count
        FROM emails WHERE id = ANY($1::bigint[])""", (Object) toObjects(ids))) {
      JsonObject state = row.toJson();
      states.put((Long) state.remove("id"), state);
    }
    return states;
  }

  private static Map<Long, TreeSet<String>> timelines(long[] ids) {
    Map<Long, TreeSet<String>> timelines = new HashMap<>();
    for (long id : ids) {
      timelines.put(id, new TreeSet<>());
    }
    for (Row row : postbox.sql("""
        SELECT email_id, type, occurred_at, recipient, source, details, substr(dedup_key, 2) AS key
        FROM email_events WHERE email_id = ANY($1::bigint[])""", (Object) toObjects(ids))) {
      timelines.get(row.getLong("email_id")).add(String.join("|", row.getString("type"),
          row.getOffsetDateTime("occurred_at").toString(), String.valueOf(row.getString("recipient")),
          row.getString("source"), row.getJsonObject("details").encode(), row.getString("key")));
    }
    return timelines;
  }

  private static Long[] toObjects(long[] ids) {
    return java.util.Arrays.stream(ids).boxed().toArray(Long[]::new);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

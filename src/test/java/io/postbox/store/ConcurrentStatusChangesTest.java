package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.bus.EmailStoreClient;
import io.postbox.contract.Addresses;
import io.postbox.contract.EmailStore.Acceptance;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.EmailStore;
import io.postbox.contract.NormalizedEvent;
import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §24: a status change applied by concurrent batches gives exactly one {@code status-changed} publication and
 * one webhook event per committed rank increase. Two store verticles (as on two nodes) each run up to two batches at
 * once; every event of an email goes in its own request, some twice, all emails' requests shuffled and sent at once,
 * so that an email's Send, Delivery and Open land in overlapping batches; and the same with the acceptance of
 * step 16 racing the first events.
 */
class ConcurrentStatusChangesTest {
  private static final int ROUNDS = 10;
  private static final int EMAILS_PER_ROUND = 40;
  private static final String MAIN = "main@example.com";
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00.000Z");
  private static final Map<String, Integer> RANKS =
      Map.of("UNSENT", 0, "ACCEPTED", 1, "SENT", 2, "DELIVERED", 4, "OPENED", 5);
  private static final String SENTINEL = "sentinel";

  private static TestPostbox postbox;
  private static EmailStore store;
  private static final Map<String, List<JsonObject>> publications = new ConcurrentHashMap<>();
  private static final List<String> sentinels = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
    store = new EmailStoreClient(postbox.vertx);
    TestPostbox.await(postbox.vertx.deployVerticle(new StoreVerticle(),
        new DeploymentOptions().setConfig(postbox.config)));
    TestPostbox.await(postbox.vertx.eventBus().<JsonObject>consumer(Addresses.EMAIL_STATUS_CHANGED, message -> {
      if (message.body().containsKey(SENTINEL)) {
        sentinels.add(message.body().getString(SENTINEL));
      } else {
        publications.computeIfAbsent(message.body().getString("email_id"), id -> new CopyOnWriteArrayList<>())
            .add(message.body());
      }
    }).completion());
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  @Test
  void overlappingBatchesPublishAndWriteOneWebhookEventPerRankIncrease() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    long userId = userWithWebhook();
    List<Long> emails = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      long[] ids = insertEmails(userId, EMAILS_PER_ROUND, true);
      List<ApplyEvents> requests = new ArrayList<>();
      for (long id : ids) {
        emails.add(id);
        for (NormalizedEvent event : List.of(event(id, "send", null, 60), event(id, "delivery", MAIN, 61),
            event(id, "open", null, 62))) {
          int copies = random.nextInt(3) == 0 ? 2 : 1;
          for (int copy = 0; copy < copies; copy++) {
            requests.add(request(event));
          }
        }
      }
      Collections.shuffle(requests, random);
      TestPostbox.await(Future.all(requests.stream()
          .map(store::applyEvents).toList()));
    }
    awaitEarlierPublications();
    assertOneChangePerRankIncrease(userId, emails, "ACCEPTED", "OPENED", seed);
  }

  /** The acceptance of step 16 of SPEC §4.3 racing the email's first SES events, as it can in production. */
  @Test
  void anAcceptanceRacingTheFirstEventsPublishesAndWritesOneWebhookEventPerRankIncrease() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    long userId = userWithWebhook();
    List<Long> emails = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      long[] ids = insertEmails(userId, EMAILS_PER_ROUND, false);
      List<Future<?>> answers = new ArrayList<>();
      List<Runnable> requests = new ArrayList<>();
      for (long id : ids) {
        emails.add(id);
        Acceptance acceptance = new Acceptance(id, CREATED.plusSeconds(59), "ses-" + id, "postbox");
        requests.add(() -> answers.add(store.accepted(acceptance)));
        for (NormalizedEvent event : List.of(event(id, "send", null, 60), event(id, "delivery", MAIN, 61))) {
          requests.add(() -> answers.add(store.applyEvents(request(event))));
        }
      }
      Collections.shuffle(requests, random);
      requests.forEach(Runnable::run);
      TestPostbox.await(Future.all(answers));
    }
    awaitEarlierPublications();
    assertOneChangePerRankIncrease(userId, emails, "UNSENT", "DELIVERED", seed);
  }

  private static void assertOneChangePerRankIncrease(long userId, List<Long> emails, String first, String last,
      long seed) {
    Map<String, List<String>> webhookTypes = webhookEventTypes(userId);
    for (long id : emails) {
      String context = "seed " + seed + ", email " + id;
      List<JsonObject> changes = new ArrayList<>(publications.getOrDefault(Long.toString(id), List.of()));
      changes.sort(Comparator.comparing(change -> RANKS.get(change.getString("status"))));
      assertThat(changes).as(context).isNotEmpty();
      String previous = first;
      List<String> expectedTypes = new ArrayList<>();
      for (JsonObject change : changes) {
        assertThat(change.getString("previous_status")).as(context + ": " + changes).isEqualTo(previous);
        assertThat(RANKS.get(change.getString("status"))).as(context).isGreaterThan(RANKS.get(previous));
        previous = change.getString("status");
        expectedTypes.add("email." + previous.toLowerCase());
      }
      assertThat(previous).as(context).isEqualTo(last);
      List<String> types = new ArrayList<>(webhookTypes.getOrDefault(Long.toString(id), List.of()));
      Collections.sort(types);
      Collections.sort(expectedTypes);
      assertThat(types).as(context).isEqualTo(expectedTypes);
    }
    assertThat(postbox.sql("SELECT count(*) FROM emails WHERE id = ANY($1::bigint[]) AND status = $2",
        emails.toArray(Long[]::new), last).iterator().next().getLong(0)).isEqualTo((long) emails.size());
  }

  private static long userWithWebhook() {
    long userId = postbox.createUser("concurrent").id();
    postbox.sql("""
        INSERT INTO webhooks (id, user_id, url, event_types, secret)
        VALUES ('wh_concurrent_' || $1, $1, 'http://127.0.0.1:9/hook', $2, 'whsec_dGVzdA==')""",
        userId, new String[] {"email.accepted", "email.sent", "email.delivered", "email.opened"});
    return userId;
  }

  /**
   * Every batch publishes before it answers, so once all answers are in, a sentinel published now is handled after
   * every publication of the test.
   */
  private static void awaitEarlierPublications() {
    String sentinel = Long.toString(System.nanoTime());
    postbox.vertx.eventBus().publish(Addresses.EMAIL_STATUS_CHANGED, new JsonObject().put(SENTINEL, sentinel));
    Eventually.await(Duration.ofSeconds(10), "the sentinel published after the test's changes to arrive",
        () -> sentinels.contains(sentinel));
  }

  private static ApplyEvents request(NormalizedEvent event) {
    return new ApplyEvents(List.of(EventMessage.withEvents("sqs", event.toJson().encode(), List.of(event))));
  }

  private static NormalizedEvent event(long emailId, String type, String recipient, int secondsAfterCreation) {
    boolean open = type.equals("open");
    return new NormalizedEvent(type + "-" + emailId, type, "ses", CREATED.plusSeconds(secondsAfterCreation), emailId,
        null, recipient, null, null, null, false, false,
        open ? new JsonObject().put("user_agent", "Mozilla/5.0 (X11)").put("ip_address", "192.0.2.1")
            .put("machine", false).put("machine_reason", null) : new JsonObject());
  }

  private static Map<String, List<String>> webhookEventTypes(long userId) {
    Map<String, List<String>> types = new HashMap<>();
    for (Row row : postbox.sql("""
        SELECT payload::json -> 'data' ->> 'id' AS email_id, event_type FROM webhook_outbox WHERE user_id = $1""",
        userId)) {
      types.computeIfAbsent(row.getString("email_id"), id -> new ArrayList<>()).add(row.getString("event_type"));
    }
    return types;
  }

  private static long[] insertEmails(long userId, int count, boolean accepted) {
    Long[] users = new Long[count];
    java.util.Arrays.fill(users, userId);
    List<Long> ids = new ArrayList<>();
    OffsetDateTime created = OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC);
    String insert = accepted ? """
        INSERT INTO emails (user_id, from_address, recipient, params, status, status_rank, status_event_at,
                            status_event_key, accepted_at, created_at, updated_at)
        SELECT u, 'no-reply@example.gov', $2, '{}'::jsonb, 'ACCEPTED', 1, $3, 'api:accepted', $3, $3, $3
        FROM unnest($1::bigint[]) AS u RETURNING id""" : """
        INSERT INTO emails (user_id, from_address, recipient, params, created_at, updated_at)
        SELECT u, 'no-reply@example.gov', $2, '{}'::jsonb, $3, $3
        FROM unnest($1::bigint[]) AS u RETURNING id""";
    postbox.sql(insert, users, MAIN, created).forEach(row -> ids.add(row.getLong(0)));
    return ids.stream().mapToLong(Long::longValue).toArray();
  }
}

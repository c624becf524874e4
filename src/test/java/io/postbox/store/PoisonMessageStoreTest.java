package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.bus.EmailStoreClient;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.EmailStore;
import io.postbox.contract.NormalizedEvent;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §24, the store's safety net: messages that get past the parsers but that PostgreSQL or the merge refuses
 * are each stored as a reject, and every other message of the same batch is applied as if they were absent.
 */
class PoisonMessageStoreTest {
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
  void badMessagesAreRejectedAndTheRestOfTheirBatchIsApplied() {
    long userId = postbox.createUser("poison").id();
    List<Long> emails = insertEmails(userId, 40);
    String marker = UUID.randomUUID().toString();
    List<ApplyEvents> requests = new ArrayList<>();
    for (long id : emails) {
      requests.add(request("sqs", marker + " good " + id, delivery(id, MAIN)));
    }
    Map<String, NormalizedEvent> bad = new HashMap<>();
    bad.put("nul in a recipient", delivery(emails.get(3), "main\u0000@example.com"));
    bad.put("nul in a dedup key", event("key\u0000" + marker, "delivery", emails.get(4), null, MAIN, null, false));
    bad.put("address too long for the blacklist index",
        event(UUID.randomUUID().toString(), "bounce", emails.get(5), null, randomAddress(4000), "Permanent", true));
    bad.put("nul in an SES message id",
        event(UUID.randomUUID().toString(), "delivery", emails.get(6), "ses\u0000" + marker, MAIN, null, false));
    bad.forEach((what, event) -> requests.add(request("callback", marker + " bad " + what, event)));
    String nulBody = marker + " reject with a NUL \u0000 in its body";
    requests.add(new ApplyEvents(List.of(EventMessage.reject("sqs", nulBody, "unparseable"))));
    Collections.shuffle(requests, new Random());

    EmailStore store = new EmailStoreClient(postbox.vertx);
    List<Future<Void>> answers = requests.stream().map(store::applyEvents).toList();
    TestPostbox.await(Future.join(answers));
    assertThat(answers).as("every message is committed, as effects or as a reject").allMatch(Future::succeeded);

    Map<String, Long> statuses = new HashMap<>();
    for (Row row : postbox.sql("SELECT status, count(*) FROM emails WHERE id = ANY($1::bigint[]) GROUP BY status",
        (Object) emails.toArray(Long[]::new))) {
      statuses.put(row.getString(0), row.getLong(1));
    }
    assertThat(statuses).isEqualTo(Map.of("DELIVERED", 40L));
    assertThat(postbox.sql("SELECT count(*) FROM email_events WHERE email_id = ANY($1::bigint[]) AND type = 'delivery'",
        (Object) emails.toArray(Long[]::new)).iterator().next().getLong(0)).isEqualTo(40);

    Map<String, String> rejects = new HashMap<>();
    for (Row row : postbox.sql(
        "SELECT reason, raw_body, source FROM ingest_rejects WHERE raw_body LIKE $1 OR raw_body = $2",
        marker + "%", RawBodies.storable(nulBody))) {
      rejects.put(row.getString("raw_body"), row.getString("reason") + "/" + row.getString("source"));
    }
    Map<String, String> expected = new HashMap<>();
    bad.keySet().forEach(what -> expected.put(marker + " bad " + what, "unstorable/callback"));
    String storedNulBody = "base64:" + Base64.getEncoder().encodeToString(nulBody.getBytes(StandardCharsets.UTF_8));
    expected.put(storedNulBody, "unparseable/sqs");
    assertThat(rejects).isEqualTo(expected);
  }

  private static String randomAddress(int length) {
    Random random = new Random();
    StringBuilder local = new StringBuilder();
    while (local.length() < length) {
      local.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }
    return local + "@example.com";
  }

  private static ApplyEvents request(String source, String rawBody, NormalizedEvent event) {
    return new ApplyEvents(List.of(EventMessage.withEvents(source, rawBody, List.of(event))));
  }

  private static NormalizedEvent delivery(long emailId, String recipient) {
    return event(UUID.randomUUID().toString(), "delivery", emailId, null, recipient, null, false);
  }

  private static NormalizedEvent event(String dedupKey, String type, long emailId, String sesMessageId,
      String recipient, String bounceType, boolean blacklist) {
    return new NormalizedEvent(dedupKey, type, "ses", CREATED.plusSeconds(60), emailId, sesMessageId, recipient,
        bounceType, null, null, blacklist, false, new JsonObject());
  }

  private static List<Long> insertEmails(long userId, int count) {
    Long[] users = new Long[count];
    java.util.Arrays.fill(users, userId);
    List<Long> ids = new ArrayList<>();
    postbox.sql("""
        INSERT INTO emails (user_id, from_address, recipient, params, status, status_rank, status_event_at,
                            status_event_key, accepted_at, created_at, updated_at)
        SELECT u, 'no-reply@example.gov', $2, '{}'::jsonb, 'ACCEPTED', 1, $3, 'api:accepted', $3, $3, $3
        FROM unnest($1::bigint[]) AS u RETURNING id""", users, MAIN, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC))
        .forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }
}

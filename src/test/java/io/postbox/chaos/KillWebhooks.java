package io.postbox.chaos;

import io.postbox.chaos.ChaosContext.ChaosUser;
import io.postbox.support.WebhookReceiver;
import io.postbox.support.WebhookReceiver.Received;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The webhook receiver answers 503 while emails are delivered, the node is killed with SIGKILL mid-retry, then the
 * receiver recovers and a new node starts on the same database. Requires one correctly signed
 * {@code email.delivered} for every delivered email (the outbox is in PostgreSQL, README "Webhooks").
 */
final class KillWebhooks implements Scenario {
  private static final String PATH = "/hooks";
  private static final int EMAILS = 30;
  private static final long DELIVERY_DEADLINE_MILLIS = 90_000;

  @Override
  public String name() {
    return "kill-9-webhooks";
  }

  @Override
  public Verdict run(ChaosContext context) throws Exception {
    Verdict verdict = new Verdict(name());
    WebhookReceiver receiver = new WebhookReceiver(context.vertx());
    receiver.respond(PATH, 503);
    // retries after about 0.03 s, 1.5 s, 9 s, 36 s, and a short lease, so that the run stays within a minute or two
    try (receiver; ChaosNode node = new ChaosNode(context, name(), context.databaseUrl(),
        List.of("-Xmx512m", "-XX:+UseParallelGC"), Map.of(
            "POSTBOX_WEBHOOKS_ALLOW_PRIVATE", "true",
            "POSTBOX_WEBHOOKS_RETRY_SCALE", "0.005",
            "POSTBOX_WEBHOOKS_TIMEOUT_MS", "2000"))) {
      if (!verdict.require(node.start(Duration.ofSeconds(90)), "node " + node.notReady())) {
        return verdict;
      }
      ChaosUser user = context.createUser("killhooks");
      HttpResponse<Buffer> created = context.http().post(node.httpPort(), "127.0.0.1", "/v1/webhooks")
          .putHeader("Authorization", user.authorization()).timeout(10_000)
          .sendJsonObject(new JsonObject().put("url", receiver.url(PATH))
              .put("event_types", new JsonArray().add("email.delivered")))
          .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      if (!verdict.require(created.statusCode() == 201, "webhook registered (got " + created.statusCode() + ")")) {
        return verdict;
      }
      String secret = created.bodyAsJsonObject().getString("secret");
      List<Long> ids = SendLoad.sendEmails(context, node, user, "hook", EMAILS);
      EmailStatuses delivered = EmailStatuses.await(context, ids, 30_000, "DELIVERED", "delivered_at");
      verdict.require(ids.size() == EMAILS && delivered.complete() == EMAILS,
          EMAILS + " emails sent and DELIVERED before the kill (" + delivered.summary() + ")");
      receiver.await(PATH, EMAILS, 15_000);
      int refusedBeforeKill = receiver.received(PATH).size();
      node.kill9();
      receiver.respond(PATH, 200);
      long receiverBackAt = System.currentTimeMillis();
      if (!verdict.require(node.start(Duration.ofSeconds(90)), "restarted node " + node.notReady())) {
        return verdict;
      }

      Set<String> expected = new HashSet<>();
      ids.forEach(id -> expected.add(id.toString()));
      long deadline = System.currentTimeMillis() + DELIVERY_DEADLINE_MILLIS;
      Set<String> arrived = new HashSet<>();
      List<Received> accepted = List.of();
      while (System.currentTimeMillis() < deadline) {
        accepted = receiver.received(PATH).stream()
            .filter(request -> request.receivedAtMillis() >= receiverBackAt).toList();
        arrived.clear();
        accepted.forEach(request -> arrived.add(request.json().getJsonObject("data").getString("id")));
        if (arrived.containsAll(expected)) {
          break;
        }
        Thread.sleep(250);
      }
      long badlySigned = accepted.stream().filter(request -> !WebhookReceiver.verify(secret, request)).count();
      long wrongType = accepted.stream().filter(request -> !"email.delivered".equals(request.json().getString("type")))
          .count();
      long lastArrival = accepted.stream().mapToLong(Received::receivedAtMillis).max().orElse(receiverBackAt);
      arrived.retainAll(expected);
      verdict.fact(refusedBeforeKill + " attempts refused with 503 before the kill");
      verdict.fact(arrived.size() + "/" + EMAILS + " emails' events delivered after the restart, "
          + accepted.size() + " requests, last " + (lastArrival - receiverBackAt) + " ms after the receiver came back");
      verdict.require(arrived.size() == EMAILS, "an email.delivered for every email within "
          + DELIVERY_DEADLINE_MILLIS / 1000 + " s");
      verdict.require(badlySigned == 0 && wrongType == 0, "every request a signed email.delivered ("
          + badlySigned + " bad signatures, " + wrongType + " other types)");
    }
    return verdict;
  }
}

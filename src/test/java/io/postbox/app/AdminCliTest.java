package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §21.5: the admin CLI against the real database, and its effect on a running server. */
class AdminCliTest {
  private static TestPostbox postbox;
  private static Map<String, String> env;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
    env = Map.of("POSTBOX_PG_URL", TestPostbox.databaseUrl(), "POSTBOX_API_KEY_SECRET", TestPostbox.API_KEY_SECRET,
        "POSTBOX_CONFIG", "conf/config.json");
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  record Result(int exitCode, String out, String err) {
  }

  private static Result admin(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AdminCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString().trim(), err.toString().trim());
  }

  private static HttpResponse<Buffer> send(String key, JsonObject body) {
    return TestPostbox.await(postbox.http.post("/v1/transactional/email/send")
        .putHeader("Authorization", "Bearer " + key).sendJsonObject(body));
  }

  @Test
  void anOperatorCreatesAUserAndAKeyThatWorksUntilRevoked() {
    String email = TestPostbox.uniqueEmail("Jane.Doe");
    Result created = admin("user", "create", "--email", email.toUpperCase(), "--rate-limit", "50");
    assertThat(created.exitCode()).as(created.err()).isZero();
    long userId = Long.parseLong(created.out());
    assertThat(postbox.sql("SELECT email, rate_limit FROM users WHERE id = $1", userId).iterator().next().toJson())
        .isEqualTo(new JsonObject().put("email", email.toLowerCase()).put("rate_limit", 50));

    Result key = admin("apikey", "create", "--user", email, "--label", "ci");
    assertThat(key.exitCode()).as(key.err()).isZero();
    assertThat(key.out()).matches("janedoe[a-z0-9]*_v1_[A-Za-z0-9+/]{44}");

    Result listed = admin("apikey", "list", "--user", Long.toString(userId));
    assertThat(listed.out()).contains("ci").contains(key.out().substring(key.out().length() - 5));
    assertThat(listed.out().lines().skip(1).findFirst().orElseThrow()).contains(" full ").contains(" live ");

    JsonObject body = new JsonObject().put("recipient", "r@example.com").put("subject", "s").put("body", "b")
        .put("from", email);
    HttpResponse<Buffer> unverified = send(key.out(), body);
    assertThat(unverified.bodyAsJsonObject().getString("message"))
        .isEqualTo("From address has not been verified; ask an operator to verify it");
    assertThat(admin("from", "verify", "--user", email).exitCode()).isZero();
    assertThat(send(key.out(), body).statusCode()).isEqualTo(201);

    long keyId = postbox.sql("SELECT id FROM api_keys WHERE user_id = $1", userId).iterator().next().getLong(0);
    assertThat(admin("apikey", "revoke", "--id", Long.toString(keyId)).exitCode()).isZero();
    assertThat(eventually(() -> send(key.out(), body), response -> response.statusCode() == 401).statusCode())
        .isEqualTo(401);
  }

  /** The server hears of a CLI change through PostgreSQL NOTIFY, a few milliseconds after the command ends. */
  private static HttpResponse<Buffer> eventually(java.util.function.Supplier<HttpResponse<Buffer>> request,
      java.util.function.Predicate<HttpResponse<Buffer>> done) {
    long deadline = System.currentTimeMillis() + 2_000;
    HttpResponse<Buffer> response = request.get();
    while (!done.test(response) && System.currentTimeMillis() < deadline) {
      response = request.get();
    }
    return response;
  }

  @Test
  void theRateLimitChangeTakesEffectOnTheNextRequest() {
    String email = TestPostbox.uniqueEmail("rate");
    admin("user", "create", "--email", email);
    String key = admin("apikey", "create", "--user", email, "--label", "x").out();
    HttpResponse<Buffer> before = send(key, new JsonObject());
    assertThat(before.getHeader("RateLimit-Limit")).isEqualTo("10");
    assertThat(admin("user", "set-rate-limit", "--user", email, "--limit", "77").exitCode()).isZero();
    HttpResponse<Buffer> after = eventually(() -> send(key, new JsonObject()),
        response -> "77".equals(response.getHeader("RateLimit-Limit")));
    assertThat(after.getHeader("RateLimit-Limit")).isEqualTo("77");
  }

  private static JsonObject retentionOf(long userId) {
    return postbox.sql("SELECT retention_content_days, retention_delete_days FROM users WHERE id = $1", userId)
        .iterator().next().toJson();
  }

  private static JsonObject retention(Integer contentDays, Integer deleteDays) {
    return new JsonObject().put("retention_content_days", contentDays).put("retention_delete_days", deleteDays);
  }

  @Test
  void anOperatorSetsAUsersOwnRetentionAndCanGiveItBack() {
    String email = TestPostbox.uniqueEmail("retention");
    long userId = Long.parseLong(admin("user", "create", "--email", email).out());
    assertThat(retentionOf(userId)).isEqualTo(retention(null, null));

    Result content = admin("user", "set-retention", "--user", email, "--content-days", "30");
    assertThat(content.exitCode()).as(content.err()).isZero();
    assertThat(content.out()).isEqualTo("retention of " + email + ": content kept 30 days, emails as retention.* says");
    assertThat(retentionOf(userId)).isEqualTo(retention(30, null));
    assertThat(admin("user", "set-retention", "--user", Long.toString(userId), "--delete-days", "365").exitCode())
        .isZero();
    assertThat(retentionOf(userId)).isEqualTo(retention(30, 365));
    assertThat(admin("user", "set-retention", "--user", email, "--content-days", "0").out())
        .endsWith("content kept for ever, emails kept 365 days");
    assertThat(retentionOf(userId)).isEqualTo(retention(0, 365));
    assertThat(admin("user", "set-retention", "--user", email, "--content-days", "default", "--delete-days", "3650")
        .exitCode()).isZero();
    assertThat(retentionOf(userId)).isEqualTo(retention(null, 3650));
  }

  @Test
  void retentionMistakesChangeNothing() {
    String email = TestPostbox.uniqueEmail("retention-bad");
    long userId = Long.parseLong(admin("user", "create", "--email", email).out());
    admin("user", "set-retention", "--user", email, "--content-days", "30", "--delete-days", "60");
    for (String days : new String[] {"-1", "3651", "x", ""}) {
      Result bad = admin("user", "set-retention", "--user", email, "--content-days", days);
      assertThat(bad.exitCode()).as(days).isEqualTo(1);
      assertThat(bad.err()).isEqualTo("error: --content-days must be a number of days from 0 to 3650, or default");
    }
    Result shorter = admin("user", "set-retention", "--user", email, "--delete-days", "20");
    assertThat(shorter.exitCode()).isEqualTo(1);
    assertThat(shorter.err()).isEqualTo(
        "error: --delete-days must be 0 or at least the content days (30): deleted emails are never redacted");
    Result nothing = admin("user", "set-retention", "--user", email);
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.err()).isEqualTo("error: Give --content-days, --delete-days or both");
    assertThat(admin("user", "set-retention", "--user", "nobody@example.com", "--content-days", "5").err())
        .contains("No user");
    assertThat(retentionOf(userId)).isEqualTo(retention(30, 60));
  }

  @Test
  void keysCarryTheScopeAndModeTheOperatorChose() {
    String email = TestPostbox.uniqueEmail("scoped");
    long userId = Long.parseLong(admin("user", "create", "--email", email).out());
    Result created = admin("apikey", "create", "--user", email, "--label", "reader", "--scope", "read",
        "--mode", "test");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(postbox.sql("SELECT scope, mode FROM api_keys WHERE user_id = $1", userId).iterator().next().toJson())
        .isEqualTo(new JsonObject().put("scope", "read").put("mode", "test"));
    String row = admin("apikey", "list", "--user", email).out().lines().skip(1).findFirst().orElseThrow();
    assertThat(row).contains("reader").contains(" read ").contains(" test ");

    Result badScope = admin("apikey", "create", "--user", email, "--label", "x", "--scope", "admin");
    assertThat(badScope.exitCode()).isEqualTo(1);
    assertThat(badScope.err()).contains("--scope must be one of full, send, read");
    Result badMode = admin("apikey", "create", "--user", email, "--label", "x", "--mode", "Live");
    assertThat(badMode.exitCode()).isEqualTo(1);
    assertThat(badMode.err()).contains("--mode must be one of live, test");
    assertThat(postbox.sql("SELECT count(*) FROM api_keys WHERE user_id = $1", userId).iterator().next().getLong(0))
        .isEqualTo(1L);
  }

  @Test
  void blacklistCommandsManageTheList() {
    String address = TestPostbox.uniqueEmail("Bad");
    assertThat(admin("blacklist", "add", address).exitCode()).isZero();
    assertThat(admin("blacklist", "list", "--limit", "1000").out()).contains(address.toLowerCase());
    assertThat(admin("blacklist", "remove", address).exitCode()).isZero();
    assertThat(admin("blacklist", "list", "--limit", "1000").out()).doesNotContain(address.toLowerCase());
  }

  @Test
  void mistakesExitWithOneAndAMessage() {
    String email = TestPostbox.uniqueEmail("dup");
    admin("user", "create", "--email", email);
    Result duplicate = admin("user", "create", "--email", email);
    assertThat(duplicate.exitCode()).isEqualTo(1);
    assertThat(duplicate.err()).contains("already exists");
    assertThat(admin("user", "set-rate-limit", "--user", email, "--limit", "0").exitCode()).isEqualTo(1);
    assertThat(admin("apikey", "create", "--user", "nobody@example.com", "--label", "x").err()).contains("No user");
    assertThat(admin("blacklist", "remove", "never-listed@example.com").exitCode()).isEqualTo(1);
    assertThat(admin("apikey", "revoke", "--id", "999999999").exitCode()).isEqualTo(1);
    Result unknown = admin("frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("frobnicate");
  }
}

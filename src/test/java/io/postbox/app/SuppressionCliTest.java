package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §27 and §21.5: operators list and lift a user's suppressions; the next send sees the change. */
class SuppressionCliTest {
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

  private record Result(int exitCode, String out, String err) {
  }

  private static Result admin(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AdminCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString().trim(), err.toString().trim());
  }

  @Test
  void anOperatorListsAndLiftsAUsersSuppression() {
    TestUser user = postbox.createUser("cli");
    String address = TestPostbox.uniqueEmail("lifted");
    int added = TestPostbox.await(postbox.post("/v1/suppressions", user)
        .sendJsonObject(new JsonObject().put("address", address))).statusCode();
    assertThat(added).isEqualTo(201);
    JsonObject body = new JsonObject().put("recipient", address).put("subject", "s").put("body", "b");
    assertThat(postbox.send(user, body).statusCode()).isEqualTo(400);

    Result listed = admin("suppression", "list", "--user", user.email());
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).startsWith(address + " manual api - ");
    Result removed = admin("suppression", "remove", "--user", Long.toString(user.id()), address.toUpperCase());
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(admin("suppression", "list", "--user", user.email()).out()).isEmpty();
    assertThat(postbox.send(user, body).statusCode()).isEqualTo(201);

    Result again = admin("suppression", "remove", "--user", user.email(), address);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("error: " + address + " is not on that user's suppression list");
  }
}

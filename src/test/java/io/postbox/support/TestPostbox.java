package io.postbox.support;

import io.postbox.app.Postbox;
import io.postbox.app.Settings;
import io.postbox.contract.ApiKeys;
import io.postbox.store.AdminStore;
import io.postbox.store.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A whole postbox (all roles, sandbox mode) on free ports against the test database that scripts/test made,
 * with a web client and direct database access for arranging users, keys and checking rows.
 */
public final class TestPostbox implements AutoCloseable {
  public static final String API_KEY_SECRET = "test-secret-test-secret-test-secret-0123456789";

  public final Vertx vertx;
  public final JsonObject config;
  public final WebClient http;
  public final Pool pool;
  public final AdminStore admin;
  private final ApiKeys apiKeys = new ApiKeys(API_KEY_SECRET);

  private TestPostbox(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
    this.http = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1")
        .setDefaultPort(config.getJsonObject("http").getInteger("port")));
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(StoreSettings.from(config).adminConnectOptions()).using(vertx).build();
    this.admin = new AdminStore(pool);
  }

  public static String databaseUrl() {
    String url = System.getenv("POSTBOX_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("POSTBOX_TEST_PG_URL is not set: run the tests with scripts/test, "
          + "which starts PostgreSQL and makes a throwaway database");
    }
    return url;
  }

  /** The test database's URL with its host and port replaced by a loopback {@link TcpProxy} in front of it. */
  public static String databaseUrlThrough(TcpProxy proxy) {
    URI direct = URI.create(databaseUrl());
    return direct.getScheme() + "://" + direct.getRawUserInfo() + "@127.0.0.1:" + proxy.port() + direct.getRawPath();
  }

  /** Starts a proxy to the test database's server. */
  public static TcpProxy databaseProxy() {
    URI direct = URI.create(databaseUrl());
    return TcpProxy.start(direct.getHost(), direct.getPort() < 0 ? 5432 : direct.getPort());
  }

  /** The configuration a test node runs with; {@code overrides} are environment-style settings. */
  public static JsonObject config(Map<String, String> overrides) {
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "POSTBOX_HTTP_PORT", Integer.toString(freePort()),
        "POSTBOX_TRACKING_PORT", Integer.toString(freePort()),
        "POSTBOX_MANAGEMENT_PORT", Integer.toString(freePort()),
        "POSTBOX_PG_URL", databaseUrl(),
        "POSTBOX_API_KEY_SECRET", API_KEY_SECRET,
        "POSTBOX_SANDBOX_TIME_SCALE", "0"));
    env.putAll(overrides);
    return Settings.resolve(new JsonObject(), env);
  }

  public static TestPostbox start() {
    return start(Map.of());
  }

  public static TestPostbox start(Map<String, String> overrides) {
    Vertx vertx = Vertx.vertx();
    JsonObject config = config(overrides);
    await(Postbox.deploy(vertx, config));
    return new TestPostbox(vertx, config);
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A unique login email for one test. */
  public static String uniqueEmail(String localPart) {
    return localPart + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  public TestUser createUser(String localPart) {
    return createUser(localPart, 10);
  }

  public TestUser createUser(String localPart, int rateLimit) {
    String email = uniqueEmail(localPart);
    long id = await(admin.createUser(email, rateLimit));
    return new TestUser(id, email, createKey(id, email, OffsetDateTime.now(ZoneOffset.UTC).plusMonths(6)));
  }

  public String createKey(long userId, String email, OffsetDateTime validUntil) {
    String key = ApiKeys.generate(email);
    await(admin.createApiKey(userId, apiKeys.hash(key), key.substring(key.length() - 5), "test", validUntil));
    return key;
  }

  /** Another key of this user with a scope ({@code full|send|read}) and mode ({@code live|test}) of SPEC §28. */
  public TestUser withKey(TestUser user, String scope, String mode) {
    String key = ApiKeys.generate(user.email());
    await(admin.createApiKey(user.id(), apiKeys.hash(key), key.substring(key.length() - 5), scope + "-" + mode,
        OffsetDateTime.now(ZoneOffset.UTC).plusMonths(6), scope, mode));
    return new TestUser(user.id(), user.email(), key);
  }

  public RowSet<Row> sql(String sql, Object... args) {
    return await(pool.preparedQuery(sql).execute(Tuple.wrap(args)));
  }

  public HttpResponse<Buffer> send(TestUser user, JsonObject body) {
    return await(post("/v1/transactional/email/send", user).sendJsonObject(body));
  }

  public HttpResponse<Buffer> get(TestUser user, String path) {
    return await(http.get(path).putHeader("Authorization", "Bearer " + user.apiKey()).send());
  }

  public HttpRequest<Buffer> post(String path, TestUser user) {
    return http.post(path).putHeader("Authorization", "Bearer " + user.apiKey());
  }

  @Override
  public void close() {
    await(vertx.close());
  }

  public record TestUser(long id, String email, String apiKey) {
  }
}

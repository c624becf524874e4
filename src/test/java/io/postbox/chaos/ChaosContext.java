package io.postbox.chaos;

import io.postbox.contract.ApiKeys;
import io.postbox.store.AdminStore;
import io.postbox.support.TestPostbox;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * What every scenario shares: the throwaway database (reached directly, never through a scenario's proxy), the
 * jar, a directory for node logs, an HTTP client, and the API-key secret the child nodes run with.
 */
final class ChaosContext implements AutoCloseable {
  private final Path root;
  private final Path jar;
  private final Path workDir;
  private final URI databaseUrl;
  private final String apiKeySecret = randomSecret();
  private final Vertx vertx = Vertx.vertx();
  private final WebClient http;
  private final Pool pool;
  private final AdminStore admin;

  ChaosContext(Path root, Path workDir, String databaseUrl) {
    this.root = root;
    this.jar = root.resolve("target/postbox.jar");
    this.workDir = workDir;
    this.databaseUrl = URI.create(databaseUrl);
    this.http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setConnectTimeout(5000)
        .setIdleTimeout(30), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1000));
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(PgConnectOptions.fromUri(databaseUrl)).using(vertx).build();
    this.admin = new AdminStore(pool);
  }

  static String randomSecret() {
    byte[] bytes = new byte[36];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Applies the schema migrations, so that users can be created before the first node starts. */
  void migrate() {
    TestPostbox.await(admin.migrate(vertx));
  }

  Path root() {
    return root;
  }

  Path jar() {
    return jar;
  }

  Path workDir() {
    return workDir;
  }

  String apiKeySecret() {
    return apiKeySecret;
  }

  Vertx vertx() {
    return vertx;
  }

  WebClient http() {
    return http;
  }

  String databaseUrl() {
    return databaseUrl.toString();
  }

  String databaseHost() {
    return databaseUrl.getHost();
  }

  int databasePort() {
    return databaseUrl.getPort() < 0 ? 5432 : databaseUrl.getPort();
  }

  /** The same database reached through {@code 127.0.0.1:port} (a proxy in front of it). */
  String databaseUrlThrough(int port) {
    return databaseUrl.getScheme() + "://" + databaseUrl.getRawUserInfo() + "@127.0.0.1:" + port
        + databaseUrl.getRawPath();
  }

  RowSet<Row> sql(String sql, Object... args) {
    return TestPostbox.await(pool.preparedQuery(sql).execute(Tuple.wrap(args)));
  }

  long count(String sql, Object... args) {
    return sql(sql, args).iterator().next().getLong(0);
  }

  /** A user with its own API key; the rate limit is high enough that the scenario's load is never refused. */
  ChaosUser createUser(String localPart) {
    String email = localPart + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    long id = TestPostbox.await(admin.createUser(email, 10_000));
    String key = ApiKeys.generate(email);
    TestPostbox.await(admin.createApiKey(id, new ApiKeys(apiKeySecret).hash(key), key.substring(key.length() - 5),
        "chaos", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)));
    return new ChaosUser(id, email, key);
  }

  /** Lets {@code user} send from its own login address, so that its sends may carry attachments. */
  void verifyOwnAddress(ChaosUser user) {
    TestPostbox.await(admin.verifyFrom(user.id(), user.email()));
  }

  record ChaosUser(long id, String email, String apiKey) {
    String authorization() {
      return "Bearer " + apiKey;
    }
  }

  @Override
  public void close() {
    TestPostbox.await(vertx.close());
  }
}

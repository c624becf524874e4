package io.postbox.app;

import io.postbox.contract.ApiKeys;
import io.postbox.contract.KeyScope;
import io.postbox.contract.EmailAddresses;
import io.postbox.store.AdminStore;
import io.postbox.store.RetentionSettings;
import io.postbox.store.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The admin CLI of SPEC §21.5, parsed with picocli; exit 0 on success, 1 with a message on stderr otherwise. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operate postbox: users, API keys, from addresses, blacklist.",
    subcommands = {AdminCli.UserCommands.class, AdminCli.ApiKeyCommands.class, AdminCli.FromCommands.class,
        AdminCli.BlacklistCommands.class, AdminCli.SuppressionCommands.class})
public final class AdminCli {
  private final Map<String, String> env;
  private final PrintWriter out;
  private Vertx vertx;
  private AdminStore store;
  private JsonObject config;

  AdminCli(Map<String, String> env, PrintWriter out) {
    this.env = env;
    this.out = out;
  }

  public static int run(String[] args, Map<String, String> env) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    return run(args, env, out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    AdminCli cli = new AdminCli(env, out);
    CommandLine commandLine = new CommandLine(cli)
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler((failure, command, parsed) -> {
          err.println("error: " + describe(failure));
          return 1;
        });
    commandLine.setParameterExceptionHandler((failure, arguments) -> {
      err.println("error: " + failure.getMessage());
      failure.getCommandLine().usage(err);
      return 1;
    });
    try {
      int code = commandLine.execute(args);
      return code == 0 ? 0 : 1;
    } finally {
      cli.close();
    }
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && !(cause instanceof AdminStore.AdminException)) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  private AdminStore store() {
    if (store == null) {
      config = Settings.load(env);
      vertx = Vertx.vertx();
      StoreSettings settings = StoreSettings.from(config);
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(1))
          .connectingTo(settings.adminConnectOptions())
          .using(vertx)
          .build();
      store = new AdminStore(pool);
      await(store.migrate(vertx));
    }
    return store;
  }

  private JsonObject config() {
    store();
    return config;
  }

  private void close() {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("The database did not answer in time", e);
    }
  }

  private long userId(String userRef) {
    return await(store().findUser(userRef)).getLong("id");
  }

  private static String address(String raw) {
    String address = raw.trim().toLowerCase(Locale.ROOT);
    if (!EmailAddresses.isValid(address)) {
      throw new AdminStore.AdminException("Not a valid email address: " + raw);
    }
    return address;
  }

  @Command(name = "user", description = "Create users and set their rate limits.",
      subcommands = {UserCommands.Create.class, UserCommands.SetRateLimit.class, UserCommands.SetRetention.class})
  static final class UserCommands {
    @ParentCommand
    AdminCli cli;

    @Command(name = "create", description = "Create a user; prints its id.")
    static final class Create implements Callable<Integer> {
      @ParentCommand
      UserCommands parent;
      @Option(names = "--email", required = true, description = "login email")
      String email;
      @Option(names = "--rate-limit", description = "sends per second (default users.defaultRateLimit)")
      Integer rateLimit;

      @Override
      public Integer call() {
        AdminCli cli = parent.cli;
        int limit = rateLimit != null ? rateLimit : cli.config().getJsonObject("users").getInteger("defaultRateLimit");
        checkRateLimit(limit);
        cli.out.println(await(cli.store().createUser(address(email), limit)));
        return 0;
      }
    }

    @Command(name = "set-rate-limit", description = "Set a user's sends per second (1-10000).")
    static final class SetRateLimit implements Callable<Integer> {
      @ParentCommand
      UserCommands parent;
      @Option(names = "--user", required = true, description = "user id or login email")
      String user;
      @Option(names = "--limit", required = true)
      int limit;

      @Override
      public Integer call() {
        checkRateLimit(limit);
        AdminCli cli = parent.cli;
        await(cli.store().setRateLimit(cli.userId(user), limit));
        cli.out.println("rate limit of " + user + " is now " + limit + "/s");
        return 0;
      }
    }

    @Command(name = "set-retention", description = "Set a user's own retention (SPEC §31): days after which its "
        + "emails' content is redacted or the emails are deleted; 0 keeps for ever, 'default' follows retention.*.")
    static final class SetRetention implements Callable<Integer> {
      @ParentCommand
      UserCommands parent;
      @Option(names = "--user", required = true, description = "user id or login email")
      String user;
      @Option(names = "--content-days", paramLabel = "N|default", description = "0-3650, or default")
      String contentDays;
      @Option(names = "--delete-days", paramLabel = "N|default", description = "0-3650, or default")
      String deleteDays;

      @Override
      public Integer call() {
        if (contentDays == null && deleteDays == null) {
          throw new AdminStore.AdminException("Give --content-days, --delete-days or both");
        }
        AdminCli cli = parent.cli;
        long userId = cli.userId(user);
        JsonObject current = await(cli.store().retention(userId));
        Integer content = contentDays == null ? current.getInteger("content_days") : days("--content-days", contentDays);
        Integer delete = deleteDays == null ? current.getInteger("delete_days") : days("--delete-days", deleteDays);
        if (content != null && delete != null && content > 0 && delete > 0 && delete < content) {
          throw new AdminStore.AdminException("--delete-days must be 0 or at least the content days (" + content
              + "): deleted emails are never redacted");
        }
        await(cli.store().setRetention(userId, content, delete));
        cli.out.println("retention of " + user + ": content " + describe(content) + ", emails " + describe(delete));
        return 0;
      }

      private static Integer days(String option, String value) {
        if (value.equals("default")) {
          return null;
        }
        try {
          int days = Integer.parseInt(value.trim());
          if (days >= 0 && days <= RetentionSettings.MAX_DAYS) {
            return days;
          }
        } catch (NumberFormatException e) {
          // answered below
        }
        throw new AdminStore.AdminException(option + " must be a number of days from 0 to " + RetentionSettings.MAX_DAYS
            + ", or default");
      }

      private static String describe(Integer days) {
        return days == null ? "as retention.* says" : days == 0 ? "kept for ever" : "kept " + days + " days";
      }
    }

    private static void checkRateLimit(int limit) {
      if (limit < 1 || limit > 10_000) {
        throw new AdminStore.AdminException("The rate limit must be between 1 and 10000");
      }
    }
  }

  @Command(name = "apikey", description = "Create, list and revoke API keys.",
      subcommands = {ApiKeyCommands.Create.class, ApiKeyCommands.ListKeys.class, ApiKeyCommands.Revoke.class})
  static final class ApiKeyCommands {
    @ParentCommand
    AdminCli cli;

    @Command(name = "create", description = "Create a key; prints the plaintext once.")
    static final class Create implements Callable<Integer> {
      @ParentCommand
      ApiKeyCommands parent;
      @Option(names = "--user", required = true, description = "user id or login email")
      String user;
      @Option(names = "--label", required = true)
      String label;
      @Option(names = "--valid-days", description = "days of validity (default: 6 calendar months)")
      Integer validDays;
      @Option(names = "--scope", defaultValue = "full", description = "full, send or read (default: ${DEFAULT-VALUE})")
      String scope;
      @Option(names = "--mode", defaultValue = "live", description = "live or test (default: ${DEFAULT-VALUE})")
      String mode;

      @Override
      public Integer call() {
        AdminCli cli = parent.cli;
        if (KeyScope.parse(scope) == null) {
          throw new AdminStore.AdminException("--scope must be one of full, send, read");
        }
        if (!"live".equals(mode) && !"test".equals(mode)) {
          throw new AdminStore.AdminException("--mode must be one of live, test");
        }
        JsonObject owner = await(cli.store().findUser(user));
        String key = ApiKeys.generate(owner.getString("email"));
        String hash = new ApiKeys(cli.config().getJsonObject("auth").getString("apiKeySecret")).hash(key);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        if (validDays != null && validDays < 1) {
          throw new AdminStore.AdminException("--valid-days must be at least 1");
        }
        OffsetDateTime validUntil = validDays == null ? now.plusMonths(6) : now.plusDays(validDays);
        await(cli.store().createApiKey(owner.getLong("id"), hash, key.substring(key.length() - 5), label, validUntil,
            scope, mode));
        cli.out.println(key);
        return 0;
      }
    }

    @Command(name = "list", description = "List a user's keys.")
    static final class ListKeys implements Callable<Integer> {
      @ParentCommand
      ApiKeyCommands parent;
      @Option(names = "--user", required = true, description = "user id or login email")
      String user;

      @Override
      public Integer call() {
        AdminCli cli = parent.cli;
        cli.out.printf("%-6s %-24s %-10s %-6s %-5s %-26s %s%n", "id", "label", "last_five", "scope", "mode",
            "valid_until", "revoked_at");
        for (Object entry : await(cli.store().listApiKeys(cli.userId(user)))) {
          JsonObject key = (JsonObject) entry;
          cli.out.printf("%-6d %-24s %-10s %-6s %-5s %-26s %s%n", key.getLong("id"), key.getString("label"),
              key.getString("last_five"), key.getString("scope"), key.getString("mode"), key.getString("valid_until"),
              key.getString("revoked_at") == null ? "-" : key.getString("revoked_at"));
        }
        return 0;
      }
    }

    @Command(name = "revoke", description = "Revoke a key; effective on the next request.")
    static final class Revoke implements Callable<Integer> {
      @ParentCommand
      ApiKeyCommands parent;
      @Option(names = "--id", required = true)
      long id;

      @Override
      public Integer call() {
        await(parent.cli.store().revokeApiKey(id));
        parent.cli.out.println("revoked API key " + id);
        return 0;
      }
    }
  }

  @Command(name = "from", description = "Verify or unverify a user's own from address.",
      subcommands = {FromCommands.Verify.class, FromCommands.Unverify.class})
  static final class FromCommands {
    @ParentCommand
    AdminCli cli;

    abstract static class FromChange implements Callable<Integer> {
      @ParentCommand
      FromCommands parent;
      @Option(names = "--user", required = true, description = "user id or login email")
      String user;
      @Option(names = "--address", description = "address (default: the user's login email)")
      String address;

      JsonObject owner() {
        return await(parent.cli.store().findUser(user));
      }

      String chosenAddress(JsonObject owner) {
        return address == null ? owner.getString("email") : address(address);
      }
    }

    @Command(name = "verify", description = "Mark a from address as verified.")
    static final class Verify extends FromChange {
      @Override
      public Integer call() {
        JsonObject owner = owner();
        String chosen = chosenAddress(owner);
        await(parent.cli.store().verifyFrom(owner.getLong("id"), chosen));
        parent.cli.out.println("verified " + chosen + " for user " + owner.getLong("id"));
        return 0;
      }
    }

    @Command(name = "unverify", description = "Remove a verified from address.")
    static final class Unverify extends FromChange {
      @Override
      public Integer call() {
        JsonObject owner = owner();
        String chosen = chosenAddress(owner);
        await(parent.cli.store().unverifyFrom(owner.getLong("id"), chosen));
        parent.cli.out.println("unverified " + chosen + " for user " + owner.getLong("id"));
        return 0;
      }
    }
  }

  @Command(name = "blacklist", description = "List, add and remove blacklisted recipients.",
      subcommands = {BlacklistCommands.ListEntries.class, BlacklistCommands.Add.class, BlacklistCommands.Remove.class})
  static final class BlacklistCommands {
    @ParentCommand
    AdminCli cli;

    @Command(name = "list", description = "Newest entries first.")
    static final class ListEntries implements Callable<Integer> {
      @ParentCommand
      BlacklistCommands parent;
      @Option(names = "--limit", defaultValue = "100")
      int limit;

      @Override
      public Integer call() {
        for (Object entry : await(parent.cli.store().listBlacklist(Math.max(1, limit)))) {
          JsonObject row = (JsonObject) entry;
          parent.cli.out.printf("%s %s %s%n", row.getString("address"), row.getString("reason"), row.getString("created_at"));
        }
        return 0;
      }
    }

    @Command(name = "add", description = "Blacklist an address.")
    static final class Add implements Callable<Integer> {
      @ParentCommand
      BlacklistCommands parent;
      @Parameters(index = "0", paramLabel = "ADDRESS")
      String address;

      @Override
      public Integer call() {
        String chosen = address(address);
        await(parent.cli.store().addToBlacklist(chosen));
        parent.cli.out.println("blacklisted " + chosen);
        return 0;
      }
    }

    @Command(name = "remove", description = "Remove an address from the blacklist.")
    static final class Remove implements Callable<Integer> {
      @ParentCommand
      BlacklistCommands parent;
      @Parameters(index = "0", paramLabel = "ADDRESS")
      String address;

      @Override
      public Integer call() {
        String chosen = address.trim().toLowerCase(Locale.ROOT);
        await(parent.cli.store().removeFromBlacklist(chosen));
        parent.cli.out.println("removed " + chosen + " from the blacklist");
        return 0;
      }
    }
  }

  @Command(name = "suppression", description = "List and remove entries of a user's own suppression list.",
      subcommands = {SuppressionCommands.ListEntries.class, SuppressionCommands.Remove.class})
  static final class SuppressionCommands {
    @ParentCommand
    AdminCli cli;

    @Command(name = "list", description = "Newest entries first.")
    static final class ListEntries implements Callable<Integer> {
      @ParentCommand
      SuppressionCommands parent;
      @Option(names = "--user", required = true, description = "user id or login email")
      String user;
      @Option(names = "--limit", defaultValue = "100")
      int limit;

      @Override
      public Integer call() {
        long userId = await(parent.cli.store().findUser(user)).getLong("id");
        for (Object entry : await(parent.cli.store().listSuppressions(userId, Math.max(1, limit)))) {
          JsonObject row = (JsonObject) entry;
          String emailId = row.getString("email_id");
          parent.cli.out.printf("%s %s %s %s %s%n", row.getString("address"), row.getString("reason"),
              row.getString("origin"), emailId == null ? "-" : emailId, row.getString("created_at"));
        }
        return 0;
      }
    }

    @Command(name = "remove", description = "Remove an address from a user's suppression list.")
    static final class Remove implements Callable<Integer> {
      @ParentCommand
      SuppressionCommands parent;
      @Option(names = "--user", required = true, description = "user id or login email")
      String user;
      @Parameters(index = "0", paramLabel = "ADDRESS")
      String address;

      @Override
      public Integer call() {
        long userId = await(parent.cli.store().findUser(user)).getLong("id");
        String chosen = address.trim().toLowerCase(Locale.ROOT);
        await(parent.cli.store().removeSuppression(userId, chosen));
        parent.cli.out.println("removed " + chosen + " from the suppression list of user " + userId);
        return 0;
      }
    }
  }
}

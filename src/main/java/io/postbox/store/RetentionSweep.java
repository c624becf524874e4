package io.postbox.store;

import io.postbox.bus.Meters;
import io.postbox.store.Retention.Policy;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what retention (SPEC §31) does next: a round takes the users with anything to expire, then works one
 * batch per step, deletion before redaction (content about to be deleted need not be redacted first), each user's
 * task until a batch comes back short. Between batches it pauses (at least as long as the batch took); after a round
 * it idles. While the database is
 * out of reach it waits longer and longer (up to {@link #MAX_BACKOFF_MS}; one log line per outage); a task that
 * fails otherwise is left for the next round, logged once until it succeeds, and the others go on.
 */
final class RetentionSweep {
  static final long MAX_BACKOFF_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);

  /** What one step did, how long to wait before the next, and whether that wait is a backoff after a failure. */
  record Step(int redacted, int deleted, long delayMs, boolean backingOff) {
  }

  private record Task(long userId, boolean delete, int days) {
  }

  private final Retention retention;
  private final RetentionSettings settings;
  private final Deque<Task> tasks = new ArrayDeque<>();
  private final Set<Task> failing = new HashSet<>();
  private long backoffMs;

  RetentionSweep(Retention retention, RetentionSettings settings) {
    this.retention = retention;
    this.settings = settings;
  }

  Future<Step> step() {
    long started = System.nanoTime();
    Future<Step> step = tasks.isEmpty() ? startRound() : batch();
    return step.map(done -> {
      if (backoffMs > 0) {
        backoffMs = 0;
        DatabaseOutage.answered(started);
      }
      return done;
    }).recover(failure -> Future.succeededFuture(unreachable(failure)));
  }

  private Future<Step> startRound() {
    return retention.policies(settings.contentDays(), settings.deleteDays()).compose(policies -> {
      for (Policy policy : policies) {
        if (policy.deleteDays() > 0) {
          tasks.add(new Task(policy.userId(), true, policy.deleteDays()));
        }
        boolean outlivesDeletion = policy.deleteDays() > 0 && policy.contentDays() >= policy.deleteDays();
        if (policy.contentDays() > 0 && !outlivesDeletion) {
          tasks.add(new Task(policy.userId(), false, policy.contentDays()));
        }
      }
      return tasks.isEmpty() ? Future.succeededFuture(new Step(0, 0, idleMs(), false)) : batch();
    });
  }

  private Future<Step> batch() {
    Task task = tasks.peek();
    int limit = settings.batchSize();
    long started = System.nanoTime();
    Future<Integer> rows = task.delete()
        ? retention.delete(task.userId(), task.days(), limit)
        : retention.redact(task.userId(), task.days(), limit);
    return rows.map(count -> {
      failing.remove(task);
      if (count < limit) {
        tasks.poll();
      }
      if (count > 0) {
        Meters.count("postbox_retention_rows_total", count, "action", task.delete() ? "deleted" : "redacted");
      }
      long delay = delay((System.nanoTime() - started) / 1_000_000, count > 0);
      return task.delete() ? new Step(0, count, delay, false) : new Step(count, 0, delay, false);
    }).recover(failure -> {
      if (DatabaseFaults.isTransient(failure)) {
        return Future.failedFuture(failure);
      }
      tasks.poll();
      if (failing.add(task)) {
        LOG.warn("Retention of user {} ({}) failed; retried next round: {}", task.userId(),
            task.delete() ? "deletion" : "redaction", failure.toString());
      }
      return Future.succeededFuture(new Step(0, 0, delay(0, true), false));
    });
  }

  /**
   * After a batch that took {@code batchMs}: the idle wait at the end of a round, else a pause at least as long as
   * the batch, so that retention keeps a database connection busy at most half the time, however loaded it is; a
   * batch that found nothing (a user with nothing due) costs an index probe, and the next follows without the pause.
   */
  private long delay(long batchMs, boolean changedRows) {
    if (tasks.isEmpty()) {
      return idleMs();
    }
    return changedRows ? Math.max(settings.pauseMs(), batchMs) : batchMs;
  }

  private long idleMs() {
    return settings.idleSeconds() * 1000;
  }

  /** The database is out of reach: the round starts again once it answers. */
  private Step unreachable(Throwable failure) {
    tasks.clear();
    if (DatabaseFaults.isTransient(failure)) {
      DatabaseOutage.failed(failure);
    } else if (backoffMs == 0) {
      LOG.warn("Retention could not read its policies; retrying with backoff: {}", failure.toString());
    }
    backoffMs = backoffMs == 0 ? Math.max(1000, settings.pauseMs()) : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    return new Step(0, 0, backoffMs, true);
  }
}

package io.postbox.contract;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Emails and their events, kept by the store: the rows of the send path (SPEC §4.3 steps 9–16), the reads of
 * §5, §15 and §18, and the events of ingestion and tracking (§9, §11, §14). Replies that are public bodies of the
 * SPEC (the email object of §4.4, a list or timeline page) hold them as the JSON they are answered with.
 */
public interface EmailStore {
  Endpoint<NewEmail, Created> CREATE = new Endpoint<>("postbox.internal.store.email.create.v1",
      NewEmail.class, Created.class);
  Endpoint<Acceptance, Accepted> ACCEPTED = new Endpoint<>("postbox.internal.store.email.accepted.v1",
      Acceptance.class, Accepted.class);
  Endpoint<SendFailed, Void> SEND_FAILED = new Endpoint<>("postbox.internal.store.email.send-failed.v1",
      SendFailed.class, Void.class);
  Endpoint<EmailQuery, EmailObject> GET = new Endpoint<>("postbox.internal.store.email.get.v1",
      EmailQuery.class, EmailObject.class);
  Endpoint<ListQuery, Page> LIST = new Endpoint<>("postbox.internal.store.email.list.v1",
      ListQuery.class, Page.class);
  Endpoint<EventsQuery, Page> EVENTS = new Endpoint<>("postbox.internal.store.email.events.v1",
      EventsQuery.class, Page.class);
  Endpoint<StatsQuery, Counts> STATS = new Endpoint<>("postbox.internal.store.email.stats.v1",
      StatsQuery.class, Counts.class);
  Endpoint<ApplyEvents, Void> APPLY_EVENTS = new Endpoint<>("postbox.internal.store.events.apply.v1",
      ApplyEvents.class, Void.class);
  Endpoint<NewEmails, CreatedEmails> CREATE_MANY = new Endpoint<>("postbox.internal.store.email.create-many.v1",
      NewEmails.class, CreatedEmails.class);
  Endpoint<AcceptanceBatch, AcceptedEmails> ACCEPTED_MANY = new Endpoint<>(
      "postbox.internal.store.email.accepted-many.v1", AcceptanceBatch.class, AcceptedEmails.class);
  Endpoint<DueClaim, DueEmails> CLAIM_DUE = new Endpoint<>("postbox.internal.store.email.claim-due.v1",
      DueClaim.class, DueEmails.class);
  Endpoint<EmailQuery, EmailObject> CANCEL = new Endpoint<>("postbox.internal.store.email.cancel.v1",
      EmailQuery.class, EmailObject.class);
  Endpoint<EmailQuery, EmailObject> SCHEDULED = new Endpoint<>("postbox.internal.store.email.scheduled.v1",
      EmailQuery.class, EmailObject.class);
  List<Endpoint<?, ?>> ENDPOINTS = List.of(CREATE, ACCEPTED, SEND_FAILED, GET, LIST, EVENTS, STATS, APPLY_EVENTS,
      CREATE_MANY, ACCEPTED_MANY, CLAIM_DUE, CANCEL, SCHEDULED);

  /** Step 9: the UNSENT row and its cc rows, with the facts steps 10–12 need. */
  Future<Created> create(NewEmail email);

  /** Step 16: ACCEPTED by the rank rule, the timeline entry and the webhook outbox row, in one transaction. */
  Future<Accepted> accepted(Acceptance acceptance);

  /** Step 9 for every email of a batch send (SPEC §29) in one statement; results in the emails' order. */
  Future<CreatedEmails> createMany(NewEmails emails);

  /** Step 16 for every accepted email of a batch send in one transaction; results in the acceptances' order. */
  Future<AcceptedEmails> acceptedMany(AcceptanceBatch acceptances);

  /**
   * SPEC §30: leases up to {@code limit} due SCHEDULED emails to the caller for {@code leaseSeconds}
   * ({@code FOR UPDATE SKIP LOCKED}; an expired lease is claimed again), with the facts steps 10–12 need now.
   */
  Future<DueEmails> claimDue(DueClaim claim);

  /** SPEC §30: a new SCHEDULED email's {@code email.scheduled} webhook event; answers the email with params. */
  Future<EmailObject> scheduled(EmailQuery query);

  /** SPEC §30: SCHEDULED (and not being sent) becomes CANCELLED; 409 {@code not_cancellable} otherwise, 404. */
  Future<EmailObject> cancel(EmailQuery query);

  /** Steps 10–15 failures: the row stays UNSENT with the error, and the timeline says why. */
  Future<Void> sendFailed(SendFailed failure);

  /** The email object with params; 404 when it is missing or another user's. */
  Future<EmailObject> get(EmailQuery query);

  Future<Page> list(ListQuery query);

  /** The timeline of SPEC §15, oldest first; 404 when the email is missing or another user's. */
  Future<Page> events(EventsQuery query);

  /** The counts of SPEC §18 over one window of the user's emails; the api adds the rates. */
  Future<Counts> stats(StatsQuery query);

  /** Completes once every message's effects, or its reject, are committed. */
  Future<Void> applyEvents(ApplyEvents batch);

  /**
   * {@code params} is {@code {body, from, subject, reply_to?}}; {@code attachments} in upload order;
   * {@code metadata} the string values of SPEC §26, empty when none; {@code scheduledAt} the {@code send_at} of
   * SPEC §30 (the row is then SCHEDULED), null to send now.
   */
  record NewEmail(long userId, String from, String fromAddress, String recipient, JsonObject params,
      List<AttachmentMetadata> attachments, String classification, String tag, boolean disableTracking,
      List<String> cc, List<String> bcc, JsonObject metadata, boolean test, Instant scheduledAt) {
  }

  /** One entry of {@code attachments_metadata} (SPEC §8). */
  record AttachmentMetadata(String fileName, long fileSize, String hash) {
  }

  /** {@code keptCc}/{@code keptBcc}: the addresses that are not blacklisted (step 12). */
  record Created(long emailId, String userEmail, boolean fromVerified, boolean recipientBlacklisted,
      List<String> keptCc, List<String> keptBcc) {
  }

  record Acceptance(long emailId, Instant acceptedAt, String sesMessageId, String configurationSet) {
  }

  /**
   * {@code email}: the email object as committed, without params (the sender has them); {@code change}: the status
   * change the acceptance made, null when an SES event had already raised the status.
   */
  record Accepted(JsonObject email, StatusChange change) {
  }

  record NewEmails(List<NewEmail> emails) {
    public NewEmails {
      emails = List.copyOf(emails);
    }
  }

  record CreatedEmails(List<Created> created) {
    public CreatedEmails {
      created = List.copyOf(created);
    }
  }

  record AcceptanceBatch(List<Acceptance> acceptances) {
    public AcceptanceBatch {
      acceptances = List.copyOf(acceptances);
    }
  }

  record AcceptedEmails(List<Accepted> accepted) {
    public AcceptedEmails {
      accepted = List.copyOf(accepted);
    }
  }

  record DueClaim(int limit, int leaseSeconds) {
  }

  /**
   * A claimed due email: its stored request ({@code from} normalised with the default applied, {@code params} as
   * stored) and, as of the claim, the user's email and verified from addresses, the blacklist check of the
   * recipient and the cc/bcc addresses not blacklisted (global list or the user's suppressions); {@code test}: sent
   * with a test key, so it goes through the sandbox simulator (§28).
   */
  record DueEmail(long emailId, long userId, String from, String recipient, JsonObject params,
      boolean disableTracking, String userEmail, List<String> verifiedFromAddresses, boolean recipientBlacklisted,
      List<String> keptCc, List<String> keptBcc, boolean test) {
  }

  record DueEmails(List<DueEmail> emails) {
    public DueEmails {
      emails = List.copyOf(emails);
    }
  }

  record SendFailed(long emailId, String errorCode, String errorSubType) {
  }

  /** {@code test}: the caller's key is a test key and sees only test emails; a live key only live ones (§28). */
  record EmailQuery(long userId, long emailId, boolean test) {
    public EmailQuery(long userId, long emailId) {
      this(userId, emailId, false);
    }
  }

  /** The email object of SPEC §4.4. */
  record EmailObject(JsonObject json) {
  }

  /** {@code query}: a list query as the api validated it (SPEC §5). */
  record ListQuery(long userId, JsonObject query, boolean test) {
    public ListQuery(long userId, JsonObject query) {
      this(userId, query, false);
    }
  }

  record EventsQuery(long userId, long emailId, int limit, long offset, boolean test) {
    public EventsQuery(long userId, long emailId, int limit, long offset) {
      this(userId, emailId, limit, offset, false);
    }
  }

  /** {@code {has_more, data}}, as answered. */
  record Page(JsonObject json) {
  }

  /** {@code groupBy}: "month" and/or "tag". */
  record StatsQuery(long userId, Instant from, Instant to, List<String> groupBy, boolean test) {
    public StatsQuery(long userId, Instant from, Instant to, List<String> groupBy) {
      this(userId, from, to, groupBy, false);
    }
  }

  /** {@code groups}: {@code [{month?, tag?, total, counts: {STATUS: n}, accepted, delivered, ...}]}. */
  record Counts(List<JsonObject> groups) {
  }

  /**
   * One SQS message, callback body, sandbox event or pixel hit: its events, or a reject with its reason and the
   * raw body to keep ({@code rawBody} null for a pixel hit).
   */
  record EventMessage(String source, String rawBody, String rejectReason, List<NormalizedEvent> events) {
    public EventMessage {
      events = List.copyOf(events);
    }

    public static EventMessage withEvents(String source, String rawBody, List<NormalizedEvent> events) {
      return new EventMessage(source, rawBody, null, events);
    }

    public static EventMessage reject(String source, String rawBody, String reason) {
      return new EventMessage(source, rawBody, reason, List.of());
    }
  }

  record ApplyEvents(List<EventMessage> messages) {
    public ApplyEvents {
      messages = List.copyOf(messages);
    }
  }
}

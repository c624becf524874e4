package io.postbox.contract;

/** Event-bus addresses. The {@code postbox.email.*} ones are the public API of SPEC §19. */
public final class Addresses {
  public static final String EMAIL_SEND = "postbox.email.send.v1";
  public static final String EMAIL_GET = "postbox.email.get.v1";
  public static final String EMAIL_LIST = "postbox.email.list.v1";
  public static final String EMAIL_STATUS_CHANGED = "postbox.email.status-changed.v1";

  public static final String DISPATCH_SEND = "postbox.internal.dispatch.send.v1";

  /** A raw SES event body (SNS envelope or not) to parse and apply: {@code {"source", "body"}}. */
  public static final String INGEST_RAW = "postbox.internal.ingest.raw.v1";
  /**
   * A body the SNS HTTPS callback received, after the api checked Basic auth: {@code {"body", "raw_delivery"}}
   * (raw_delivery: header {@code x-amz-sns-rawdelivery: true}); replies {@code {"status"}}, the HTTP status to answer.
   */
  public static final String INGEST_CALLBACK = "postbox.internal.ingest.callback.v1";

  /**
   * Readiness of this node's SQS polling (SPEC §21.3), a local consumer on ingest nodes only:
   * {@code {"sqs": "UP"|"DOWN"|"DISABLED", "last_poll_at": iso|null}}.
   */
  public static final String INGEST_HEALTH = "postbox.internal.ingest.health.v1";

  public static final String STORE_EMAIL_CREATE = "postbox.internal.store.email.create.v1";
  public static final String STORE_EMAIL_ACCEPTED = "postbox.internal.store.email.accepted.v1";
  public static final String STORE_EMAIL_SEND_FAILED = "postbox.internal.store.email.send-failed.v1";
  public static final String STORE_EMAIL_GET = "postbox.internal.store.email.get.v1";
  public static final String STORE_EMAIL_LIST = "postbox.internal.store.email.list.v1";
  /**
   * {@code {user_id}} → the user, for {@code api/EmailRequests.knownUser} until it calls {@link AccountStore#USER}
   * (that class is being converted on another branch); then this constant goes.
   */
  public static final String STORE_USER_GET = "postbox.internal.store.user.get.v1";
  /** Body {@code {"messages": [{"source", "raw_body", "reject_reason", "events": [normalized event…]}]}}. */
  public static final String STORE_EVENTS_APPLY = "postbox.internal.store.events.apply.v1";
  public static final String STORE_EMAIL_EVENTS = "postbox.internal.store.email.events.v1";
  /** Counts of SPEC §18: {@code {user_id, from, to, group_by}} → {@code {groups}}. */
  public static final String STORE_EMAIL_STATS = "postbox.internal.store.email.stats.v1";

  private Addresses() {
  }
}

package io.postbox.contract;

/** Event-bus addresses. The {@code postbox.email.*} ones are the public API of SPEC §19. */
public final class Addresses {
  public static final String EMAIL_SEND = "postbox.email.send.v1";
  public static final String EMAIL_GET = "postbox.email.get.v1";
  public static final String EMAIL_LIST = "postbox.email.list.v1";
  public static final String EMAIL_STATUS_CHANGED = "postbox.email.status-changed.v1";

  /**
   * Readiness of this node's SQS polling (SPEC §21.3), a local consumer on ingest nodes only:
   * {@code {"sqs": "UP"|"DOWN"|"DISABLED", "last_poll_at": iso|null}}.
   */
  public static final String INGEST_HEALTH = "postbox.internal.ingest.health.v1";


  private Addresses() {
  }
}

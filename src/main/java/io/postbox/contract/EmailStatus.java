package io.postbox.contract;

/** Statuses of SPEC §9.1; a hard bounce ranks above delivery and opening, a soft one below. */
public enum EmailStatus {
  UNSENT, ACCEPTED, SENT, DELIVERED, OPENED, BOUNCED, COMPLAINT,
  /** SPEC §30: waiting for its {@code send_at} (rank 0), and cancelled before it (terminal). */
  SCHEDULED, CANCELLED;

  public static final int RANK_UNSENT = 0;
  public static final int RANK_ACCEPTED = 1;
  public static final int RANK_SENT = 2;
  public static final int RANK_SOFT_BOUNCE = 3;
  public static final int RANK_DELIVERED = 4;
  public static final int RANK_OPENED = 5;
  public static final int RANK_HARD_BOUNCE = 6;
  public static final int RANK_COMPLAINT = 7;
}

package io.postbox.ingest;

/** An SES event that is JSON but not of the documented shape; the message goes to the rejects as unparseable. */
final class MalformedSesEvent extends RuntimeException {
  MalformedSesEvent(String detail) {
    super(detail, null, false, false);
  }
}

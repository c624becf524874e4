package io.postbox.contract;

import io.vertx.core.Future;
import java.util.List;

/**
 * Whether a webhook may target a host (SPEC §16, §24): the one guard resolves the host and refuses it when any of
 * its addresses is private, unless {@code webhooks.allowPrivateTargets}. The api asks it at create and update; each
 * delivery attempt asks it again and connects to the address it answers. Answered on every node that runs the api,
 * for that node only.
 */
public interface WebhookTargets {
  Endpoint<Host, Target> CHECK = new Endpoint<>("postbox.internal.webhooks.targets.check.v1",
      Host.class, Target.class);
  List<Endpoint<?, ?>> ENDPOINTS = List.of(CHECK);

  Future<Target> check(Host host);

  enum Refusal {
    /** The host has no address (yet). */
    UNRESOLVED,
    /** One of the host's addresses is private, loopback, link-local or otherwise not public. */
    PRIVATE
  }

  record Host(String name) {
  }

  /** Either {@code address} (an IP literal, the one to connect to) or {@code refusal} is set. */
  record Target(String address, Refusal refusal) {
    public static Target allowed(String address) {
      return new Target(address, null);
    }

    public static Target refused(Refusal refusal) {
      return new Target(null, refusal);
    }
  }
}

package io.postbox.contract;

/**
 * One request/reply operation of a service on the event bus: the address it is answered on and the types of its
 * request and reply (records, or {@code Void} for a reply that carries nothing).
 */
public record Endpoint<Q, R>(String address, Class<Q> request, Class<R> reply) {
}

package io.postbox.contract;

/** A fact published on the event bus to every subscriber: its address and the type of what is published. */
public record Topic<T>(String address, Class<T> type) {
}

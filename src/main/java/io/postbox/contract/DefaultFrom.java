package io.postbox.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The default sender of SPEC §6: {@code from.default} and the addresses of {@code from.defaultAliases}. */
public record DefaultFrom(String normalised, Set<String> addresses) {
  public static final String FALLBACK = "Postbox <no-reply@example.gov>";

  public static DefaultFrom from(JsonObject config) {
    JsonObject from = config.getJsonObject("from", new JsonObject());
    FromAddress main = FromAddress.parse(from.getString("default", FALLBACK).trim());
    if (main == null) {
      throw new IllegalArgumentException("from.default is not a valid from address");
    }
    Set<String> addresses = new HashSet<>();
    addresses.add(main.address());
    for (Object alias : from.getJsonArray("defaultAliases", new JsonArray())) {
      FromAddress parsed = FromAddress.parse(String.valueOf(alias).trim());
      if (parsed == null) {
        throw new IllegalArgumentException("from.defaultAliases holds an invalid address: " + alias);
      }
      addresses.add(parsed.address());
    }
    return new DefaultFrom(main.normalised(), Set.copyOf(addresses));
  }

  /** True when the normalised from value (or null, meaning none given) uses a default address. */
  public boolean isDefault(String normalisedFrom) {
    if (normalisedFrom == null) {
      return true;
    }
    FromAddress parsed = FromAddress.parse(normalisedFrom);
    return parsed != null && addresses.contains(parsed.address().toLowerCase(Locale.ROOT));
  }
}

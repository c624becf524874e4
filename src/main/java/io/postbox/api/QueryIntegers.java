package io.postbox.api;

import io.postbox.contract.ControlCharacters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/** The integer query parameters {@code limit} and {@code offset} (SPEC §5, §15). */
final class QueryIntegers {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

  private QueryIntegers() {
  }

  /** An integer parameter with its bounds; {@code max} null means unbounded (up to 2^63-1). */
  record Bounded(String name, long min, Long max, long defaultValue) {

    /** The bounds and default a query schema gives the integer property {@code name}. */
    static Bounded of(SchemaRules rules, String name) {
      return new Bounded(name, rules.minimum(name), rules.maximum(name),
          ((Number) rules.defaultValue(name)).longValue());
    }

    /** From query text: one value, optionally signed decimal digits. */
    ApiErrorOr<Long> fromHttp(List<String> values) {
      if (values == null || values.isEmpty()) {
        return ApiErrorOr.of(defaultValue);
      }
      String control = ControlCharacters.check(name, values);
      if (control != null) {
        return ApiErrorOr.validationFailure(control);
      }
      if (values.size() > 1 || !DECIMAL.matcher(values.get(0)).matches()) {
        return ApiErrorOr.validationFailure(notANumber());
      }
      return check(new BigInteger(values.get(0)));
    }

    /** From typed JSON: null is absent; any integral number counts. */
    ApiErrorOr<Long> fromJson(Object value) {
      if (value == null) {
        return ApiErrorOr.of(defaultValue);
      }
      if (!(value instanceof Number number)) {
        return ApiErrorOr.validationFailure(notANumber());
      }
      BigDecimal decimal;
      try {
        decimal = new BigDecimal(number.toString());
      } catch (NumberFormatException infiniteOrNaN) {
        return ApiErrorOr.validationFailure(notANumber());
      }
      if (decimal.stripTrailingZeros().scale() > 0) {
        return ApiErrorOr.validationFailure(notANumber());
      }
      return check(decimal.toBigIntegerExact());
    }

    private ApiErrorOr<Long> check(BigInteger value) {
      if (value.compareTo(BigInteger.valueOf(min)) < 0) {
        return ApiErrorOr.validationFailure("\"" + name + "\" must be greater than or equal to " + min);
      }
      if (max != null && value.compareTo(BigInteger.valueOf(max)) > 0) {
        return ApiErrorOr.validationFailure("\"" + name + "\" must be less than or equal to " + max);
      }
      if (value.bitLength() > 63) {
        return ApiErrorOr.validationFailure(notANumber());
      }
      return ApiErrorOr.of(value.longValue());
    }

    private String notANumber() {
      return "\"" + name + "\" must be a number";
    }
  }
}

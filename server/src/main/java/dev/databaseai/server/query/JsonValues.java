package dev.databaseai.server.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;

/**
 * Puts the values of an agent {@link dev.databaseai.agent.QueryResult} (already plain Java:
 * numbers, text, booleans, {@code java.time} values, lists) into the form the JSON API promises.
 */
public final class JsonValues {

  private JsonValues() {}

  /**
   * Whole numbers become {@code long}, other numbers and booleans stay as they are (big decimals
   * keep their scale), dates and times become ISO-8601 text (timestamps always with seconds), lists
   * are converted item by item, anything else becomes its text.
   */
  public static Object of(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigDecimal
        || value instanceof BigInteger
        || value instanceof Double
        || value instanceof Float) {
      return value;
    }
    if (value instanceof LocalDateTime timestamp) {
      return timestamp.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
    if (value instanceof TemporalAccessor) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(JsonValues::of).toList();
    }
    return value.toString();
  }
}

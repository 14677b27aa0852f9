package dev.databaseai.server.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Converts JDBC values into what JSON can carry without loss of meaning. */
public final class JsonValues {

  private JsonValues() {}

  /**
   * Numbers and booleans stay as they are (big decimals keep their scale), dates and times become
   * ISO-8601 text, binary becomes base64, arrays become lists, anything else its text.
   */
  public static Object of(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigDecimal || value instanceof BigInteger || value instanceof Double || value instanceof Float) {
      return value;
    }
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime().format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime().toString();
    }
    if (value instanceof java.time.LocalDateTime ldt) {
      return ldt.format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
    if (value instanceof TemporalAccessor) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    try {
      if (value instanceof Array array) {
        Object[] items = (Object[]) array.getArray();
        List<Object> list = new ArrayList<>(items.length);
        for (Object item : items) {
          list.add(of(item));
        }
        return list;
      }
      if (value instanceof Clob clob) {
        return clob.getSubString(1, (int) Math.min(clob.length(), 1_000_000));
      }
      if (value instanceof Blob blob) {
        return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) Math.min(blob.length(), 1_000_000)));
      }
      if (value instanceof SQLXML xml) {
        return xml.getString();
      }
    } catch (SQLException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
    if (value instanceof List<?> list) {
      return list.stream().map(JsonValues::of).toList();
    }
    return value.toString();
  }
}

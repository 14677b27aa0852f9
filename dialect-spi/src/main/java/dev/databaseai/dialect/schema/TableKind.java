package dev.databaseai.dialect.schema;

/** Whether a relation stores rows or is defined by a query. */
public enum TableKind {
  TABLE,
  VIEW,
  MATERIALIZED_VIEW
}

/**
 * The PostgreSQL dialect: {@link dev.databaseai.dialect.postgres.PostgresDialect} (id {@code
 * postgres}, registered through {@code META-INF/services}) and its collaborators — catalog
 * introspection, SQLSTATE classification, syntax and function equivalents, session guards. See
 * {@code docs/dialects.md}.
 */
package dev.databaseai.dialect.postgres;

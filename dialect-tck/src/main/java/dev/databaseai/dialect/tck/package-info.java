/**
 * The dialect TCK: extend {@link dev.databaseai.dialect.tck.DialectContractTest} from a dialect
 * plugin's own test sources to prove it against a real database. See {@code docs/plugins.md}.
 */
package dev.databaseai.dialect.tck;

package dev.databaseai.server;

import dev.databaseai.dialect.Dialects;
import dev.databaseai.llm.LlmProviders;
import dev.databaseai.server.config.AccessSettings;
import dev.databaseai.server.pool.JdbcUrlPolicy;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The plugins on the class path, found with ServiceLoader (never by class name). */
@Factory
final class Plugins {

  @Singleton
  Dialects dialects() {
    return Dialects.load(Plugins.class.getClassLoader());
  }

  @Singleton
  LlmProviders llmProviders() {
    return LlmProviders.load(Plugins.class.getClassLoader());
  }

  @Singleton
  JdbcUrlPolicy jdbcUrlPolicy(Dialects dialects, AccessSettings access) {
    return new JdbcUrlPolicy(dialects, access.allowedHosts());
  }
}

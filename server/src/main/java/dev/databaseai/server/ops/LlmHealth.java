package dev.databaseai.server.ops;

import dev.databaseai.server.llm.ChatModels;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code llm} in {@code /health}: which provider and model are in use or configured. Always UP —
 * without a model only {@code /ask} and {@code /context} are unavailable, everything else works —
 * with the details saying what is missing. Never contacts the model.
 */
@Singleton
final class LlmHealth implements HealthIndicator {

  private final ChatModels models;

  LlmHealth(ChatModels models) {
    this.models = models;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Mono.fromCallable(
        () -> HealthResult.builder("llm", HealthStatus.UP).details(models.describe()).build());
  }
}

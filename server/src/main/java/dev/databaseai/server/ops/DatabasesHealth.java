package dev.databaseai.server.ops;

import dev.databaseai.server.demo.DemoDatabase;
import dev.databaseai.server.pool.Tenant;
import dev.databaseai.server.pool.TenantPools;
import io.micronaut.context.BeanContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code databases} in {@code /health}: each open pool is checked with a short validity test and
 * reported in the details. A user's database being down is reported but does not make the server
 * unhealthy; only the demo database (which the server itself runs) does.
 */
@Singleton
final class DatabasesHealth implements HealthIndicator {

  private final TenantPools pools;
  private final BeanContext beans;

  DatabasesHealth(TenantPools pools, BeanContext beans) {
    this.pools = pools;
    this.beans = beans;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Mono.fromCallable(this::check).subscribeOn(Schedulers.boundedElastic());
  }

  private HealthResult check() {
    Map<String, Object> details = new LinkedHashMap<>();
    HealthStatus overall = HealthStatus.UP;
    String demoUrl =
        beans
            .findBean(DemoDatabase.class)
            .filter(DemoDatabase::started)
            .map(d -> d.credentials().key().jdbcUrl())
            .orElse(null);
    for (Tenant tenant : pools.all()) {
      Map<String, Object> pool = new LinkedHashMap<>();
      pool.put("database", tenant.key().toString());
      pool.put("dialect", tenant.dialect().id());
      boolean up;
      try (Connection connection = tenant.connection()) {
        up = connection.isValid(2);
      } catch (Exception e) {
        up = false;
        pool.put("error", e.getMessage());
      }
      pool.put("status", up ? "UP" : "DOWN");
      boolean isDemo = tenant.key().jdbcUrl().equals(demoUrl);
      pool.put("demo", isDemo);
      if (isDemo && !up) {
        overall = HealthStatus.DOWN;
      }
      details.put(tenant.id(), pool);
    }
    return HealthResult.builder("databases", overall).details(details).build();
  }
}

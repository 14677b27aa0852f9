package dev.databaseai.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.schema.SchemaSnapshot;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchemaCacheTest {

  @Test
  void concurrentFirstRequestsForOneDatabaseLoadTheSchemaOnce() throws Exception {
    SchemaCache cache = SchemaCache.inMemory();
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<SchemaSnapshot>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.get(
                      "postgres:jdbc:postgresql://db/shop",
                      () -> {
                        loads.incrementAndGet();
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                        return new SchemaSnapshot("PostgreSQL 16", List.of());
                      });
                }));
      }
      start.countDown();
      SchemaSnapshot first = results.get(0).get();
      for (Future<SchemaSnapshot> result : results) {
        assertThat(result.get()).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void aFailedLoadCachesNothingAndPutReplacesTheSnapshot() throws Exception {
    SchemaCache cache = SchemaCache.inMemory();
    assertThatThrownBy(
            () ->
                cache.get(
                    "k",
                    () -> {
                      throw new SQLException("connection refused");
                    }))
        .isInstanceOf(SQLException.class);

    SchemaSnapshot loaded = cache.get("k", () -> new SchemaSnapshot("a", List.of()));
    SchemaSnapshot replaced = new SchemaSnapshot("b", List.of());
    cache.put("k", replaced);
    assertThat(cache.get("k", () -> loaded)).isSameAs(replaced);
    cache.invalidate("k");
    assertThat(cache.get("k", () -> loaded)).isSameAs(loaded);
  }
}

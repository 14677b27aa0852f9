package dev.databaseai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.server.session.SessionService;
import dev.databaseai.server.session.Sessions;
import io.micronaut.context.ApplicationContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Heap per idle session: 10,000 and then 100,000 sessions on the demo database, heap used measured
 * after full GCs before and after; the shared schema snapshot is loaded by the first session and so
 * is part of the baseline.
 */
@Tag("benchmark")
class SessionMemoryBenchmark {

  @Test
  void heapPerIdleSessionOnOneDatabase() throws Exception {
    Map<String, Object> settings =
        Map.of("databaseai.sessions.max", 200_000, "logger.levels.dev.databaseai", "WARN");
    try (ApplicationContext context = ApplicationContext.run(settings)) {
      SessionService service = context.getBean(SessionService.class);
      Sessions sessions = context.getBean(Sessions.class);
      List<String> ids = new ArrayList<>();
      ids.add(service.openDemo("").id()); // loads the pool and the shared snapshot
      for (int i = 0; i < 2_000; i++) { // warm-up: classes, JIT, map growth
        sessions.delete(service.openDemo("").id(), "");
      }
      long baseline = heapAfterGc();
      Report report =
          new Report("Memory per idle session (demo database, one shared schema snapshot)")
              .line(
                  "`SessionService.openDemo` in process (no HTTP); heap used after `System.gc()` (×3, settled)"
                      + " before and after; baseline = server started, demo pool open, schema snapshot cached,"
                      + " one session. Heap max "
                      + Runtime.getRuntime().maxMemory() / (1 << 20)
                      + " MiB, GC "
                      + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName()
                      + ".")
              .line("")
              .line(
                  "| idle sessions | heap used (MiB) | beyond baseline (MiB) | bytes per session | goal |")
              .line("| ---: | ---: | ---: | ---: | --- |")
              .line("| 1 (baseline) | " + mib(baseline) + " | 0 | - | |");
      double worst = 0;
      for (int target : new int[] {10_000, 100_000}) {
        while (ids.size() < target) {
          ids.add(service.openDemo("").id());
        }
        long used = heapAfterGc();
        double perSession = (used - baseline) / (double) (target - 1);
        worst = Math.max(worst, perSession);
        report.line(
            "| "
                + String.format(Locale.ROOT, "%,d", target)
                + " | "
                + mib(used)
                + " | "
                + mib(used - baseline)
                + " | "
                + String.format(Locale.ROOT, "%.0f", perSession)
                + " | < 2,048 |");
      }
      assertThat(sessions.stats().get("active")).isEqualTo(ids.size());
      report
          .line("")
          .line(
              "Per session the server keeps a `Session` (id string, owner, timestamps, a"
                  + " conversation slot) and one `ConcurrentHashMap` entry; the pool and snapshot are shared.")
          .write();
      assertThat(worst).as("bytes per idle session").isLessThan(2_048);
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
  }

  static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    long used = 0;
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(200);
      used = memory.getHeapMemoryUsage().getUsed();
      if (i >= 2 && Math.abs(previous - used) < 256 * 1024) {
        break;
      }
      previous = used;
    }
    return used;
  }
}

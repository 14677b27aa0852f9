package dev.databaseai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Closed-loop load: N threads each repeat one operation; samples taken after a warm-up. */
final class Load {

  /** One client's operation; {@code true} when it succeeded. Created per thread. */
  interface Operation extends AutoCloseable {
    boolean run() throws Exception;

    @Override
    default void close() throws Exception {}
  }

  interface OperationFactory {
    Operation create() throws Exception;
  }

  /** Throughput (operations per second), latency percentiles (ms) and failures of one run. */
  record Result(
      int clients, double perSecond, double p50Ms, double p99Ms, int failures, int operations) {}

  private Load() {}

  static Result run(int clients, Duration warmUp, Duration measure, OperationFactory factory)
      throws Exception {
    List<Stats> perThread = new ArrayList<>();
    AtomicInteger failures = new AtomicInteger();
    long start = System.nanoTime();
    long measureFrom = start + warmUp.toNanos();
    long end = measureFrom + measure.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < clients; i++) {
      Stats stats = new Stats();
      perThread.add(stats);
      Thread thread =
          new Thread(
              () -> {
                try (Operation op = factory.create()) {
                  while (true) {
                    long t = System.nanoTime();
                    if (t >= end) {
                      break;
                    }
                    boolean ok;
                    try {
                      ok = op.run();
                    } catch (Exception e) {
                      ok = false;
                    }
                    long after = System.nanoTime();
                    if (t >= measureFrom && after <= end) {
                      if (ok) {
                        stats.add(after - t);
                      } else {
                        failures.incrementAndGet();
                      }
                    }
                  }
                } catch (Throwable e) {
                  crashes.add(e);
                } finally {
                  done.countDown();
                }
              },
              "load-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    done.await();
    if (!crashes.isEmpty()) {
      throw new IllegalStateException("a load thread failed: " + crashes.get(0), crashes.get(0));
    }
    Stats all = new Stats();
    perThread.forEach(all::addAll);
    double seconds = measure.toNanos() / 1e9;
    return new Result(
        clients,
        all.count() / seconds,
        all.percentileMs(50),
        all.percentileMs(99),
        failures.get(),
        all.count());
  }
}

package dev.databaseai.server.cli;

import java.util.List;

/**
 * The figures of an evaluation run.
 *
 * @param questions questions asked
 * @param succeeded questions answered with rows
 * @param compared questions whose answer was compared with gold SQL
 * @param correct compared questions whose rows equal the gold rows
 * @param retries attempts beyond the first, over all questions
 * @param retried questions that needed at least one retry
 * @param meanMs mean wall time per question
 * @param p95Ms 95th percentile (nearest rank) of the wall time per question
 * @param totalMs the whole run
 */
public record EvalSummary(
    int questions,
    int succeeded,
    int compared,
    int correct,
    int retries,
    int retried,
    long meanMs,
    long p95Ms,
    long totalMs) {

  /** The summary of these results. */
  public static EvalSummary of(List<EvalResult> results, long totalMs) {
    int succeeded = (int) results.stream().filter(EvalResult::success).count();
    int compared = (int) results.stream().filter(r -> r.correct().isPresent()).count();
    int correct = (int) results.stream().filter(r -> r.correct().orElse(false)).count();
    int retries = results.stream().mapToInt(EvalResult::retries).sum();
    int retried = (int) results.stream().filter(r -> r.retries() > 0).count();
    long[] times = results.stream().mapToLong(EvalResult::elapsedMs).sorted().toArray();
    long mean =
        times.length == 0 ? 0 : Math.round(java.util.Arrays.stream(times).average().orElse(0));
    long p95 = times.length == 0 ? 0 : times[Math.max(0, (int) Math.ceil(0.95 * times.length) - 1)];
    return new EvalSummary(
        results.size(), succeeded, compared, correct, retries, retried, mean, p95, totalMs);
  }

  /** Succeeded / questions, 0 when there were none. */
  public double successRate() {
    return questions == 0 ? 0 : (double) succeeded / questions;
  }

  /** Correct / compared, 0 when nothing was compared. */
  public double executionAccuracy() {
    return compared == 0 ? 0 : (double) correct / compared;
  }
}

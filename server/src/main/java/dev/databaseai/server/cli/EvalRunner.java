package dev.databaseai.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks every question through a backend, runs the gold SQL through the same backend and compares
 * the rows (execution accuracy). Not thread-safe; one run at a time.
 */
public final class EvalRunner {

  private final Backend backend;
  private final ResultComparator comparator;
  private final Progress progress;

  public EvalRunner(Backend backend, ResultComparator comparator, Progress progress) {
    this.backend = backend;
    this.comparator = comparator;
    this.progress = progress;
  }

  /**
   * Runs the questions in order.
   *
   * @throws CliException when the very first question cannot be asked at all (no model configured,
   *     server unreachable): every other question would fail the same way
   */
  public List<EvalResult> run(List<EvalQuestion> questions) {
    List<EvalResult> results = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      EvalQuestion q = questions.get(i);
      EvalResult result;
      try {
        result = one(q);
      } catch (CliException e) {
        if (i == 0) {
          throw e;
        }
        result =
            new EvalResult(
                q.id(), q.question(), false, 0, 0, 0, "", e.getMessage(), Optional.empty(), "");
      }
      results.add(result);
      progress.step(line(i + 1, questions.size(), result));
    }
    return List.copyOf(results);
  }

  private EvalResult one(EvalQuestion q) {
    backend.newConversation();
    long start = System.nanoTime();
    AskOutcome answer = backend.ask(q.question(), Progress.NONE);
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    String error =
        answer.succeeded()
            ? ""
            : answer.lastError().map(QueryError::summary).orElse("no SQL was produced");
    long rows = answer.result().map(ResultTable::rowCount).orElse(0L);
    Optional<Boolean> correct = Optional.empty();
    String detail = "";
    Optional<String> gold = q.goldFor(backend.dialect());
    if (gold.isPresent()) {
      if (!answer.succeeded()) {
        correct = Optional.of(false);
        detail = "no answer to compare";
      } else {
        SqlOutcome expected = backend.sql(gold.get());
        if (expected.error().isPresent()) {
          detail = "the gold SQL failed: " + expected.error().get().summary();
        } else {
          ResultTable want = expected.result().get();
          ResultTable got = answer.result().get();
          ResultComparator.Comparison verdict =
              comparator.compare(want, got, ResultComparator.ordersRows(gold.get()));
          correct = Optional.of(verdict.matches());
          detail = verdict.reason();
          if (want.truncated() || got.truncated()) {
            detail =
                (detail.isEmpty() ? "" : detail + "; ")
                    + "compared only the rows up to the row limit";
          }
        }
      }
    }
    return new EvalResult(
        q.id(),
        q.question(),
        answer.succeeded(),
        answer.attempts().size(),
        rows,
        elapsed,
        answer.sql(),
        error,
        correct,
        detail);
  }

  private static String line(int n, int total, EvalResult r) {
    String verdict =
        !r.success()
            ? "FAILED " + r.error()
            : r.correct()
                .map(c -> c ? "correct" : "WRONG RESULT: " + r.detail())
                .orElse(r.detail().isEmpty() ? "ok" : "ok (" + r.detail() + ")");
    return "["
        + n
        + "/"
        + total
        + "] "
        + r.id()
        + ": "
        + verdict
        + " ("
        + r.attempts()
        + (r.attempts() == 1 ? " attempt, " : " attempts, ")
        + r.elapsedMs()
        + " ms)";
  }
}

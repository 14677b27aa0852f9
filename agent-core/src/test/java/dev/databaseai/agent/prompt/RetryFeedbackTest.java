package dev.databaseai.agent.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.agent.execution.ValueHint;
import dev.databaseai.dialect.error.ErrorCategory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryFeedbackTest {

  private final Diagnosis diagnosis =
      new Diagnosis(
          ErrorCategory.UNDEFINED_COLUMN,
          "42703",
          0,
          "column o.total does not exist\nPosition: 8",
          Optional.of("o.total"),
          List.of("o.total_amount"),
          "Use o.total_amount. " + "x".repeat(500),
          List.of("public.orders"));

  @Test
  void namesTheErrorTheOffendingNameTheSuggestionAndTheHint() {
    String text = RetryFeedback.of(diagnosis, 2000);
    assertThat(text)
        .contains("UNDEFINED_COLUMN, SQLSTATE 42703): column o.total does not exist")
        .doesNotContain("Position")
        .contains("Problem: o.total")
        .contains("Use instead: o.total_amount")
        .contains("Hint: Use o.total_amount.");
  }

  @Test
  void shortensTheHintFirstToFitTheLimit() {
    String text = RetryFeedback.of(diagnosis, 200);
    assertThat(text)
        .hasSizeLessThanOrEqualTo(200)
        .contains("Use instead: o.total_amount")
        .endsWith("…");
  }

  @Test
  void emptyResultFeedbackQuotesTheClosestActualValues() {
    String text =
        RetryFeedback.emptyResult(
            new ValueHint(
                "public.devices", "status", "offline", List.of("OFFLINE", "Off'line"), List.of()));
    assertThat(text)
        .contains("returned no rows")
        .contains("public.devices.status")
        .contains("'offline'")
        .contains("'OFFLINE', 'Off''line'");
  }
}

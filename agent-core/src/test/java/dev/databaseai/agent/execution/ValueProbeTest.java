package dev.databaseai.agent.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueProbeTest {

  @Test
  void ranksCaseAndPunctuationVariantsAboveUnrelatedValues() {
    assertThat(ValueProbe.similarity("offline", "offline")).isEqualTo(1.0);
    assertThat(ValueProbe.similarity("off-line", "offline")).isGreaterThan(0.8);
    assertThat(ValueProbe.similarity("berlin", "berlin-mitte")).isGreaterThan(0.5);
    assertThat(ValueProbe.similarity("offline", "maintenance")).isLessThan(0.5);
  }
}

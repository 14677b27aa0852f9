package dev.databaseai.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmProvidersTest {

  private static final String HOW_TO_ADD =
      "To add one, put a jar with a dev.databaseai.llm.LlmProvider implementation and a"
          + " META-INF/services/dev.databaseai.llm.LlmProvider entry on the class path.";

  @Test
  void findsAProviderRegisteredOnlyThroughMetaInfServices() {
    LlmProviders providers = LlmProviders.load();
    assertThat(providers.all()).extracting(LlmProvider::id).containsExactly("dummy");
    ChatModel model = providers.byId("dummy").create(LlmConfig.of(Map.of("DUMMY_MODEL", "echo")));
    assertThat(model.complete(ChatRequest.of(List.of(ChatMessage.user("hi")))).text())
        .isEqualTo("hi");
  }

  @Test
  void unknownIdListsTheAvailableProvidersAndHowToAddOne() {
    assertThatThrownBy(() -> LlmProviders.load().byId("anthropic"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "No LLM provider with id 'anthropic'. Available providers: [dummy]. " + HOW_TO_ADD);
  }

  @Test
  void duplicateIdNamesBothImplementations() {
    assertThatThrownBy(
            () -> LlmProviders.of(List.of(new DummyProvider(), new DummyProvider("dummy", 3))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Duplicate LLM provider id 'dummy': dev.databaseai.llm.DummyProvider and"
                + " dev.databaseai.llm.DummyProvider. Remove one of the jars or give one a different id.");
  }

  @Test
  void autoPicksTheConfiguredProviderAndReportsTies() {
    LlmConfig config = LlmConfig.of(Map.of("DUMMY_MODEL", "m"));
    assertThat(LlmProviders.load().select("auto", config)).map(LlmProvider::id).contains("dummy");
    assertThat(LlmProviders.load().select("auto", LlmConfig.of(Map.of()))).isEmpty();
    LlmProviders tied =
        LlmProviders.of(List.of(new DummyProvider("a", 1), new DummyProvider("b", 1)));
    assertThatThrownBy(() -> tied.select("auto", config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "LLM providers [a, b] are all configured with priority 1. Set DATABASEAI_LLM_PROVIDER to one of them.");
    LlmProviders ranked =
        LlmProviders.of(List.of(new DummyProvider("a", 1), new DummyProvider("b", 2)));
    assertThat(ranked.select("auto", config)).map(LlmProvider::id).contains("b");
  }

  @Test
  void eagerValidationNamesTheMissingSetting() {
    assertThatThrownBy(() -> LlmProviders.load().byId("dummy").create(LlmConfig.of(Map.of())))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("DUMMY_MODEL is not set: the model the dummy provider echoes");
  }

  @Test
  void configNeverPrintsValues() {
    LlmConfig config = LlmConfig.of(Map.of("OPENAI_API_KEY", "sk-secret", "OPENAI_MODEL", "gpt"));
    assertThat(config.toString())
        .isEqualTo("LlmConfig[OPENAI_API_KEY, OPENAI_MODEL]")
        .doesNotContain("sk-secret");
  }
}

package dev.databaseai.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionsFileTest {

  @Test
  void readsGoldSqlPerDialectFromTheDemoFormat() {
    List<EvalQuestion> questions =
        QuestionsFile.parse(
            """
            {"database":"demo","questions":[
              {"id":"count","kind":"lookup","question":"How many devices?",
               "postgres":"SELECT count(*) FROM device","mysql":"SELECT COUNT(*) FROM device"}]}
            """,
            "questions.json");
    assertThat(questions).hasSize(1);
    EvalQuestion q = questions.get(0);
    assertThat(q.id()).isEqualTo("count");
    assertThat(q.goldFor("postgres")).contains("SELECT count(*) FROM device");
    assertThat(q.goldFor("mysql")).contains("SELECT COUNT(*) FROM device");
    assertThat(q.goldFor("mariadb")).contains("SELECT COUNT(*) FROM device");
    assertThat(q.gold()).doesNotContainKey("kind");
  }

  @Test
  void acceptsABareArrayWithGenericGoldAndDefaultIds() {
    List<EvalQuestion> questions =
        QuestionsFile.parse(
            "[{\"question\":\"a?\",\"sql\":\"SELECT 1\"},{\"question\":\"b?\"}]", "q.json");
    assertThat(questions).extracting(EvalQuestion::id).containsExactly("q1", "q2");
    assertThat(questions.get(0).goldFor("postgres")).contains("SELECT 1");
    assertThat(questions.get(1).goldFor("postgres")).isEmpty();
  }

  @Test
  void acceptsAGoldObjectAndJsonLines() {
    List<EvalQuestion> questions =
        QuestionsFile.parse(
            "{\"id\":\"x\",\"question\":\"x?\",\"gold\":{\"postgres\":\"SELECT 2\"}}\n\n{\"id\":\"y\",\"question\":\"y?\",\"gold\":\"SELECT 3\"}\n",
            "q.jsonl");
    assertThat(questions.get(0).goldFor("postgres")).contains("SELECT 2");
    assertThat(questions.get(1).goldFor("mysql")).contains("SELECT 3");
  }

  @Test
  void refusesAQuestionWithoutText() {
    assertThatThrownBy(() -> QuestionsFile.parse("{\"questions\":[{\"id\":\"a\"}]}", "q.json"))
        .isInstanceOf(CliException.class)
        .hasMessage("Question 1 in q.json has no \"question\" text.");
  }

  @Test
  void refusesDuplicateIds() {
    assertThatThrownBy(
            () ->
                QuestionsFile.parse(
                    "[{\"id\":\"a\",\"question\":\"x\"},{\"id\":\"a\",\"question\":\"y\"}]",
                    "q.json"))
        .hasMessage("Questions file q.json repeats the id 'a'.");
  }

  @Test
  void namesTheLineOfInvalidJson() {
    assertThatThrownBy(() -> QuestionsFile.parse("{\"questions\": [\n{\"id\": }]}", "q.json"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("q.json is not valid JSON")
        .hasMessageContaining("line 2")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void explainsTheExpectedShapeWhenTheArrayIsMissing() {
    assertThatThrownBy(() -> QuestionsFile.parse("{\"items\":[]}", "q.json"))
        .hasMessageContaining("has no \"questions\" array");
  }
}

package dev.databaseai.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DialectsTest {

  private static final String HOW_TO_ADD =
      "To add one, put a jar with a dev.databaseai.dialect.Dialect implementation and a"
          + " META-INF/services/dev.databaseai.dialect.Dialect entry on the class path.";

  @Test
  void findsADialectRegisteredOnlyThroughMetaInfServices() {
    Dialects dialects = Dialects.load();
    assertThat(dialects.all()).extracting(Dialect::id).containsExactly("dummy");
    assertThat(dialects.forJdbcUrl("jdbc:dummy:mem")).isInstanceOf(DummyDialect.class);
  }

  @Test
  void nothingMatchingTheUrlListsTheAvailableDialectsAndHowToAddOne() {
    Dialects dialects = Dialects.load();
    assertThatThrownBy(() -> dialects.forJdbcUrl("jdbc:sqlite:shop.db"))
        .isInstanceOf(NoSuchPluginException.class)
        .hasMessage(
            "No dialect accepts JDBC URL 'jdbc:sqlite:shop.db'. Available dialects: [dummy]. "
                + HOW_TO_ADD);
  }

  @Test
  void unknownIdListsTheAvailableDialects() {
    assertThatThrownBy(() -> Dialects.load().byId("oracle"))
        .isInstanceOf(NoSuchPluginException.class)
        .hasMessage("No dialect with id 'oracle'. Available dialects: [dummy]. " + HOW_TO_ADD);
  }

  @Test
  void duplicateIdNamesBothImplementations() {
    assertThatThrownBy(
            () ->
                Dialects.of(
                    List.of(new DummyDialect(), new DummyDialect("dummy", "jdbc:other:", 5))))
        .isInstanceOf(PluginConflictException.class)
        .hasMessage(
            "Duplicate dialect id 'dummy': dev.databaseai.dialect.DummyDialect and"
                + " dev.databaseai.dialect.DummyDialect. Remove one of the jars or give one a different id.");
  }

  @Test
  void equalPriorityTieNamesTheCandidates() {
    Dialects dialects =
        Dialects.of(
            List.of(
                new DummyDialect("mysql", "jdbc:mysql:", 0),
                new DummyDialect("other", "jdbc:mysql:", 0)));
    assertThatThrownBy(() -> dialects.forJdbcUrl("jdbc:mysql://h/db"))
        .isInstanceOf(PluginConflictException.class)
        .hasMessage(
            "Dialects [mysql, other] all accept JDBC URL 'jdbc:mysql://h/db' with priority 0."
                + " Give one a higher priority or choose one by id.");
  }

  @Test
  void higherPriorityWinsAndExplicitIdBeatsMatching() {
    DummyDialect mysql = new DummyDialect("mysql", "jdbc:mysql:", 0);
    DummyDialect mariadb = new DummyDialect("mariadb", "jdbc:mysql:", 10);
    Dialects dialects = Dialects.of(List.of(mysql, mariadb));
    assertThat(dialects.forJdbcUrl("jdbc:mysql://h/db")).isSameAs(mariadb);
    assertThat(dialects.resolve("jdbc:mysql://h/db", Optional.of("mysql"))).isSameAs(mysql);
    assertThat(dialects.resolve("jdbc:mysql://h/db", Optional.empty())).isSameAs(mariadb);
  }

  @Test
  void messagesNeverShowAPasswordFromTheUrl() {
    Dialects dialects = Dialects.load();
    assertThatThrownBy(
            () -> dialects.forJdbcUrl("jdbc:sqlite://u:hunter2@h/db?password=hunter2&x=1"))
        .hasMessageNotContaining("hunter2")
        .hasMessageContaining("jdbc:sqlite://u:***@h/db?password=***&x=1");
  }
}

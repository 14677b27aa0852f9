package dev.databaseai.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.databaseai.server.cli.FakeOpenAi;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in real headless Chromium against the real server (embedded demo PostgreSQL) and a
 * local OpenAI-protocol model: connect to the demo, run SQL and see rows, run a broken query and
 * see the diagnosis, ask a question (repaired once) and see the chart. Saves the screenshots that
 * docs/ui.md shows under docs/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageBrowserTest {

  static final String CHART_QUESTION = "How many devices are there at each site?";
  static final String CHART_SQL =
      "SELECT l.name AS site, COUNT(d.id) AS devices FROM location l LEFT JOIN device d ON d.location_id = l.id"
          + " GROUP BY l.name ORDER BY devices DESC, l.name";
  static final List<String> MODEL_ENV =
      List.of("DATABASEAI_LLM_PROVIDER", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL");

  FakeOpenAi model;
  EmbeddedServer server;
  ChromeDriver browser;
  WebDriverWait wait;
  Path screenshots;

  @BeforeAll
  void start() throws Exception {
    Optional<String> problem = Chromium.ensureInstalled();
    if (problem.isPresent()) {
      String message =
          "The browser test needs Debian's chromium and chromium-driver: " + problem.get();
      if (System.getenv("CI") != null) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    model = new FakeOpenAi();
    model.on(
        CHART_QUESTION,
        "SELECT l.site_name, COUNT(d.id) AS devices FROM location l LEFT JOIN device d ON d.location_id = l.id"
            + " GROUP BY l.site_name",
        CHART_SQL);
    // The server reads the LLM settings from the environment overlaid by system properties.
    model.environment().forEach(System::setProperty);
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "micronaut.server.host",
                "127.0.0.1",
                "databaseai.llm.provider",
                "openai"));

    ChromeOptions options = new ChromeOptions();
    options.setBinary(Chromium.BROWSER.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1900",
        "--user-data-dir=" + Files.createTempDirectory("databaseai-chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Chromium.DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1400, 1900));
    wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    Path cwd = Path.of("").toAbsolutePath();
    Path root = Files.exists(cwd.resolve("server/pom.xml")) ? cwd : cwd.getParent();
    screenshots = root.resolve("docs/screenshots");
    Files.createDirectories(screenshots);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.getApplicationContext().close();
    }
    if (model != null) {
      model.close();
    }
    MODEL_ENV.forEach(System::clearProperty);
  }

  @Test
  @Order(1)
  void connectsToTheDemoAndShowsTheSchema() {
    browser.get(server.getURL() + "/");
    wait.until(ExpectedConditions.titleIs("DatabaseAI"));
    click("connect-demo");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Connected"));
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#schema-tree details[data-table]")));
    List<String> tables =
        browser.findElements(By.cssSelector("#schema-tree details[data-table]")).stream()
            .map(e -> e.getAttribute("data-table"))
            .toList();
    assertThat(tables).contains("device", "location", "alert");
    assertThat(byId("status").getText()).contains("demo database").contains("postgres");
  }

  @Test
  @Order(2)
  void runsSqlAndShowsRowsInASortablePagedTable() throws Exception {
    runSql("SELECT hostname, ip_address, installed_on FROM device ORDER BY hostname");
    WebElement table =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
    List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
    assertThat(rows).hasSizeBetween(2, 25);
    assertThat(byId("result-summary").getText()).matches("\\d+ rows · \\d+ ms");
    String first = rows.get(0).findElement(By.tagName("td")).getText();
    table.findElement(By.cssSelector("th[data-col='0']")).click();
    table = byId("results-table");
    table.findElement(By.cssSelector("th[data-col='0']")).click();
    String sortedFirst = byId("results-table").findElement(By.cssSelector("tbody tr td")).getText();
    assertThat(
            byId("results-table")
                .findElement(By.cssSelector("th[data-col='0']"))
                .getAttribute("aria-sort"))
        .isEqualTo("descending");
    assertThat(sortedFirst.compareTo(first)).isGreaterThan(0);
    assertThat(byId("sql-highlight").findElements(By.cssSelector(".tok-kw"))).isNotEmpty();
    click("copy-csv");
    JavascriptExecutor js = (JavascriptExecutor) browser;
    String csv = (String) js.executeScript("return window.lastCsv;");
    assertThat(csv.replace("\r", "").lines().toList())
        .hasSize(rowCount() + 1)
        .first()
        .isEqualTo("hostname,ip_address,installed_on");
    assertThat((Boolean) js.executeScript("return window.lastCsv.indexOf('\\r\\n') > 0;"))
        .as("CRLF line ends")
        .isTrue();
    screenshot("sql-results");
  }

  @Test
  @Order(3)
  void aBrokenQueryShowsTheDiagnosisAsSentences() throws Exception {
    runSql("SELECT hostnme FROM device");
    WebElement alert =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error-box")));
    assertThat(alert.getText())
        .contains("The query names a column that does not exist.")
        .contains("hostname");
    assertThat(alert.getText()).doesNotContain("Exception").doesNotContain("\tat ");
    screenshot("sql-diagnosis");
  }

  @Test
  @Order(4)
  void asksAQuestionStreamsTheStepsShowsTheTraceAndTheChart() throws Exception {
    WebElement question = byId("question");
    question.clear();
    question.sendKeys(CHART_QUESTION);
    click("ask-btn");
    WebElement chart =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#chart svg")));
    assertThat(chart.getAttribute("data-kind")).isEqualTo("bar");
    assertThat(browser.findElements(By.cssSelector("#chart rect.bar"))).hasSizeGreaterThan(2);
    List<WebElement> attempts = browser.findElements(By.cssSelector("#trace > li"));
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).getAttribute("class")).contains("failed");
    assertThat(attempts.get(0).getText()).contains("UNDEFINED_COLUMN");
    assertThat(byId("steps").getText()).contains("The database refused it").contains("Got ");
    assertThat(byId("sql-editor").getAttribute("value")).isEqualTo(CHART_SQL);
    assertThat(model.requests()).isGreaterThanOrEqualTo(2);
    screenshot("ask-chart");
  }

  @Test
  @Order(5)
  void drawsALineChartOnATimeAxisForDates() throws Exception {
    runSql(
        "SELECT CAST(raised_at AS date) AS day, COUNT(*) AS alerts FROM alert GROUP BY 1 ORDER BY 1");
    WebElement chart =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#chart svg")));
    assertThat(chart.getAttribute("data-kind")).isEqualTo("line");
    assertThat(browser.findElements(By.cssSelector("#chart path.line"))).hasSize(1);
    click("theme-toggle");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("data-theme"))
        .isEqualTo("dark");
    screenshot("dark-line-chart");
    click("theme-toggle");
  }

  private void runSql(String sql) {
    WebElement editor = byId("sql-editor");
    editor.clear();
    editor.sendKeys(sql);
    // The click handler marks the button busy before its request starts; wait until it is done.
    click("run-btn");
    wait.until(d -> !byId("run-btn").getText().equals("Running…") && byId("run-btn").isEnabled());
  }

  private int rowCount() {
    return Integer.parseInt(byId("result-summary").getText().replaceAll(" rows.*", ""));
  }

  private WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  private void click(String id) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  private void screenshot(String name) throws Exception {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}

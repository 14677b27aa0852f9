package dev.databaseai.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Appends a benchmark's Markdown section to {@code bench/target/benchmarks.md} and prints it, with
 * the date, the machine and the JVM, so that a run can be pasted into docs/benchmarks.md as is.
 */
final class Report {

  static final Path FILE = Path.of("target", "benchmarks.md");

  private final StringBuilder text = new StringBuilder();

  Report(String title) {
    text.append("## ").append(title).append("\n\n");
    text.append("Run ")
        .append(
            ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(ManagementFactory.getOperatingSystemMXBean().getName())
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append(", Java ")
        .append(System.getProperty("java.version"))
        .append(", load average at start ")
        .append(
            String.format(
                java.util.Locale.ROOT,
                "%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
        .append(" (shared machine).\n\n");
  }

  Report line(String line) {
    text.append(line).append('\n');
    return this;
  }

  /** Writes the section; returns its text. */
  String write() {
    String section = text.append('\n').toString();
    System.out.println(section);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          section,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + FILE.toAbsolutePath(), e);
    }
    return section;
  }
}

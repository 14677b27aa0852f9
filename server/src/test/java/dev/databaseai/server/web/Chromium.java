package dev.databaseai.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds Debian's Chromium and chromedriver, installing them with apt-get when the test runs as root
 * and they are missing (as on a fresh CI machine). Says exactly what is missing otherwise.
 */
final class Chromium {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Both executables, or an explanation of why they are not available. */
  static Optional<String> ensureInstalled() {
    if (present()) {
      return Optional.empty();
    }
    if (!isRoot()) {
      return Optional.of(
          missing()
              + " and this test is not running as root, so it cannot install them."
              + " Install them with: sudo apt-get install -y chromium chromium-driver");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      return Optional.of(
          missing()
              + " and there is no apt-get to install them (the test expects Debian or Ubuntu).");
    }
    String log = run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver"));
    if (!present()) {
      log =
          run(List.of("apt-get", "update"))
              + run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver"));
    }
    if (!present()) {
      String tail = log.length() > 800 ? log.substring(log.length() - 800) : log;
      return Optional.of(
          missing()
              + " and 'apt-get install -y chromium chromium-driver' did not install them:\n"
              + tail);
    }
    return Optional.empty();
  }

  private static boolean present() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  private static String missing() {
    return (Files.isExecutable(BROWSER) ? "" : BROWSER + " ")
        + (Files.isExecutable(DRIVER) ? "" : DRIVER + " ")
        + "not found";
  }

  private static boolean isRoot() {
    return run(List.of("id", "-u")).strip().equals("0");
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      process.waitFor(10, TimeUnit.MINUTES);
      return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return command.get(0) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return command.get(0) + ": interrupted";
    }
  }
}

package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads evaluation questions. JSON: {@code {"questions":[{"id","question","postgres","mysql"}]}}
 * (gold SQL under each dialect id, or under {@code sql} for all, or in a {@code gold} object), a
 * bare array of such objects, or JSON Lines with one object per line.
 */
public final class QuestionsFile {

  private static final Set<String> NOT_GOLD =
      Set.of("id", "question", "kind", "category", "description", "notes", "tags", "difficulty");

  private QuestionsFile() {}

  /**
   * @throws CliException naming the file and the problem (missing, not JSON, no question text,
   *     duplicate id)
   */
  public static List<EvalQuestion> load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCodes.USAGE, "Questions file " + file + " does not exist.");
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.USAGE, "Cannot read questions file " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Parses questions from text; {@code source} names it in error messages. */
  public static List<EvalQuestion> parse(String text, String source) {
    List<JsonNode> items = new ArrayList<>();
    String trimmed = text.strip();
    try {
      if (source.endsWith(".jsonl") || source.endsWith(".ndjson")) {
        for (String line : trimmed.split("\\R")) {
          if (!line.isBlank()) {
            items.add(Json.MAPPER.readTree(line));
          }
        }
      } else {
        JsonNode root = Json.MAPPER.readTree(trimmed);
        JsonNode list = root.isArray() ? root : root.path("questions");
        if (!list.isArray()) {
          throw new CliException(
              ExitCodes.USAGE,
              "Questions file "
                  + source
                  + " has no \"questions\" array (expected {\"questions\":[{\"id\",\"question\",\"postgres\",\"mysql\"}]}).");
        }
        list.forEach(items::add);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException(
          ExitCodes.USAGE,
          "Questions file "
              + source
              + " is not valid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    List<EvalQuestion> questions = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String question = item.path("question").asText("").strip();
      if (question.isEmpty()) {
        throw new CliException(
            ExitCodes.USAGE,
            "Question " + (i + 1) + " in " + source + " has no \"question\" text.");
      }
      String id = item.path("id").asText("q" + (i + 1));
      if (!ids.add(id)) {
        throw new CliException(
            ExitCodes.USAGE, "Questions file " + source + " repeats the id '" + id + "'.");
      }
      Map<String, String> gold = new LinkedHashMap<>();
      JsonNode explicit = item.path("gold");
      if (explicit.isTextual()) {
        gold.put("sql", explicit.asText());
      } else if (explicit.isObject()) {
        explicit.fields().forEachRemaining(f -> gold.put(f.getKey(), f.getValue().asText()));
      }
      item.fields()
          .forEachRemaining(
              f -> {
                if (!NOT_GOLD.contains(f.getKey())
                    && !f.getKey().equals("gold")
                    && f.getValue().isTextual()) {
                  gold.put(f.getKey(), f.getValue().asText());
                }
              });
      questions.add(new EvalQuestion(id, question, gold));
    }
    if (questions.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, "Questions file " + source + " holds no questions.");
    }
    return List.copyOf(questions);
  }
}

package dev.databaseai.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How well a name someone wrote fits a real name: token overlap of the snake_case / camelCase parts
 * (with stems, abbreviations such as {@code qty → quantity}, time synonyms such as {@code date →
 * at}, boolean prefixes such as {@code is_}) and Damerau-Levenshtein similarity as the tie-breaker.
 * Words of the owning table's name are free: {@code product_id} on {@code product} fits {@code id},
 * {@code name} on {@code role} fits {@code role_name}. The fit weighs both directions: how much of
 * the written name the candidate covers, and how much of the candidate the written name accounts
 * for, so a candidate that adds a word the writer did not write loses to one that does not ({@code
 * site_name} fits {@code name} better than {@code site_code}). Stateless.
 */
final class NameMatcher {

  private static final Set<String> TIME_WORDS =
      Set.of("date", "at", "time", "on", "dt", "timestamp", "ts", "day", "when");
  private static final Set<String> BOOLEAN_PREFIXES = Set.of("is", "has", "can", "flag");
  private static final Map<String, String> SYNONYMS =
      Map.ofEntries(
          Map.entry("qty", "quantity"),
          Map.entry("amt", "amount"),
          Map.entry("desc", "description"),
          Map.entry("descr", "description"),
          Map.entry("cust", "customer"),
          Map.entry("dept", "department"),
          Map.entry("emp", "employee"),
          Map.entry("num", "number"),
          Map.entry("no", "number"),
          Map.entry("nbr", "number"),
          Map.entry("addr", "address"),
          Map.entry("cnt", "count"),
          Map.entry("usr", "user"),
          Map.entry("mgr", "manager"),
          Map.entry("cat", "category"),
          Map.entry("tel", "phone"),
          Map.entry("pwd", "password"),
          Map.entry("cost", "price"),
          Map.entry("surname", "last"),
          Map.entry("forename", "first"),
          Map.entry("given", "first"),
          Map.entry("family", "last"),
          Map.entry("perm", "permission"),
          Map.entry("prod", "product"),
          Map.entry("hired", "hire"),
          Map.entry("ordered", "order"),
          Map.entry("created", "create"),
          Map.entry("mail", "email"),
          Map.entry("e", "email"));

  private NameMatcher() {}

  /**
   * The fit of {@code written} to {@code candidate}, a name of table {@code ownerTable} (may be
   * empty), between 0 and 1.
   */
  static double score(String written, String candidate, String ownerTable) {
    String w = written.toLowerCase(Locale.ROOT);
    String c = candidate.toLowerCase(Locale.ROOT);
    if (w.equals(c)) {
      return 1.0;
    }
    double edit = similarity(w, c);
    if (w.replace("_", "").equals(c.replace("_", ""))) {
      return 0.97;
    }
    List<String> tableWords = words(ownerTable);
    List<String> wt = meaningful(words(written), tableWords);
    List<String> ct = meaningful(words(candidate), tableWords);
    if (wt.isEmpty() || ct.isEmpty()) {
      // Only table words are left (e.g. "product_id" on "product" vs "id"): compare what remains.
      wt = wt.isEmpty() ? words(written) : wt;
      ct = ct.isEmpty() ? words(candidate) : ct;
    }
    double matched = 0;
    for (String word : wt) {
      double best = 0;
      for (String other : ct) {
        best = Math.max(best, wordFit(word, other));
      }
      matched += best;
    }
    // Precision is the share of the candidate the written name accounts for: a word the writer
    // did not write counts against a candidate ("site_name" is a name, so "name" fits it better
    // than "site_code", which shares "site" but is a code).
    double explained = 0;
    for (String word : ct) {
      double best = 0;
      for (String other : wt) {
        best = Math.max(best, wordFit(word, other));
      }
      explained += best;
    }
    double coverage = matched / wt.size();
    double precision = explained / ct.size();
    double tokens = 0.7 * coverage + 0.3 * precision;
    // Edit distance of what is left without the table's own words, when that is closer.
    edit = Math.max(edit, similarity(String.join("", wt), String.join("", ct)));
    return Math.min(0.96, 0.8 * tokens + 0.2 * edit);
  }

  /** Fit of two single words. */
  static double wordFit(String a, String b) {
    String x = canonical(a);
    String y = canonical(b);
    if (x.equals(y)) {
      return 1.0;
    }
    if (TIME_WORDS.contains(x) && TIME_WORDS.contains(y)) {
      return 0.9;
    }
    if (x.length() >= 3
        && y.length() >= 3
        && (x.startsWith(y) || y.startsWith(x))
        && Math.abs(x.length() - y.length()) <= 3) {
      return 0.9;
    }
    // Two letters are too few to be an abbreviation of a word ("at" is not "active"); the short
    // ones that are (no, e) are synonyms above.
    if (Math.min(x.length(), y.length()) >= 3 && (isAbbreviation(x, y) || isAbbreviation(y, x))) {
      return 0.8;
    }
    double s = similarity(x, y);
    return s >= 0.75 ? s * 0.8 : 0;
  }

  /**
   * Whether {@code shortWord} is a subsequence of {@code longWord} starting with the same letter.
   */
  static boolean isAbbreviation(String shortWord, String longWord) {
    if (shortWord.length() < 2
        || shortWord.length() >= longWord.length()
        || shortWord.charAt(0) != longWord.charAt(0)) {
      return false;
    }
    int j = 0;
    for (int i = 0; i < longWord.length() && j < shortWord.length(); i++) {
      if (longWord.charAt(i) == shortWord.charAt(j)) {
        j++;
      }
    }
    return j == shortWord.length();
  }

  private static String canonical(String word) {
    String w = SYNONYMS.getOrDefault(word, word);
    if (w.length() > 3 && w.endsWith("ies")) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }

  /** Words of a name without boolean prefixes and without words of the owning table's name. */
  private static List<String> meaningful(List<String> words, List<String> tableWords) {
    List<String> result = new ArrayList<>();
    for (String word : words) {
      if (BOOLEAN_PREFIXES.contains(word)) {
        continue;
      }
      boolean tableWord = false;
      for (String t : tableWords) {
        if (canonical(word).equals(canonical(t)) || isAbbreviation(word, t)) {
          tableWord = true;
        }
      }
      if (!tableWord) {
        result.add(word);
      }
    }
    return result;
  }

  /** Lower-case words of a snake_case, kebab, dotted or camelCase name. */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    if (name == null) {
      return words;
    }
    String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
    for (String part : spaced.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!part.isEmpty()) {
        words.add(part);
      }
    }
    return words;
  }

  /**
   * Table-name fit: singular/plural, separators, word overlap ({@code users → web_user}),
   * abbreviation.
   */
  static double tableScore(String written, String candidate) {
    String w = written.toLowerCase(Locale.ROOT);
    String c = candidate.toLowerCase(Locale.ROOT);
    if (w.equals(c)) {
      return 1.0;
    }
    String wj = singular(w.replaceAll("[^a-z0-9]", ""));
    String cj = singular(c.replaceAll("[^a-z0-9]", ""));
    if (wj.equals(cj)) {
      return 0.98;
    }
    List<String> ww = words(written).stream().map(NameMatcher::canonical).toList();
    List<String> cw = words(candidate).stream().map(NameMatcher::canonical).toList();
    double matched = 0;
    for (String word : ww) {
      double best = 0;
      for (String other : cw) {
        best = Math.max(best, wordFit(word, other));
      }
      matched += best;
    }
    double coverage = ww.isEmpty() ? 0 : matched / ww.size();
    double precision = matched / Math.max(1, Math.max(ww.size(), cw.size()));
    double abbreviation = isAbbreviation(wj, cj) ? 0.85 : 0;
    return Math.max(
        abbreviation,
        Math.min(0.95, 0.55 * coverage + 0.25 * precision + 0.2 * similarity(wj, cj)));
  }

  private static String singular(String word) {
    if (word.endsWith("ies") && word.length() > 4) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.endsWith("ses") || word.endsWith("xes")) {
      return word.substring(0, word.length() - 2);
    }
    if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 3) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  /** 1 − Damerau-Levenshtein distance / longer length. */
  static double similarity(String a, String b) {
    int longer = Math.max(a.length(), b.length());
    return longer == 0 ? 1.0 : 1.0 - (double) distance(a, b) / longer;
  }

  /** Optimal-string-alignment Damerau-Levenshtein distance. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + cost);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

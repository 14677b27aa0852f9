package dev.databaseai.agent.linking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns questions and identifiers into comparable word stems: splits snake_case and camelCase,
 * lower-cases, expands common abbreviations, folds plural/singular and a few suffixes, and drops
 * question words. Stateless and thread-safe.
 */
public final class Words {

  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{Nd}]*|\\p{Nd}+");
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{Nd}]+");
  private static final Pattern ACRONYM_PLURAL = Pattern.compile("[A-Z]{2,}s");
  private static final Pattern CAMEL =
      Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

  private static final Set<String> STOP =
      Set.of(
          "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or",
          "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those",
          "what", "which", "who", "whom", "whose", "how", "many", "much", "list", "show", "give",
          "me", "all", "each", "every", "per", "find", "get", "display", "return", "tell", "do",
          "does", "did", "have", "has", "had", "there", "their", "them", "they", "than", "then",
          "as", "into", "any", "some", "only", "also", "please", "where", "when", "most", "least",
          "top", "number", "count", "total", "average", "avg", "sum", "max", "min", "more", "less",
          "over", "under", "between", "not", "no", "but", "if", "we", "our", "us", "i", "my", "you",
          "your", "one", "ones", "s", "name", "names", "id", "ids", "value", "values");

  /** Abbreviations found in identifiers, mapped to the word a question uses. */
  private static final Map<String, String> ABBREVIATIONS =
      Map.ofEntries(
          Map.entry("qty", "quantity"),
          Map.entry("amt", "amount"),
          Map.entry("num", "number"),
          Map.entry("nbr", "number"),
          Map.entry("no", "number"),
          Map.entry("dept", "department"),
          Map.entry("emp", "employee"),
          Map.entry("empl", "employee"),
          Map.entry("cust", "customer"),
          Map.entry("addr", "address"),
          Map.entry("desc", "description"),
          Map.entry("prod", "product"),
          Map.entry("cat", "category"),
          Map.entry("acct", "account"),
          Map.entry("txn", "transaction"),
          Map.entry("trx", "transaction"),
          Map.entry("org", "organization"),
          Map.entry("mgr", "manager"),
          Map.entry("dt", "date"),
          Map.entry("ts", "timestamp"),
          Map.entry("pct", "percent"),
          Map.entry("loc", "location"),
          Map.entry("wh", "warehouse"),
          Map.entry("whse", "warehouse"),
          Map.entry("inv", "invoice"),
          Map.entry("po", "purchase"),
          Map.entry("sku", "product"),
          Map.entry("usr", "user"),
          Map.entry("msg", "message"),
          Map.entry("cfg", "configuration"),
          Map.entry("config", "configuration"),
          Map.entry("info", "information"),
          Map.entry("img", "image"),
          Map.entry("ref", "reference"),
          Map.entry("seq", "sequence"),
          Map.entry("sal", "salary"),
          Map.entry("hr", "human"),
          Map.entry("iface", "interface"),
          Map.entry("intf", "interface"),
          Map.entry("dev", "device"),
          Map.entry("svc", "service"),
          Map.entry("srv", "server"),
          Map.entry("stat", "status"),
          Map.entry("ctry", "country"),
          Map.entry("cntry", "country"),
          Map.entry("curr", "currency"),
          Map.entry("ccy", "currency"),
          Map.entry("pos", "position"),
          Map.entry("reg", "region"),
          Map.entry("tel", "phone"),
          Map.entry("ph", "phone"),
          Map.entry("bal", "balance"),
          Map.entry("max", "maximum"),
          Map.entry("min", "minimum"),
          Map.entry("avg", "average"),
          Map.entry("temp", "temperature"),
          Map.entry("kb", "knowledge"),
          Map.entry("ip", "ip"),
          Map.entry("vm", "virtual"),
          Map.entry("cert", "certificate"),
          Map.entry("auth", "authentication"),
          Map.entry("perm", "permission"),
          Map.entry("cc", "cost"),
          Map.entry("gl", "ledger"),
          Map.entry("ap", "payable"),
          Map.entry("ar", "receivable"),
          Map.entry("uom", "unit"),
          Map.entry("lang", "language"));

  /** Everyday words a question may use for the word a schema uses. */
  private static final Map<String, String> SYNONYMS =
      Map.ofEntries(
          Map.entry("client", "customer"),
          Map.entry("buyer", "customer"),
          Map.entry("staff", "employee"),
          Map.entry("worker", "employee"),
          Map.entry("personnel", "employee"),
          Map.entry("wage", "salary"),
          Map.entry("earn", "salary"),
          Map.entry("vendor", "supplier"),
          Map.entry("item", "item"),
          Map.entry("article", "product"),
          Map.entry("good", "product"),
          Map.entry("city", "city"),
          Map.entry("town", "city"),
          Map.entry("bought", "order"),
          Map.entry("buy", "order"),
          Map.entry("sold", "sale order"),
          Map.entry("sale", "sale order"),
          Map.entry("purchased", "purchase"),
          Map.entry("sell", "sale"),
          Map.entry("shipped", "shipment"),
          Map.entry("ship", "shipment"),
          Map.entry("deliver", "delivery"),
          Map.entry("delivered", "delivery"),
          Map.entry("paid", "payment"),
          Map.entry("boss", "manager"),
          Map.entry("hire", "hire"),
          Map.entry("hired", "hire"),
          Map.entry("router", "device"),
          Map.entry("switch", "device"),
          Map.entry("host", "device"),
          Map.entry("outage", "incident"),
          Map.entry("ticket", "ticket"),
          Map.entry("cost", "cost"),
          Map.entry("price", "price"),
          Map.entry("revenue", "amount"),
          Map.entry("spent", "amount"),
          Map.entry("stock", "inventory"),
          Map.entry("returned", "return"),
          Map.entry("rated", "review"),
          Map.entry("rating", "review"),
          Map.entry("leave", "leave"),
          Map.entry("vacation", "leave"),
          Map.entry("holiday", "leave"),
          Map.entry("absence", "leave"),
          Map.entry("job", "position"),
          Map.entry("role", "role"),
          Map.entry("team", "team"),
          Map.entry("login", "login log access"),
          Map.entry("logged", "login log"),
          Map.entry("link", "link"),
          Map.entry("bandwidth", "bandwidth"));

  private Words() {}

  /** The lower-case words of an identifier: {@code orderItem_ID} → {@code [order, item, id]}. */
  public static List<String> splitIdentifier(String identifier) {
    List<String> words = new ArrayList<>();
    for (String part : SEPARATORS.split(identifier)) {
      if (part.isEmpty()) {
        continue;
      }
      if (ACRONYM_PLURAL.matcher(part).matches()) {
        words.add(part.toLowerCase(Locale.ROOT)); // VLANs, IPs: one word, not VLA + Ns
        continue;
      }
      for (String piece : CAMEL.split(part)) {
        if (!piece.isEmpty()) {
          words.add(piece.toLowerCase(Locale.ROOT));
        }
      }
    }
    return words;
  }

  /** Stems of an identifier's words, with abbreviations expanded; no stop-word removal. */
  public static List<String> identifierStems(String identifier) {
    List<String> stems = new ArrayList<>();
    for (String word : splitIdentifier(identifier)) {
      stems.add(stem(ABBREVIATIONS.getOrDefault(word, word)));
    }
    return stems;
  }

  /** Stems of free text (a question or a comment), without stop words, in order, distinct. */
  public static List<String> textStems(String text) {
    Set<String> stems = new LinkedHashSet<>();
    Matcher matcher = WORD.matcher(text);
    while (matcher.find()) {
      for (String word : splitIdentifier(matcher.group())) {
        if (STOP.contains(word) || word.length() < 2 && !Character.isDigit(word.charAt(0))) {
          continue;
        }
        String expanded = ABBREVIATIONS.getOrDefault(word, word);
        String stemmed = stem(expanded);
        String synonyms = SYNONYMS.getOrDefault(expanded, SYNONYMS.get(stemmed));
        if (synonyms == null) {
          stems.add(stemmed);
        } else {
          for (String synonym : synonyms.split(" ")) {
            stems.add(stem(synonym));
          }
        }
      }
    }
    return List.copyOf(stems);
  }

  /**
   * A light English stem: folds plurals ({@code categories → category}, {@code boxes → box}) and
   * the suffixes {@code -ing}, {@code -ed}, {@code -ment}, {@code -ation} so that related words
   * meet.
   */
  public static String stem(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.length() <= 3 || !Character.isLetter(w.charAt(w.length() - 1))) {
      return w;
    }
    if (w.endsWith("ies") && w.length() > 4) {
      w = w.substring(0, w.length() - 3) + "y";
    } else if (w.endsWith("sses")
        || w.endsWith("xes")
        || w.endsWith("ches")
        || w.endsWith("shes")) {
      w = w.substring(0, w.length() - 2);
    } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
      w = w.substring(0, w.length() - 1);
    }
    if (w.endsWith("ing") && w.length() > 5) {
      w = undouble(w.substring(0, w.length() - 3));
    } else if (w.endsWith("ed") && w.length() > 4 && !w.endsWith("eed")) {
      w = undouble(w.substring(0, w.length() - 2));
    }
    if (w.endsWith("ation") && w.length() > 7) {
      w = w.substring(0, w.length() - 5);
    } else if (w.endsWith("ment") && w.length() > 6) {
      w = w.substring(0, w.length() - 4);
    }
    if (w.endsWith("e") && w.length() > 3) {
      w = w.substring(0, w.length() - 1);
    }
    return w;
  }

  private static String undouble(String w) {
    int n = w.length();
    if (n > 2 && w.charAt(n - 1) == w.charAt(n - 2) && "lsz".indexOf(w.charAt(n - 1)) < 0) {
      return w.substring(0, n - 1);
    }
    return w;
  }
}

package dev.databaseai.agent.linking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.llm.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Recall and size of the linked context on two generated 300-table schemas with confusable names: a
 * question is covered when every table its correct SQL needs is in the context. Prints the figures
 * reported in docs/benchmarks.md.
 */
class SchemaLinkingBenchmarkTest {

  record Case(String question, Set<String> gold) {}

  static Case q(String question, String... gold) {
    return new Case(question, Set.of(gold));
  }

  static final List<Case> SHOP =
      List.of(
          q("How many orders were placed last month?", "orders"),
          q(
              "Which customers from Germany ordered more than 5 times?",
              "customers",
              "countries",
              "orders"),
          q("Total revenue per sales channel in 2024", "orders", "sales_channels"),
          q("Top 10 products by quantity sold", "products", "order_items"),
          q("Which products were never ordered?", "products", "order_items"),
          q("How many archived orders are there per year?", "orders_archive"),
          q(
              "List purchase orders from suppliers in France that are still in draft",
              "purchase_orders",
              "suppliers",
              "countries"),
          q(
              "What is the stock on hand of each product in the Hamburg warehouse?",
              "inventory_levels",
              "products",
              "warehouses"),
          q("Average rating of products per brand", "product_reviews", "products", "brands"),
          q("Which invoices are overdue and not paid?", "invoices"),
          q("Total payments received by payment method this year", "payments", "payment_methods"),
          q("How many shipments did each carrier deliver late?", "shipments", "carriers"),
          q(
              "Refund amount of returns per product category",
              "returns",
              "order_items",
              "products",
              "product_categories"),
          q("Which customers have gold loyalty tier?", "customers", "loyalty_accounts"),
          q("Number of cancelled orders per customer segment", "orders", "customers"),
          q(
              "Which promotion codes were used on the most orders?",
              "promotions",
              "order_promotions"),
          q("Abandoned carts with more than 3 items", "carts", "cart_items"),
          q("Employees who manage a store in Berlin", "employees", "stores"),
          q("Open support tickets assigned to each employee", "support_tickets", "employees"),
          q("Debit and credit totals per general ledger account", "journal_lines", "gl_accounts"),
          q(
              "Lead time of each supplier for product SKU A-100",
              "product_suppliers",
              "suppliers",
              "products"),
          q(
              "Which purchase order lines have a unit cost above the product's unit price?",
              "purchase_order_lines",
              "products"),
          q("VAT rate for books in Austria", "tax_rates", "product_categories", "countries"),
          q(
              "Stock movements of type transfer last week per warehouse",
              "stock_movements",
              "warehouses"),
          q("Gift cards expiring this year with a balance above 50", "gift_cards"));

  static final List<Case> NET_HR =
      List.of(
          q("How many employees were hired in 2023?", "employees"),
          q("Average salary per department", "salaries", "employees", "departments"),
          q("Who reports to manager Anna Schmidt?", "employees"),
          q("Approved vacation requests in August", "leave_requests", "leave_types"),
          q("Remaining leave days per employee for 2024", "leave_balances", "employees"),
          q("Employees in the Berlin office", "employees", "locations"),
          q("Which devices are offline?", "devices"),
          q("Number of devices per site", "devices", "sites"),
          q(
              "Devices by vendor Cisco that reach end of life this year",
              "devices",
              "device_models",
              "vendors"),
          q("Interfaces with speed below 1000 Mbps on router core-1", "interfaces", "devices"),
          q(
              "Which IP addresses are in the subnet of VLAN 20?",
              "ip_addresses",
              "ip_prefixes",
              "vlans"),
          q("Monthly cost of WAN circuits per telecom provider", "circuits", "circuit_providers"),
          q(
              "Critical incidents still unresolved and the engineer assigned",
              "incidents",
              "employees"),
          q("Sites with the most incidents last quarter", "incidents", "devices", "sites"),
          q("Unacknowledged alerts for devices in rack R12", "alerts", "devices", "racks"),
          q("Which employees have a laptop assigned?", "asset_assignments", "employees", "devices"),
          q("Software licenses expiring next month", "licenses"),
          q(
              "Devices running software version 17.3",
              "device_software",
              "software_versions",
              "devices"),
          q(
              "Candidates in the interview stage for open positions in the IT department",
              "candidates",
              "applications",
              "job_postings",
              "departments"),
          q(
              "Net pay of each employee in the last payroll run",
              "payslips",
              "payroll_runs",
              "employees"),
          q("Hours worked per project last week", "timesheets", "projects"),
          q(
              "Who completed the security training course?",
              "training_enrollments",
              "training_courses",
              "employees"),
          q("Accounts locked that have not logged in for 90 days", "user_accounts"),
          q("Failed logins per device yesterday", "access_logs", "devices"),
          q("Peak inbound traffic per interface today", "interface_metrics", "interfaces"),
          q(
              "Devices without a successful configuration backup this week",
              "devices",
              "device_backups"));

  /**
   * The values the agent samples from small lookup tables (see {@code SqlAgent}'s lookup sampling):
   * what a real database would hold in these rows.
   */
  static KnownValues lookupValues(String schema) {
    return new KnownValues(
        java.util.Map.of(
            schema + ".countries",
                java.util.Map.of(
                    "name",
                    List.of(
                        "Germany",
                        "France",
                        "Austria",
                        "Italy",
                        "Spain",
                        "Netherlands",
                        "Poland",
                        "Switzerland",
                        "United Kingdom",
                        "United States")),
            schema + ".product_categories",
                java.util.Map.of(
                    "name",
                    List.of("Books", "Electronics", "Toys", "Garden", "Kitchen", "Clothing")),
            schema + ".payment_methods",
                java.util.Map.of("name", List.of("Card", "PayPal", "Invoice", "Bank transfer")),
            schema + ".sales_channels",
                java.util.Map.of("name", List.of("Web", "App", "Store", "Marketplace")),
            schema + ".device_types",
                java.util.Map.of(
                    "name",
                    List.of("router", "switch", "firewall", "server", "laptop", "access point")),
            schema + ".leave_types",
                java.util.Map.of(
                    "name", List.of("vacation", "sick leave", "parental leave", "unpaid")),
            schema + ".skills",
                java.util.Map.of("name", List.of("Java", "SQL", "Networking", "Linux"))));
  }

  /**
   * Written after the linker was tuned on the two lists above and never tuned on: the honest figure
   * for unseen questions (reported separately, asserted more loosely).
   */
  static final List<Case> SHOP_HELD_OUT =
      List.of(
          q("Which customers wrote a review with rating 1?", "customers", "product_reviews"),
          q("Average discount per order in 2024", "order_items", "orders"),
          q(
              "How many wishlist items does each customer have?",
              "wishlists",
              "wishlist_items",
              "customers"),
          q("Products whose stock is below the reorder point", "inventory_levels", "products"),
          q(
              "Which carriers shipped orders from the Munich store?",
              "carriers",
              "shipments",
              "orders",
              "stores"),
          q("Customers with unpaid invoices older than 60 days", "customers", "invoices"),
          q(
              "Prices of products in the summer price list",
              "price_list_items",
              "price_lists",
              "products"));

  static final List<Case> NET_HR_HELD_OUT =
      List.of(
          q("Which VLANs exist at site FRA1?", "vlans", "sites"),
          q("Contractors who joined this year", "employees"),
          q(
              "Employees with the Java skill at level 4 or more",
              "employee_skills",
              "skills",
              "employees"),
          q("Firewall rules that allow port 22", "firewall_rules"),
          q("Teams led by someone in the Finance department", "teams", "employees", "departments"),
          q("Change requests waiting for approval on core switches", "change_requests", "devices"),
          q(
              "Which departments exceed their salary band maximum?",
              "salaries",
              "salary_bands",
              "employees",
              "departments"));

  @Test
  void linkedContextHoldsTheNeededTablesForAtLeast95PercentOfQuestionsWithinAQuarterOfTheSchema() {
    TokenCounter counter = TokenCounter.approximate();
    SchemaLinker linker = new SchemaLinker(counter);
    int budget = SchemaLinker.budgetFor(OptionalInt.of(32_768), 4_000);
    List<String> report = new ArrayList<>();
    int covered = 0;
    int total = 0;
    double ratioSum = 0;
    double maxRatio = 0;
    int naiveCovered = 0;
    long linkNanos = 0;
    long buildNanos = 0;
    double naiveRatio = 0;
    SchemaSnapshot shop = BenchmarkSchemas.shop();
    SchemaSnapshot netHr = BenchmarkSchemas.netHr();
    int heldOutCovered = 0;
    int heldOutTotal = 0;
    double heldOutRatio = 0;
    for (var entry :
        List.of(
            java.util.Map.entry(shop, SHOP_HELD_OUT),
            java.util.Map.entry(netHr, NET_HR_HELD_OUT))) {
      for (Case c : entry.getValue()) {
        SchemaContext context =
            linker.link(
                c.question(),
                entry.getKey(),
                budget,
                lookupValues(entry.getKey().tables().get(0).schema()),
                List.of());
        Set<String> names =
            context.tables().stream()
                .map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        heldOutTotal++;
        heldOutRatio += (double) context.tokens() / context.fullSchemaTokens();
        if (names.containsAll(c.gold())) {
          heldOutCovered++;
        } else {
          report.add(
              "HELD-OUT MISSED "
                  + c.question()
                  + " missing "
                  + c.gold().stream().filter(g -> !names.contains(g)).toList());
        }
      }
    }
    for (var entry : List.of(java.util.Map.entry(shop, SHOP), java.util.Map.entry(netHr, NET_HR))) {
      SchemaSnapshot schema = entry.getKey();
      assertThat(schema.tables()).hasSize(300);
      long b0 = System.nanoTime();
      // the first call builds the per-schema index (stems, frequencies, FK graph, full rendering)
      int full =
          linker
              .link("", schema, budget, lookupValues(schema.tables().get(0).schema()), List.of())
              .fullSchemaTokens();
      buildNanos += System.nanoTime() - b0;
      int schemaCovered = 0;
      double schemaRatio = 0;
      for (Case c : entry.getValue()) {
        long t0 = System.nanoTime();
        SchemaContext context =
            linker.link(
                c.question(),
                schema,
                budget,
                lookupValues(schema.tables().get(0).schema()),
                List.of());
        linkNanos += System.nanoTime() - t0;
        Set<String> names =
            context.tables().stream()
                .map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        boolean ok = names.containsAll(c.gold());
        double ratio = (double) context.tokens() / full;
        if (ok) {
          schemaCovered++;
        } else {
          report.add(
              "MISSED "
                  + c.question()
                  + " missing "
                  + c.gold().stream().filter(g -> !names.contains(g)).toList()
                  + " got "
                  + context.tableNames().size()
                  + " tables: "
                  + context.tables().stream().map(t -> t.name()).toList());
        }
        schemaRatio += ratio;
        // baseline: tables whose name shares a plain lower-case word with the question, no
        // stemming, no joins
        Set<String> words =
            new java.util.HashSet<>(
                List.of(c.question().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
        List<dev.databaseai.dialect.schema.Table> naive =
            schema.tables().stream()
                .filter(t -> Words.splitIdentifier(t.name()).stream().anyMatch(words::contains))
                .toList();
        SchemaRenderer renderer = new SchemaRenderer(schema);
        int naiveTokens =
            counter.count(
                naive.stream()
                    .map(t -> renderer.render(t, java.util.Map.of()) + "\n")
                    .collect(Collectors.joining()));
        naiveCovered +=
            naive.stream().map(t -> t.name()).collect(Collectors.toSet()).containsAll(c.gold())
                ? 1
                : 0;
        naiveRatio += (double) naiveTokens / full;
        maxRatio = Math.max(maxRatio, ratio);
        assertThat(context.tokens()).isLessThanOrEqualTo(budget);
      }
      report.add(
          String.format(
              Locale.ROOT,
              "%s: %d tables, full schema %d tokens, %d/%d questions fully covered, mean context %.1f%% of full",
              schema.tables().get(0).schema(),
              schema.tables().size(),
              full,
              schemaCovered,
              entry.getValue().size(),
              100 * schemaRatio / entry.getValue().size()));
      covered += schemaCovered;
      total += entry.getValue().size();
      ratioSum += schemaRatio;
    }
    double recall = (double) covered / total;
    report.add(
        String.format(
            Locale.ROOT,
            "TOTAL: %d questions, recall %.1f%% (%d/%d), mean context %.1f%%, max %.1f%% of full schema tokens, budget %d tokens",
            total,
            100 * recall,
            covered,
            total,
            100 * ratioSum / total,
            100 * maxRatio,
            budget));
    report.add(
        String.format(
            Locale.ROOT,
            "link time: mean %.2f ms per question; index build %.0f ms per schema",
            linkNanos / 1e6 / total,
            buildNanos / 1e6 / 2));
    report.add(
        String.format(
            Locale.ROOT,
            "BASELINE name-word match: recall %.1f%% (%d/%d), mean context %.1f%% of full schema tokens",
            100.0 * naiveCovered / total,
            naiveCovered,
            total,
            100 * naiveRatio / total));
    report.add(
        String.format(
            Locale.ROOT,
            "HELD-OUT: %d questions, recall %.1f%% (%d/%d), mean context %.1f%% of full schema tokens",
            heldOutTotal,
            100.0 * heldOutCovered / heldOutTotal,
            heldOutCovered,
            heldOutTotal,
            100 * heldOutRatio / heldOutTotal));
    report.forEach(System.out::println);
    assertThat((double) heldOutCovered / heldOutTotal).isGreaterThanOrEqualTo(0.75);
    assertThat(total).isGreaterThanOrEqualTo(40);
    assertThat(recall).isGreaterThanOrEqualTo(0.95);
    assertThat(ratioSum / total).isLessThanOrEqualTo(0.25);
    assertThat(maxRatio).isLessThanOrEqualTo(0.27);
  }
}

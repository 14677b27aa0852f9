package dev.databaseai.testkit.schemas;

import java.util.List;

/**
 * Questions asked of {@link BenchmarkSchemas}, each with its gold tables: every table the correct
 * SQL needs (joins included). A linked context covers a question when it holds all of them.
 */
public final class BenchmarkQuestions {

  private BenchmarkQuestions() {}

  /** A question and its gold tables (bare names, the answer's main table first). */
  public record Question(String question, List<String> tables) {
    public Question {
      tables = List.copyOf(tables);
    }
  }

  private static Question q(String question, String... tables) {
    return new Question(question, List.of(tables));
  }

  /** Questions about {@link BenchmarkSchemas#shop()}, with the tables their SQL needs. */
  public static final List<Question> SHOP =
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

  /** Questions about {@link BenchmarkSchemas#netHr()}, with the tables their SQL needs. */
  public static final List<Question> NET_HR =
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
   * Written after the linker was tuned on {@link #SHOP} and {@link #NET_HR} and never tuned on: the
   * honest figure for unseen questions.
   */
  public static final List<Question> SHOP_HELD_OUT =
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

  /** Held-out questions about {@link BenchmarkSchemas#netHr()}, as {@link #SHOP_HELD_OUT}. */
  public static final List<Question> NET_HR_HELD_OUT =
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
}

package dev.databaseai.testkit.schemas;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.dialect.schema.TableKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two realistic 300-table schemas for the linking and agent-overhead benchmarks: a shop/ERP and a
 * network/HR domain. Each has a hand-written core (the tables questions are about) padded with the
 * tables real databases accumulate around it — archives, audit trails, staging copies, notes,
 * reports — so that names are confusable ({@code orders}, {@code orders_archive}, {@code
 * order_items}, {@code purchase_orders}, {@code orders_audit}). {@link BenchmarkQuestions} holds
 * the questions asked of them; {@link #postgresScript} builds them in a real database.
 */
public final class BenchmarkSchemas {

  private BenchmarkSchemas() {}

  /**
   * The shop/ERP core: {@code name: comment | column type [PK] [-> table.column] [{enum,labels}];
   * …}.
   */
  public static final String SHOP_CORE =
      """
      regions: Sales regions | id int PK; name varchar(60)
      countries: Countries | id int PK; iso_code char(2); name varchar(80); region_id int -> regions.id
      currencies: | id int PK; code char(3); name varchar(40); symbol varchar(4)
      customers: People and companies who buy from us | id int PK; first_name varchar(60); last_name varchar(60); email varchar(120); phone varchar(30); country_id int -> countries.id; city varchar(80); segment customer_segment {retail,wholesale,corporate}; created_at timestamp
      customer_addresses: | id int PK; customer_id int -> customers.id; street varchar(120); city varchar(80); postal_code varchar(12); country_id int -> countries.id; is_default boolean
      brands: | id int PK; name varchar(80); country_id int -> countries.id
      product_categories: Category tree | id int PK; name varchar(80); parent_id int -> product_categories.id
      products: Things we sell | id int PK; sku varchar(30); name varchar(120); category_id int -> product_categories.id; brand_id int -> brands.id; unit_price numeric(12,2); weight_kg numeric(8,3); active boolean; launched_on date
      suppliers: | id int PK; name varchar(120); country_id int -> countries.id; email varchar(120); rating int
      product_suppliers: Which supplier delivers which product | product_id int PK -> products.id; supplier_id int PK -> suppliers.id; cost_price numeric(12,2); lead_time_days int
      warehouses: | id int PK; code varchar(10); name varchar(80); city varchar(80); country_id int -> countries.id
      inventory_levels: Stock per product and warehouse | id int PK; product_id int -> products.id; warehouse_id int -> warehouses.id; quantity_on_hand int; reorder_point int
      stock_movements: | id int PK; product_id int -> products.id; warehouse_id int -> warehouses.id; moved_at timestamp; quantity int; movement_type movement_type {receipt,pick,adjustment,transfer}
      sales_channels: | id int PK; name varchar(40)
      employees: Staff of the shop | id int PK; first_name varchar(60); last_name varchar(60); email varchar(120); hired_at date; department_id int -> departments.id; salary numeric(12,2)
      departments: | id int PK; name varchar(80)
      stores: Physical shops | id int PK; name varchar(80); city varchar(80); country_id int -> countries.id; manager_id int -> employees.id; opened_on date
      orders: Customer orders | id int PK; order_no varchar(20); customer_id int -> customers.id; store_id int -> stores.id; sales_channel_id int -> sales_channels.id; order_date timestamp; status order_status {new,paid,shipped,delivered,cancelled}; total_amount numeric(12,2); currency_id int -> currencies.id
      order_items: Lines of an order | id int PK; order_id int -> orders.id; product_id int -> products.id; quantity int; unit_price numeric(12,2); discount_pct numeric(5,2)
      order_status_history: | id int PK; order_id int -> orders.id; status varchar(20); changed_at timestamp; changed_by int -> employees.id
      carriers: Shipping companies | id int PK; name varchar(80); tracking_url varchar(200)
      shipments: | id int PK; order_id int -> orders.id; carrier_id int -> carriers.id; warehouse_id int -> warehouses.id; shipped_at timestamp; delivered_at timestamp; tracking_number varchar(40)
      purchase_orders: Orders we place with suppliers | id int PK; po_number varchar(20); supplier_id int -> suppliers.id; warehouse_id int -> warehouses.id; ordered_at timestamp; expected_at date; status po_status {draft,sent,received,closed}
      purchase_order_lines: | id int PK; purchase_order_id int -> purchase_orders.id; product_id int -> products.id; qty int; unit_cost numeric(12,2)
      invoices: | id int PK; invoice_no varchar(20); order_id int -> orders.id; customer_id int -> customers.id; issued_at date; due_at date; amount numeric(12,2); paid boolean
      payment_methods: | id int PK; name varchar(40)
      payments: | id int PK; invoice_id int -> invoices.id; paid_at timestamp; amount numeric(12,2); method_id int -> payment_methods.id
      returns: Returned order lines | id int PK; order_item_id int -> order_items.id; reason varchar(200); returned_at timestamp; refund_amount numeric(12,2)
      promotions: Discount codes | id int PK; code varchar(20); discount_pct numeric(5,2); starts_at date; ends_at date
      order_promotions: | order_id int PK -> orders.id; promotion_id int PK -> promotions.id
      product_reviews: | id int PK; product_id int -> products.id; customer_id int -> customers.id; rating int; body text; created_at timestamp
      carts: Shopping carts | id int PK; customer_id int -> customers.id; created_at timestamp; abandoned boolean
      cart_items: | id int PK; cart_id int -> carts.id; product_id int -> products.id; quantity int
      wishlists: | id int PK; customer_id int -> customers.id; name varchar(60)
      wishlist_items: | id int PK; wishlist_id int -> wishlists.id; product_id int -> products.id; added_at timestamp
      loyalty_accounts: | id int PK; customer_id int -> customers.id; points_balance int; tier loyalty_tier {bronze,silver,gold,platinum}
      gift_cards: | id int PK; code varchar(20); balance numeric(12,2); customer_id int -> customers.id; expires_on date
      tax_rates: VAT per country and category | id int PK; country_id int -> countries.id; category_id int -> product_categories.id; rate numeric(5,2)
      support_tickets: Customer service cases | id int PK; customer_id int -> customers.id; order_id int -> orders.id; opened_at timestamp; status ticket_status {open,pending,solved}; priority int; assigned_to int -> employees.id
      gl_accounts: General ledger accounts | id int PK; account_no varchar(10); name varchar(80); account_type varchar(20)
      journal_entries: | id int PK; entry_date date; description varchar(200)
      journal_lines: | id int PK; entry_id int -> journal_entries.id; account_id int -> gl_accounts.id; debit numeric(14,2); credit numeric(14,2)
      price_lists: | id int PK; name varchar(60); currency_id int -> currencies.id; valid_from date
      price_list_items: | id int PK; price_list_id int -> price_lists.id; product_id int -> products.id; price numeric(12,2)
      """;

  /** The network/HR core, in the same notation as {@link #SHOP_CORE}. */
  public static final String NET_HR_CORE =
      """
      locations: Office buildings | id int PK; name varchar(80); city varchar(80); country varchar(60)
      cost_centers: | id int PK; code varchar(10); name varchar(80)
      departments: | id int PK; name varchar(80); cost_center_id int -> cost_centers.id; head_employee_id int -> employees.id
      job_titles: | id int PK; title varchar(80); grade int
      employees: Everyone on the payroll | id int PK; first_name varchar(60); last_name varchar(60); email varchar(120); hire_date date; termination_date date; job_title_id int -> job_titles.id; department_id int -> departments.id; manager_id int -> employees.id; location_id int -> locations.id; employment_type emp_type {full_time,part_time,contractor}
      salaries: Salary history | id int PK; employee_id int -> employees.id; amount numeric(12,2); currency char(3); valid_from date; valid_to date
      salary_bands: | id int PK; job_title_id int -> job_titles.id; min_amount numeric(12,2); max_amount numeric(12,2)
      leave_types: | id int PK; name varchar(40); paid boolean
      leave_requests: Vacation and sick leave | id int PK; employee_id int -> employees.id; leave_type_id int -> leave_types.id; start_date date; end_date date; status leave_status {requested,approved,rejected}
      leave_balances: | id int PK; employee_id int -> employees.id; leave_type_id int -> leave_types.id; year int; days_left numeric(5,1)
      performance_reviews: | id int PK; employee_id int -> employees.id; reviewer_id int -> employees.id; period varchar(10); score int
      training_courses: | id int PK; title varchar(120); provider varchar(80); hours int
      training_enrollments: | id int PK; employee_id int -> employees.id; course_id int -> training_courses.id; enrolled_at date; completed_at date
      skills: | id int PK; name varchar(60)
      employee_skills: | employee_id int PK -> employees.id; skill_id int PK -> skills.id; level int
      job_postings: Open positions | id int PK; job_title_id int -> job_titles.id; department_id int -> departments.id; posted_at date; closed_at date
      candidates: Job applicants | id int PK; full_name varchar(120); email varchar(120); source varchar(40)
      applications: | id int PK; candidate_id int -> candidates.id; job_posting_id int -> job_postings.id; applied_at date; stage app_stage {screening,interview,offer,hired,rejected}
      interviews: | id int PK; application_id int -> applications.id; interviewer_id int -> employees.id; held_at timestamp; outcome varchar(20)
      payroll_runs: | id int PK; period_start date; period_end date; run_at timestamp
      payslips: | id int PK; payroll_run_id int -> payroll_runs.id; employee_id int -> employees.id; gross numeric(12,2); net numeric(12,2)
      timesheets: Hours worked per week | id int PK; employee_id int -> employees.id; project_id int -> projects.id; week_start date; hours numeric(5,2)
      projects: | id int PK; name varchar(120); department_id int -> departments.id; starts_on date; ends_on date; budget numeric(14,2)
      project_assignments: | id int PK; project_id int -> projects.id; employee_id int -> employees.id; role varchar(40)
      teams: | id int PK; name varchar(80); lead_id int -> employees.id
      team_members: | team_id int PK -> teams.id; employee_id int PK -> employees.id
      vendors: Hardware and software vendors | id int PK; name varchar(80); support_email varchar(120)
      device_types: | id int PK; name varchar(40)
      device_models: | id int PK; vendor_id int -> vendors.id; name varchar(80); device_type_id int -> device_types.id; end_of_life date
      sites: Data centres and branch offices | id int PK; code varchar(10); name varchar(80); location_id int -> locations.id; region varchar(40)
      racks: | id int PK; site_id int -> sites.id; name varchar(20); units int
      devices: Routers, switches, firewalls and servers | id int PK; hostname varchar(80); model_id int -> device_models.id; site_id int -> sites.id; rack_id int -> racks.id; mgmt_ip varchar(45); serial_number varchar(40); status device_status {active,offline,maintenance,decommissioned}; installed_at date
      interfaces: Network ports of devices | id int PK; device_id int -> devices.id; name varchar(40); speed_mbps int; mac_address varchar(17); admin_status varchar(10); oper_status varchar(10)
      vlans: | id int PK; vlan_number int; name varchar(60); site_id int -> sites.id
      ip_prefixes: Subnets | id int PK; prefix varchar(45); vlan_id int -> vlans.id; site_id int -> sites.id
      ip_addresses: | id int PK; interface_id int -> interfaces.id; address varchar(45); prefix_id int -> ip_prefixes.id; dns_name varchar(120)
      circuit_providers: Telecom carriers | id int PK; name varchar(80); account_number varchar(40)
      circuits: WAN lines | id int PK; circuit_ref varchar(40); provider_id int -> circuit_providers.id; site_id int -> sites.id; bandwidth_mbps int; monthly_cost numeric(10,2)
      links: Cables between two interfaces | id int PK; a_interface_id int -> interfaces.id; b_interface_id int -> interfaces.id; circuit_id int -> circuits.id
      incidents: Outages and faults | id int PK; device_id int -> devices.id; opened_at timestamp; resolved_at timestamp; severity incident_severity {low,medium,high,critical}; assigned_employee_id int -> employees.id; summary varchar(200)
      incident_updates: | id int PK; incident_id int -> incidents.id; posted_at timestamp; author_id int -> employees.id; note text
      change_requests: | id int PK; device_id int -> devices.id; requested_by int -> employees.id; planned_at timestamp; approved boolean; description text
      maintenance_windows: | id int PK; site_id int -> sites.id; starts_at timestamp; ends_at timestamp
      alerts: Monitoring alerts | id int PK; device_id int -> devices.id; metric varchar(40); raised_at timestamp; severity varchar(10); acknowledged boolean
      interface_metrics: Traffic counters | id int PK; interface_id int -> interfaces.id; measured_at timestamp; in_bps bigint; out_bps bigint; errors int
      firewall_rules: | id int PK; device_id int -> devices.id; position int; source varchar(60); destination varchar(60); port varchar(20); action varchar(10)
      software_versions: | id int PK; vendor_id int -> vendors.id; name varchar(80); version varchar(20)
      device_software: | device_id int PK -> devices.id; software_version_id int PK -> software_versions.id; installed_at date
      licenses: Software licenses | id int PK; software_version_id int -> software_versions.id; seats int; expires_on date
      asset_assignments: Which employee has which device | id int PK; device_id int -> devices.id; employee_id int -> employees.id; assigned_at date; returned_at date
      user_accounts: Login accounts | id int PK; employee_id int -> employees.id; username varchar(40); last_login_at timestamp; locked boolean
      access_logs: | id int PK; user_account_id int -> user_accounts.id; device_id int -> devices.id; logged_at timestamp; result varchar(10)
      device_backups: Configuration backups | id int PK; device_id int -> devices.id; taken_at timestamp; size_bytes bigint; ok boolean
      """;

  /** Tables every long-lived database grows, independent of the domain. */
  private static final String COMMON =
      """
      app_users: Users of the back-office application | id int PK; login varchar(40); display_name varchar(80); created_at timestamp
      app_roles: | id int PK; name varchar(40)
      app_user_roles: | user_id int PK -> app_users.id; role_id int PK -> app_roles.id
      app_settings: | key varchar(80) PK; value text
      api_keys: | id int PK; user_id int -> app_users.id; prefix varchar(8); created_at timestamp; revoked boolean
      webhooks: | id int PK; url varchar(200); event varchar(40); active boolean
      email_templates: | id int PK; code varchar(40); subject varchar(200); body text
      email_log: | id int PK; template_id int -> email_templates.id; recipient varchar(120); sent_at timestamp
      etl_job_runs: | id int PK; job_name varchar(80); started_at timestamp; finished_at timestamp; rows_loaded bigint
      schema_migrations: | version varchar(40) PK; applied_at timestamp
      feature_flags: | id int PK; name varchar(60); enabled boolean
      file_uploads: | id int PK; path varchar(200); uploaded_by int -> app_users.id; uploaded_at timestamp
      """;

  private static final List<String> VARIANTS =
      List.of(
          "archive",
          "audit",
          "history",
          "staging",
          "notes",
          "tags",
          "attachments",
          "import_log",
          "snapshot_2023",
          "ext",
          "backup",
          "i18n",
          "stats_daily",
          "changes");

  /** The shop/ERP schema ({@code shop}): 300 tables. */
  public static SchemaSnapshot shop() {
    return build("shop", SHOP_CORE, 300);
  }

  /** The network/HR schema ({@code ops}): 300 tables. */
  public static SchemaSnapshot netHr() {
    return build("ops", NET_HR_CORE, 300);
  }

  /**
   * {@code core} plus the common application tables, padded with derived tables ({@code _archive},
   * {@code _audit}, …) up to {@code size} tables, all in {@code schema}.
   */
  public static SchemaSnapshot build(String schema, String core, int size) {
    Map<String, Table> tables = new LinkedHashMap<>();
    List<Table> coreTables = parse(schema, core);
    coreTables.forEach(t -> tables.put(t.name(), t));
    parse(schema, COMMON).forEach(t -> tables.put(t.name(), t));
    int round = 0;
    while (tables.size() < size) {
      String variant = VARIANTS.get(round % VARIANTS.size());
      for (int i = round % 3; i < coreTables.size() && tables.size() < size; i += 3) {
        Table base = coreTables.get(i);
        String name = base.name() + "_" + variant;
        if (!tables.containsKey(name)) {
          tables.put(name, variantOf(base, variant, name));
        }
      }
      round++;
      if (round > VARIANTS.size() * 3) {
        break;
      }
    }
    return new SchemaSnapshot("Benchmark", new ArrayList<>(tables.values()));
  }

  /**
   * The labels real databases hold in the small lookup tables of both schemas, per bare table name,
   * all in the {@code name} column: what the agent's lookup sampling reads at run time.
   */
  public static Map<String, List<String>> lookupLabels() {
    return Map.of(
        "countries",
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
            "United States"),
        "product_categories",
        List.of("Books", "Electronics", "Toys", "Garden", "Kitchen", "Clothing"),
        "payment_methods",
        List.of("Card", "PayPal", "Invoice", "Bank transfer"),
        "sales_channels",
        List.of("Web", "App", "Store", "Marketplace"),
        "device_types",
        List.of("router", "switch", "firewall", "server", "laptop", "access point"),
        "leave_types",
        List.of("vacation", "sick leave", "parental leave", "unpaid"),
        "skills",
        List.of("Java", "SQL", "Networking", "Linux"));
  }

  /**
   * PostgreSQL statements that build {@code snapshot} (one of this class's schemas) in the current
   * database: its schema, enum types, tables with primary keys and comments, {@code rowsPerTable}
   * deterministic rows per table (ids {@code 1..rowsPerTable}; the lookup tables cycle through
   * their {@link #lookupLabels() labels}), then the foreign keys (after the rows, so reference
   * cycles need no ordering) and {@code ANALYZE}. A foreign key whose target columns are not the
   * referenced table's primary key is left out: the generator gives a few derived tables such a key
   * (e.g. {@code product_suppliers_audit.product_supplier_id}), which PostgreSQL refuses.
   */
  public static List<String> postgresScript(SchemaSnapshot snapshot, int rowsPerTable) {
    Set<String> schemas = new java.util.LinkedHashSet<>();
    Map<String, List<String>> enums = new LinkedHashMap<>();
    for (Table table : snapshot.tables()) {
      schemas.add(table.schema());
      for (Column column : table.columns()) {
        if (!column.allowedValues().isEmpty()) {
          enums.putIfAbsent(qualified(table.schema(), column.type()), column.allowedValues());
        }
      }
    }
    List<String> sql = new ArrayList<>();
    schemas.forEach(s -> sql.add("CREATE SCHEMA " + quote(s)));
    enums.forEach(
        (type, labels) -> sql.add("CREATE TYPE " + type + " AS ENUM (" + literals(labels) + ")"));
    Map<String, List<String>> labels = lookupLabels();
    for (Table table : snapshot.tables()) {
      String name = qualified(table.schema(), table.name());
      List<String> columns = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (Column column : table.columns()) {
        String type =
            column.allowedValues().isEmpty()
                ? column.type()
                : qualified(table.schema(), column.type());
        boolean key = table.primaryKey().contains(column.name());
        columns.add(quote(column.name()) + " " + type + (key ? " NOT NULL" : ""));
        values.add(value(table, column, type, key, labels.get(table.name()), rowsPerTable));
      }
      if (!table.primaryKey().isEmpty()) {
        columns.add("PRIMARY KEY (" + quoteAll(table.primaryKey()) + ")");
      }
      sql.add("CREATE TABLE " + name + " (" + String.join(", ", columns) + ")");
      if (!table.comment().isEmpty()) {
        sql.add("COMMENT ON TABLE " + name + " IS " + literal(table.comment()));
      }
      List<String> names = table.columns().stream().map(c -> quote(c.name())).toList();
      sql.add(
          "INSERT INTO "
              + name
              + " ("
              + String.join(", ", names)
              + ") SELECT "
              + String.join(", ", values)
              + " FROM generate_series(1, "
              + rowsPerTable
              + ") g");
    }
    for (Table table : snapshot.tables()) {
      for (ForeignKey fk : table.foreignKeys()) {
        boolean toPrimaryKey =
            snapshot
                .table(
                    fk.referencedSchema().isEmpty()
                        ? fk.referencedTable()
                        : fk.referencedSchema() + "." + fk.referencedTable())
                .map(target -> target.primaryKey().equals(fk.referencedColumns()))
                .orElse(false);
        if (toPrimaryKey) {
          sql.add(
              "ALTER TABLE "
                  + qualified(table.schema(), table.name())
                  + " ADD FOREIGN KEY ("
                  + quoteAll(fk.columns())
                  + ") REFERENCES "
                  + qualified(fk.referencedSchema(), fk.referencedTable())
                  + " ("
                  + quoteAll(fk.referencedColumns())
                  + ")");
        }
      }
    }
    sql.add("ANALYZE");
    return sql;
  }

  /** The SQL expression of row {@code g}'s value for {@code column}. */
  private static String value(
      Table table, Column column, String type, boolean key, List<String> labels, int rows) {
    String t = column.type().toLowerCase(Locale.ROOT);
    boolean reference =
        table.foreignKeys().stream().anyMatch(fk -> fk.columns().contains(column.name()));
    if (!column.allowedValues().isEmpty()) {
      return "(ARRAY["
          + literals(column.allowedValues())
          + "])[1 + g % "
          + column.allowedValues().size()
          + "]::"
          + type;
    }
    if (t.equals("int") || t.equals("bigint")) {
      return key || !reference ? "g" : "1 + g % " + rows;
    }
    if (t.startsWith("numeric")) {
      return "g * 1.5";
    }
    if (t.startsWith("varchar") || t.startsWith("char") || t.equals("text")) {
      if (labels != null && column.name().equals("name")) {
        return "(ARRAY[" + literals(labels) + "])[1 + (g - 1) % " + labels.size() + "]";
      }
      String text = literal(column.name().replace('_', ' ') + " ") + " || g";
      int open = t.indexOf('(');
      return open < 0 ? text : "left(" + text + ", " + t.substring(open + 1, t.indexOf(')')) + ")";
    }
    if (t.equals("timestamp")) {
      return "timestamp '2024-06-30 12:00' - g * interval '5 days'";
    }
    if (t.equals("date")) {
      return "date '2024-06-30' - g * 5";
    }
    if (t.equals("boolean")) {
      return "g % 2 = 0";
    }
    return "NULL";
  }

  private static String qualified(String schema, String name) {
    return schema.isEmpty() ? quote(name) : quote(schema) + "." + quote(name);
  }

  private static String quote(String identifier) {
    return '"' + identifier + '"';
  }

  private static String quoteAll(List<String> identifiers) {
    return String.join(", ", identifiers.stream().map(BenchmarkSchemas::quote).toList());
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static String literals(List<String> texts) {
    return String.join(", ", texts.stream().map(BenchmarkSchemas::literal).toList());
  }

  private static Table variantOf(Table base, String variant, String name) {
    String fkColumn = singular(base.name()) + "_id";
    List<Column> columns = new ArrayList<>();
    List<ForeignKey> fks = new ArrayList<>();
    String comment = "";
    switch (variant) {
      case "archive", "staging", "snapshot_2023", "backup" -> {
        columns.addAll(base.columns());
        columns.add(
            Column.of(variant.equals("archive") ? "archived_at" : "copied_at", "timestamp"));
        comment =
            variant.equals("archive")
                ? "Closed " + base.name().replace('_', ' ') + " older than two years"
                : "";
      }
      case "audit", "history", "changes" -> {
        columns.add(Column.of("id", "bigint"));
        columns.add(Column.of(fkColumn, "int"));
        columns.add(Column.of("changed_at", "timestamp"));
        columns.add(Column.of("changed_by", "varchar(60)"));
        columns.add(Column.of("field_name", "varchar(60)"));
        columns.add(Column.of("old_value", "text"));
        columns.add(Column.of("new_value", "text"));
        fks.add(new ForeignKey("", List.of(fkColumn), base.schema(), base.name(), List.of("id")));
      }
      case "stats_daily" -> {
        columns.add(Column.of("day", "date"));
        columns.add(Column.of("row_count", "bigint"));
        columns.add(Column.of("inserted", "int"));
        columns.add(Column.of("updated", "int"));
      }
      case "i18n" -> {
        columns.add(Column.of(fkColumn, "int"));
        columns.add(Column.of("lang", "char(2)"));
        columns.add(Column.of("label", "varchar(200)"));
        fks.add(new ForeignKey("", List.of(fkColumn), base.schema(), base.name(), List.of("id")));
      }
      default -> {
        columns.add(Column.of("id", "bigint"));
        columns.add(Column.of(fkColumn, "int"));
        columns.add(
            Column.of(
                variant.equals("tags")
                    ? "tag"
                    : variant.equals("attachments") ? "file_path" : "text",
                "varchar(200)"));
        columns.add(Column.of("created_at", "timestamp"));
        fks.add(new ForeignKey("", List.of(fkColumn), base.schema(), base.name(), List.of("id")));
      }
    }
    List<String> pk =
        columns.stream().anyMatch(c -> c.name().equals("id")) ? List.of("id") : List.of();
    return new Table(base.schema(), name, TableKind.TABLE, columns, pk, fks, comment, -1);
  }

  private static String singular(String name) {
    if (name.endsWith("ies")) {
      return name.substring(0, name.length() - 3) + "y";
    }
    if (name.endsWith("sses") || name.endsWith("xes")) {
      return name.substring(0, name.length() - 2);
    }
    return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
  }

  /** Parses {@code name: comment | col type [PK] [-> table.col] [{a,b}]; …} lines. */
  private static List<Table> parse(String schema, String spec) {
    List<Table> tables = new ArrayList<>();
    for (String line : spec.strip().split("\n")) {
      String[] head = line.split(":", 2);
      String[] rest = head[1].split("\\|", 2);
      List<Column> columns = new ArrayList<>();
      List<String> pk = new ArrayList<>();
      List<ForeignKey> fks = new ArrayList<>();
      for (String col : rest[1].split(";")) {
        String c = col.strip();
        List<String> values = List.of();
        int brace = c.indexOf('{');
        if (brace >= 0) {
          values = List.of(c.substring(brace + 1, c.indexOf('}')).split(","));
          c = c.substring(0, brace).strip();
        }
        String target = null;
        int arrow = c.indexOf("->");
        if (arrow >= 0) {
          target = c.substring(arrow + 2).strip();
          c = c.substring(0, arrow).strip();
        }
        boolean isPk = c.endsWith(" PK");
        if (isPk) {
          c = c.substring(0, c.length() - 3);
        }
        String[] parts = c.split(" ", 2);
        columns.add(new Column(parts[0], parts[1], !isPk, "", values));
        if (isPk) {
          pk.add(parts[0]);
        }
        if (target != null) {
          String[] t = target.split("\\.");
          fks.add(new ForeignKey("", List.of(parts[0]), schema, t[0], List.of(t[1])));
        }
      }
      tables.add(
          new Table(
              schema, head[0].strip(), TableKind.TABLE, columns, pk, fks, rest[0].strip(), -1));
    }
    return tables;
  }
}

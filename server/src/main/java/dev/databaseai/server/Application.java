package dev.databaseai.server;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;

/** Starts the DatabaseAI API server. With no configuration it serves the embedded demo database. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "DatabaseAI",
            version = "v1",
            description =
                "Ask a database in plain language: sessions, SQL with diagnoses, questions answered by an LLM.",
            license = @License(name = "Apache-2.0")))
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(Application.class).banner(false).start();
  }
}

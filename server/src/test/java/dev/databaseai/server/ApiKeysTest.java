package dev.databaseai.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * With {@code databaseai.api-keys} set, every API call needs a key and a key sees only its own
 * sessions.
 */
@MicronautTest
@Property(name = "databaseai.api-keys", value = "key-alpha-0123456789,key-beta-9876543210")
@Property(name = "micronaut.server.host", value = "127.0.0.1")
class ApiKeysTest {

  @Inject EmbeddedServer server;
  @Inject JsonMapper mapper;

  @Test
  void requestsWithoutAValidKeyGet401() {
    Http anonymous = new Http(server.getURL().toString(), mapper);
    Http.Reply none = anonymous.post("/api/v1/sessions", "{\"database\":\"demo\"}");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat((String) none.error().get("message")).contains("Authorization: Bearer");

    Http.Reply wrong = anonymous.withKey("key-gamma").get("/api/v1/stats/pools");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("key-alpha").doesNotContain("key-beta");

    assertThat(anonymous.get("/health").status()).isEqualTo(200);
  }

  @Test
  void aKeySeesOnlyItsOwnSessions() {
    Http alpha = new Http(server.getURL().toString(), mapper, "key-alpha-0123456789");
    Http beta = alpha.withKey("key-beta-9876543210");

    Http.Reply created = alpha.post("/api/v1/sessions", "{\"database\":\"demo\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.get("sessionId");

    assertThat(alpha.get("/api/v1/sessions/" + id).status()).isEqualTo(200);
    assertThat(beta.get("/api/v1/sessions/" + id).status()).isEqualTo(404);
    assertThat(beta.post("/api/v1/sessions/" + id + "/sql", "{\"sql\":\"SELECT 1\"}").status())
        .isEqualTo(404);
    assertThat(beta.delete("/api/v1/sessions/" + id).status()).isEqualTo(404);
    assertThat(alpha.post("/api/v1/sessions/" + id + "/sql", "{\"sql\":\"SELECT 1\"}").status())
        .isEqualTo(200);
  }
}

package dev.databaseai.llm.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.llm.InvalidConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OllamaHostTest {

  @ParameterizedTest(name = "OLLAMA_HOST={0} -> {1}")
  @CsvSource({
    "localhost:11434, http://localhost:11434/",
    "127.0.0.1, http://127.0.0.1:11434/",
    "gpu-box, http://gpu-box:11434/",
    "gpu-box:8080, http://gpu-box:8080/",
    "0.0.0.0:11434, http://localhost:11434/",
    "0.0.0.0, http://localhost:11434/",
    ":11435, http://localhost:11435/",
    "'[::1]:11434', http://[::1]:11434/",
    "::1, http://[::1]:11434/",
    "'[::]:11434', http://localhost:11434/",
    "http://localhost:11434, http://localhost:11434/",
    "http://ollama.internal, http://ollama.internal/",
    "https://ollama.example.com, https://ollama.example.com/",
    "https://ollama.example.com:8443/, https://ollama.example.com:8443/",
    "HTTP://Gpu-Box:11434, http://gpu-box:11434/",
    "https://example.com/ollama, https://example.com/ollama/",
    "example.com/ollama/, http://example.com:11434/ollama/",
    "'  localhost:11434  ', http://localhost:11434/",
  })
  void readsHostValuesAsTheOllamaCliDoes(String value, String expected) {
    assertThat(OllamaHost.parse(value).toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void defaultsToLocalhost11434(String value) {
    assertThat(OllamaHost.parse(value).toString()).isEqualTo("http://localhost:11434/");
  }

  @ParameterizedTest
  @CsvSource({
    "localhost:abc, the port must be a number from 1 to 65535, was 'abc'",
    "localhost:70000, the port must be a number from 1 to 65535, was '70000'",
    "ftp://files:21, the scheme must be http or https, was 'ftp'",
    "'[::1:11434', an IPv6 address needs a closing ']'",
    "bad_host!:11434, 'bad_host!' is not a host name or IP address",
  })
  void rejectsMalformedValuesNamingTheValueAndTheFix(String value, String why) {
    assertThatThrownBy(() -> OllamaHost.parse(value))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("OLLAMA_HOST='" + value + "'")
        .hasMessageContaining(why)
        .hasMessageContaining("e.g. localhost:11434");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://admin:hunter2@gpu-box:11434", "admin:hunter2@gpu-box"})
  void rejectsCredentialsInTheHostWithoutRepeatingThem(String value) {
    assertThatThrownBy(() -> OllamaHost.parse(value))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("must not contain credentials")
        .hasMessageContaining("OLLAMA_API_KEY")
        .hasMessageNotContaining("hunter2");
  }
}

package dev.databaseai.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code databaseai.llm.*} (environment: {@code DATABASEAI_LLM_PROVIDER}): which LLM provider
 * answers questions. The provider's own settings come from its environment variables ({@code
 * OPENAI_API_KEY}, {@code VLLM_BASE_URL}, {@code OLLAMA_HOST}…).
 *
 * @param provider {@code openai}, {@code vllm}, {@code ollama}, any other installed provider id, or
 *     {@code auto} (default): the configured provider, else an Ollama answering at
 *     OLLAMA_HOST/localhost
 * @param probeTimeout how long {@code auto} waits for a local Ollama to answer (default 1.5
 *     seconds)
 */
@ConfigurationProperties("databaseai.llm")
public record LlmSettings(
    @Bindable(defaultValue = "auto") String provider,
    @Bindable(defaultValue = "1500ms") Duration probeTimeout) {}

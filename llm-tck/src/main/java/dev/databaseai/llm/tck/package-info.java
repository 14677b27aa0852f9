/**
 * The LLM provider TCK: extend {@link dev.databaseai.llm.tck.ChatModelContractTest} from a
 * provider's test sources, teach its local HTTP server the provider's protocol through the hooks,
 * and every contract check runs against the real plugin.
 */
package dev.databaseai.llm.tck;

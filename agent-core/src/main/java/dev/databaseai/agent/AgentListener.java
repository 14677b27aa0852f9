package dev.databaseai.agent;

/**
 * Sees each step of the agent as it happens. Called on the asking thread, in order; an exception
 * thrown by a listener is logged and otherwise ignored. Implementations shared between agents or
 * questions must be thread-safe.
 */
@FunctionalInterface
public interface AgentListener {

  void onEvent(AgentEvent event);
}

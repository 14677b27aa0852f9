package dev.databaseai.llm;

/** Why a model stopped generating. */
public enum FinishReason {
  /** A natural end or a stop sequence. */
  STOP,
  /** The token limit was reached: the text is cut off. */
  LENGTH,
  /** The server's content filter stopped the answer. */
  CONTENT_FILTER,
  /** Anything else, or not reported. */
  OTHER
}

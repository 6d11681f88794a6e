package dev.tasks.domain.llm;

/**
 * Tokens a model provider reports for its answers: the prompt's input tokens, those written to and
 * read from its prompt cache, and the output tokens. Counts are never negative.
 */
public record ModelUsage(long inputTokens, long outputTokens, long cacheCreationInputTokens,
                         long cacheReadInputTokens) {

    public static final ModelUsage NONE = new ModelUsage(0, 0, 0, 0);

    public ModelUsage {
        inputTokens = Math.max(0, inputTokens);
        outputTokens = Math.max(0, outputTokens);
        cacheCreationInputTokens = Math.max(0, cacheCreationInputTokens);
        cacheReadInputTokens = Math.max(0, cacheReadInputTokens);
    }
}

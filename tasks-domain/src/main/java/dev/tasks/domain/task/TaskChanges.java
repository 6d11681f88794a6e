package dev.tasks.domain.task;

import dev.tasks.domain.shared.Change;

/** The fields an update sends; the others are kept. */
public record TaskChanges(Change<String> title, Change<Boolean> titleManuallySet, Change<String> description,
                          Change<OriginProduct> originProduct, Change<RepositoryName> repository,
                          Change<Long> githubIntegration, Change<Object> jsonSchema, Change<Boolean> internal,
                          Change<String> ciPrompt, Change<Boolean> archived) {

    public static TaskChanges none() {
        return new TaskChanges(Change.keep(), Change.keep(), Change.keep(), Change.keep(), Change.keep(),
                Change.keep(), Change.keep(), Change.keep(), Change.keep(), Change.keep());
    }

    public TaskChanges withGithubIntegration(Change<Long> integration) {
        return new TaskChanges(title, titleManuallySet, description, originProduct, repository, integration,
                jsonSchema, internal, ciPrompt, archived);
    }
}

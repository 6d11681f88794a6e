package dev.tasks.domain.task;

/**
 * What a caller asks for when creating a task, already parsed.
 *
 * @param title the title sent, or null when absent
 * @param titleManuallySet as sent, or null when absent
 * @param githubIntegration the integration id; null means none (the caller has already applied the
 *                          "project's GitHub integration" default)
 */
public record NewTask(String title, Boolean titleManuallySet, String description, OriginProduct originProduct,
                      RepositoryName repository, Long githubIntegration, Object jsonSchema, boolean internal,
                      String ciPrompt, boolean archived) {

    public NewTask {
        description = description == null ? "" : description;
        originProduct = originProduct == null ? OriginProduct.USER_CREATED : originProduct;
    }
}

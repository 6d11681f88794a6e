package dev.tasks.domain.task;

import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.WireEnum;

/** Which product or flow created a task. It also decides who else may see and drive the task. */
public enum OriginProduct implements WireEnum {
    ONBOARDING, ERROR_TRACKING, EVAL_CLUSTERS, USER_CREATED, AUTOMATION, SLACK, SUPPORT_QUEUE,
    SESSION_SUMMARIES, POSTHOG_AI, EXPERIMENTS, SIGNAL_REPORT, SIGNALS_SCOUT, SUPPORT_REPLY, HOGDESK,
    REVIEW_HOG, IMAGE_BUILDER, LOOP, MCP_ANALYTICS, WORKFLOW, BUSINESS_KNOWLEDGE;

    /** The value for a wire name, or null when there is none. */
    public static OriginProduct fromWire(String name) {
        return WireEnum.fromWire(OriginProduct.class, name);
    }

    /** Image-builder sessions create their tasks themselves; nobody may write this origin through the API. */
    public OriginProduct requireWritable() {
        if (this == IMAGE_BUILDER) {
            throw new InvalidValueException("origin_product",
                    "origin_product 'image_builder' is reserved for image-builder sessions");
        }
        return this;
    }
}

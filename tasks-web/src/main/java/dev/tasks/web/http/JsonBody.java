package dev.tasks.web.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request body that has passed the size, media-type and syntax checks and is a JSON object. An
 * empty body reads as {@code {}}. Only the tree is kept: the bytes it was parsed from are not.
 */
public final class JsonBody {

    private final ObjectNode object;

    JsonBody(ObjectNode object) {
        this.object = object;
    }

    public static JsonBody empty() {
        return new JsonBody(JsonNodeFactory.instance.objectNode());
    }

    public ObjectNode object() {
        return object;
    }

    /** The body's fields, read with PostHog's (Django REST framework's) parsing rules. */
    public Fields fields() {
        return new Fields(object, "");
    }
}

package dev.tasks.web.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request body that has passed the size, media-type and syntax checks and is a JSON object. An
 * empty body reads as {@code {}}. The raw bytes stay available for endpoints that must keep the
 * client's exact text.
 */
public final class JsonBody {

    private final byte[] raw;
    private final ObjectNode object;

    JsonBody(byte[] raw, ObjectNode object) {
        this.raw = raw;
        this.object = object;
    }

    public static JsonBody empty() {
        return new JsonBody(new byte[0], JsonNodeFactory.instance.objectNode());
    }

    public ObjectNode object() {
        return object;
    }

    public byte[] raw() {
        return raw;
    }

    /** The body's fields, read with PostHog's (Django REST framework's) parsing rules. */
    public Fields fields() {
        return new Fields(object, "");
    }
}

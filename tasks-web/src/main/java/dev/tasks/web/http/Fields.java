package dev.tasks.web.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.shared.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The fields of a JSON object, read with the rules of PostHog's serializers (Django REST
 * framework): which JSON types a string, integer or boolean field accepts, trimming, blank and null
 * handling, and the exact code and message of each refusal. Each read throws at the first problem,
 * so an endpoint that reads its fields in the order of its request table reports the first failing
 * field, as PostHog does. Optional fields come back as a {@link Change}: kept when absent, set
 * (possibly to null) when present.
 */
public final class Fields {

    private final ObjectNode object;
    private final String prefix;

    Fields(ObjectNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    public static Fields of(ObjectNode object, String attrPrefix) {
        return new Fields(object, attrPrefix);
    }

    public boolean has(String name) {
        return object.has(name);
    }

    /** The attr name of a field, with this object's position in the request in front. */
    public String attr(String name) {
        return prefix.isEmpty() ? name : prefix + "__" + name;
    }

    // --- strings

    /** How a string field treats its input. */
    public record Text(int maxLength, boolean allowBlank, boolean allowNull, boolean trim) {
        public static Text of(int maxLength) {
            return new Text(maxLength, false, false, true);
        }

        public Text blankAllowed() {
            return new Text(maxLength, true, allowNull, trim);
        }

        public Text nullAllowed() {
            return new Text(maxLength, allowBlank, true, trim);
        }

        public Text untrimmed() {
            return new Text(maxLength, allowBlank, allowNull, false);
        }
    }

    public static final int UNLIMITED = Integer.MAX_VALUE;

    public String requiredString(String name, Text rule) {
        if (!object.has(name)) {
            throw required(name);
        }
        return string(name, rule).value();
    }

    public Change<String> string(String name, Text rule) {
        if (!object.has(name)) {
            return Change.keep();
        }
        JsonNode node = object.get(name);
        if (node.isNull()) {
            if (!rule.allowNull()) {
                throw ApiException.validation("null", "This field may not be null.", attr(name));
            }
            return Change.to(null);
        }
        return Change.to(FieldValues.text(node, rule, attr(name)));
    }

    // --- booleans

    public Change<Boolean> bool(String name) {
        if (!object.has(name)) {
            return Change.keep();
        }
        JsonNode node = object.get(name);
        if (node.isNull()) {
            throw ApiException.validation("null", "This field may not be null.", attr(name));
        }
        Boolean value = FieldValues.booleanOf(node);
        if (value == null) {
            throw ApiException.validation("invalid", "Must be a valid boolean.", attr(name));
        }
        return Change.to(value);
    }

    // --- integers

    /** An integer field; {@code min} and {@code max} may be null. */
    public Change<Long> integer(String name, Long min, Long max, boolean allowNull) {
        if (!object.has(name)) {
            return Change.keep();
        }
        JsonNode node = object.get(name);
        if (node.isNull()) {
            if (!allowNull) {
                throw ApiException.validation("null", "This field may not be null.", attr(name));
            }
            return Change.to(null);
        }
        return Change.to(FieldValues.integer(node, min, max, attr(name)));
    }

    /**
     * The id of a related object (DRF {@code PrimaryKeyRelatedField}): like {@link #integer}, except that
     * the empty string counts as null, as DRF's related fields do.
     */
    public Change<Long> relatedId(String name, boolean allowNull) {
        JsonNode node = object.get(name);
        if (node != null && node.isTextual() && node.textValue().isEmpty()) {
            if (!allowNull) {
                throw ApiException.validation("null", "This field may not be null.", attr(name));
            }
            return Change.to(null);
        }
        return integer(name, null, null, allowNull);
    }

    public long requiredInteger(String name, Long min, Long max) {
        if (!object.has(name)) {
            throw required(name);
        }
        return integer(name, min, max, false).value();
    }

    // --- UUIDs and choices

    public Change<UUID> uuid(String name, boolean allowNull) {
        if (!object.has(name)) {
            return Change.keep();
        }
        JsonNode node = object.get(name);
        if (node.isNull()) {
            if (!allowNull) {
                throw ApiException.validation("null", "This field may not be null.", attr(name));
            }
            return Change.to(null);
        }
        return Change.to(FieldValues.uuid(node, attr(name)));
    }

    /**
     * A choice among wire names; {@code parser} returns null for an unknown name, answered
     * {@code "<value>" is not a valid choice.}
     */
    public <E> Change<E> choice(String name, Function<String, E> parser, boolean allowNull) {
        if (!object.has(name)) {
            return Change.keep();
        }
        JsonNode node = object.get(name);
        if (node.isNull()) {
            if (!allowNull) {
                throw ApiException.validation("null", "This field may not be null.", attr(name));
            }
            return Change.to(null);
        }
        return Change.to(FieldValues.choice(node, parser, attr(name)));
    }

    public <E> E requiredChoice(String name, Function<String, E> parser) {
        if (!object.has(name)) {
            throw required(name);
        }
        return choice(name, parser, false).value();
    }

    // --- JSON values, lists and objects

    /** Any JSON value, as plain Java values. */
    public Change<Object> json(String name) {
        if (!object.has(name)) {
            return Change.keep();
        }
        return Change.to(Json.plain(object.get(name)));
    }

    /** Any JSON value but null, as plain Java values; the field must be sent. */
    public Object requiredJson(String name) {
        if (!object.has(name)) {
            throw required(name);
        }
        if (object.get(name).isNull()) {
            throw ApiException.validation("null", "This field may not be null.", attr(name));
        }
        return Json.plain(object.get(name));
    }

    public Change<ArrayNode> list(String name, boolean allowEmpty, boolean allowNull) {
        if (!object.has(name)) {
            return Change.keep();
        }
        JsonNode node = object.get(name);
        if (node.isNull()) {
            if (!allowNull) {
                throw ApiException.validation("null", "This field may not be null.", attr(name));
            }
            return Change.to(null);
        }
        if (!node.isArray()) {
            throw ApiException.validation("not_a_list",
                    "Expected a list of items but got type \"" + Json.typeName(node) + "\".", attr(name));
        }
        if (!allowEmpty && node.isEmpty()) {
            throw ApiException.validation("empty", "This list may not be empty.", attr(name));
        }
        return Change.to((ArrayNode) node);
    }

    public ArrayNode requiredList(String name, boolean allowEmpty) {
        if (!object.has(name)) {
            throw required(name);
        }
        return list(name, allowEmpty, false).value();
    }

    /** The elements of a list as strings, each checked at {@code <name>__<i>}. */
    public List<String> strings(String name, ArrayNode list, Text rule) {
        List<String> values = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            String attr = attr(name) + "__" + i;
            if (element.isNull()) {
                throw ApiException.validation("null", "This field may not be null.", attr);
            }
            values.add(FieldValues.text(element, rule, attr));
        }
        return values;
    }

    public Change<ObjectNode> object(String name, boolean allowNull) {
        if (!object.has(name)) {
            return Change.keep();
        }
        JsonNode node = object.get(name);
        if (node.isNull()) {
            if (!allowNull) {
                throw ApiException.validation("null", "This field may not be null.", attr(name));
            }
            return Change.to(null);
        }
        return Change.to(FieldValues.object(node, attr(name)));
    }

    /** The fields of a nested object, reporting errors as {@code <name>__<field>}. */
    public Fields nested(String name, ObjectNode nested) {
        return new Fields(nested, attr(name));
    }

    /** A list with more than {@code max} elements (DRF's {@code ListField(max_length=...)}). */
    public ApiException tooMany(String name, int max) {
        return ApiException.validation("max_length", "Ensure this field has no more than " + max + " elements.",
                attr(name));
    }

    public ApiException required(String name) {
        return ApiException.validation("required", "This field is required.", attr(name));
    }

    /** A domain rule's refusal, reported as {@code invalid_input} against its field. */
    public ApiException invalidInput(InvalidValueException e) {
        return ApiException.invalidInput(e.getMessage(), e.field() == null ? null : attr(e.field()));
    }
}

package dev.tasks.web.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.task.Uuids;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    private static final Set<String> TRUE_WORDS = Set.of("true", "1", "yes", "on", "t", "y");
    private static final Set<String> FALSE_WORDS = Set.of("false", "0", "no", "off", "f", "n");

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
        return Change.to(text(node, rule, attr(name)));
    }

    /**
     * A string value at {@code attr}: numbers become their decimal text; other types are invalid. A
     * number is expanded only when its text fits the field (and {@link #MAX_NUMBER_TEXT}), so
     * {@code 1e300000000} costs no more than {@code 1}.
     */
    public static String text(JsonNode node, Text rule, String attr) {
        String value;
        if (node.isTextual()) {
            value = node.textValue();
        } else if (node.isNumber()) {
            long length = numberTextLength(node);
            if (length > rule.maxLength()) {
                throw maxLength(rule, attr);
            }
            if (length > MAX_NUMBER_TEXT) {
                throw ApiException.validation("invalid", "Not a valid string.", attr);
            }
            value = numberText(node);
        } else {
            throw ApiException.validation("invalid", "Not a valid string.", attr);
        }
        if (value.indexOf('\u0000') >= 0) {
            throw ApiException.validation("null_characters_not_allowed", "Null characters are not allowed.", attr);
        }
        if (rule.trim()) {
            value = value.strip();
        }
        if (value.isEmpty()) {
            if (!rule.allowBlank()) {
                throw ApiException.validation("blank", "This field may not be blank.", attr);
            }
            return "";
        }
        if (value.length() > rule.maxLength() && value.codePointCount(0, value.length()) > rule.maxLength()) {
            throw maxLength(rule, attr);
        }
        return value;
    }

    private static ApiException maxLength(Text rule, String attr) {
        return ApiException.validation("max_length",
                "Ensure this field has no more than " + rule.maxLength() + " characters.", attr);
    }

    /**
     * The longest decimal text a JSON number is turned into. Jackson already bounds the digits of a
     * literal (1000); this bounds its exponent, which a literal such as {@code 1e300000000} makes huge.
     */
    static final int MAX_NUMBER_TEXT = 1000;

    /** The number as Python's {@code str()} writes it (decimals keep a fraction: {@code 5.0}). */
    private static String numberText(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        String plain = node.decimalValue().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** An upper bound of {@link #numberText}'s length, computed without building the text. */
    static long numberTextLength(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString().length();
        }
        BigDecimal decimal = node.decimalValue();
        long precision = decimal.precision();
        long scale = decimal.scale();
        long digits = scale <= 0 ? precision - scale + 2 : Math.max(precision, scale + 1) + 1;
        return digits + (decimal.signum() < 0 ? 1 : 0);
    }

    /** A number for a message: its decimal text, or its scientific form when that would be too long. */
    private static String numberForMessage(JsonNode node) {
        return numberTextLength(node) <= MAX_NUMBER_TEXT ? numberText(node) : node.decimalValue().toString();
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
        Boolean value = booleanOf(node);
        if (value == null) {
            throw ApiException.validation("invalid", "Must be a valid boolean.", attr(name));
        }
        return Change.to(value);
    }

    static Boolean booleanOf(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            BigDecimal number = node.decimalValue();
            if (number.compareTo(BigDecimal.ONE) == 0) {
                return true;
            }
            if (number.signum() == 0) {
                return false;
            }
            return null;
        }
        if (node.isTextual()) {
            return booleanWord(node.textValue());
        }
        return null;
    }

    /** A boolean query parameter: {@code absent} when not given, else a boolean word (refused as {@code invalid}). */
    public static boolean booleanParameter(String text, boolean absent, String attr) {
        if (text == null) {
            return absent;
        }
        Boolean value = booleanWord(text);
        if (value == null) {
            throw ApiException.validation("invalid", "Must be a valid boolean.", attr);
        }
        return value;
    }

    /** {@code true/false/1/0/yes/no/on/off/t/f/y/n} in any case; null for anything else. */
    public static Boolean booleanWord(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(lower)) {
            return true;
        }
        if (FALSE_WORDS.contains(lower)) {
            return false;
        }
        return null;
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
        return Change.to(integer(node, min, max, attr(name)));
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

    /**
     * JSON integers, integral decimals such as {@code 5.0}, and strings of an integer. Bounds are
     * compared before any conversion, so a huge value (say {@code 1e300000000}) is refused at once.
     */
    public static long integer(JsonNode node, Long min, Long max, String attr) {
        BigDecimal value = integralValue(node);
        if (value == null) {
            throw ApiException.validation("invalid", "A valid integer is required.", attr);
        }
        if (min != null && value.compareTo(BigDecimal.valueOf(min)) < 0) {
            throw ApiException.validation("min_value", "Ensure this value is greater than or equal to " + min + ".", attr);
        }
        if (max != null && value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiException.validation("max_value", "Ensure this value is less than or equal to " + max + ".", attr);
        }
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
            throw ApiException.validation("invalid", "A valid integer is required.", attr);
        }
        return value.longValueExact();
    }

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** The exact value of an integral number or integer text, never expanded; null when not integral. */
    private static BigDecimal integralValue(JsonNode node) {
        if (node.isIntegralNumber()) {
            return new BigDecimal(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            BigDecimal decimal = node.decimalValue();
            return decimal.signum() == 0 ? BigDecimal.ZERO
                    : decimal.stripTrailingZeros().scale() <= 0 ? decimal : null;
        }
        if (node.isTextual()) {
            BigInteger text = integerText(node.textValue());
            return text == null ? null : new BigDecimal(text);
        }
        return null;
    }

    /** An integer written as text, optionally followed by {@code .0...}, surrounded by optional spaces. */
    public static BigInteger integerText(String text) {
        if (text.length() > MAX_NUMBER_TEXT * 2) {
            return null;
        }
        String trimmed = text.strip().replaceFirst("\\.0*$", "");
        if (trimmed.length() > MAX_NUMBER_TEXT || !trimmed.matches("[+-]?\\d+")) {
            return null;
        }
        return new BigInteger(trimmed);
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
        return Change.to(uuid(node, attr(name)));
    }

    public static UUID uuid(JsonNode node, String attr) {
        if (node.isTextual()) {
            var parsed = Uuids.parse(node.textValue().strip());
            if (parsed.isPresent()) {
                return parsed.get();
            }
            String compact = node.textValue().strip();
            if (compact.matches("[0-9a-fA-F]{32}")) {
                return UUID.fromString(compact.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
            }
        }
        throw ApiException.validation("invalid", "Must be a valid UUID.", attr);
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
        return Change.to(choice(node, parser, attr(name)));
    }

    public <E> E requiredChoice(String name, Function<String, E> parser) {
        if (!object.has(name)) {
            throw required(name);
        }
        return choice(name, parser, false).value();
    }

    public static <E> E choice(JsonNode node, Function<String, E> parser, String attr) {
        String text = node.isTextual() ? node.textValue() : node.isNumber() ? numberForMessage(node) : node.toString();
        E value = node.isContainerNode() || node.isBoolean() ? null : parser.apply(text);
        if (value == null) {
            throw invalidChoice(text, attr);
        }
        return value;
    }

    public static ApiException invalidChoice(String text, String attr) {
        return ApiException.validation("invalid_choice", "\"" + text + "\" is not a valid choice.", attr);
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
            values.add(text(element, rule, attr));
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
        return Change.to(object(node, attr(name)));
    }

    /** A JSON object at {@code attr}; any other value is {@code not_a_dict}. */
    public static ObjectNode object(JsonNode node, String attr) {
        if (!node.isObject()) {
            throw ApiException.validation("not_a_dict",
                    "Expected a dictionary of items but got type \"" + Json.typeName(node) + "\".", attr);
        }
        return (ObjectNode) node;
    }

    /** The fields of a nested object, reporting errors as {@code <name>__<field>}. */
    public Fields nested(String name, ObjectNode nested) {
        return new Fields(nested, attr(name));
    }

    public ApiException required(String name) {
        return ApiException.validation("required", "This field is required.", attr(name));
    }

    /** A domain rule's refusal, reported as {@code invalid_input} against its field. */
    public ApiException invalidInput(InvalidValueException e) {
        return ApiException.invalidInput(e.getMessage(), e.field() == null ? null : attr(e.field()));
    }
}

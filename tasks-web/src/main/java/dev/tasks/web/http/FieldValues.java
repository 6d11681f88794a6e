package dev.tasks.web.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.task.Uuids;
import dev.tasks.web.http.Fields.Text;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Single JSON values (and query parameters) read as PostHog's serializer fields read them: which
 * JSON types a string, integer, boolean, UUID or choice accepts, and the code and message of each
 * refusal at {@code attr}. No value costs more than its bounds: numbers are compared before they are
 * expanded, and texts are measured before they are built.
 */
public final class FieldValues {

    private static final Set<String> TRUE_WORDS = Set.of("true", "1", "yes", "on", "t", "y");
    private static final Set<String> FALSE_WORDS = Set.of("false", "0", "no", "off", "f", "n");

    /**
     * The longest decimal text a JSON number is turned into. Jackson already bounds the digits of a
     * literal (1000); this bounds its exponent, which a literal such as {@code 1e300000000} makes huge.
     */
    static final int MAX_NUMBER_TEXT = 1000;

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

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

    /** A JSON object at {@code attr}; any other value is {@code not_a_dict}. */
    public static ObjectNode object(JsonNode node, String attr) {
        if (!node.isObject()) {
            throw ApiException.validation("not_a_dict",
                    "Expected a dictionary of items but got type \"" + Json.typeName(node) + "\".", attr);
        }
        return (ObjectNode) node;
    }

    private FieldValues() {
    }
}

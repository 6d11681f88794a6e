package dev.tasks.web.artifacts;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a download (docs/artifacts.md#download): {@code attachment} with the
 * basename of the entry's name. Quotes, backslashes and control characters become {@code _} (and so
 * does anything outside ASCII, which a header cannot carry); a non-ASCII name is also given in full
 * as {@code filename*=UTF-8''<percent-encoded>}.
 */
final class ContentDisposition {

    private static final String FALLBACK = "artifact";

    private ContentDisposition() {
    }

    static String attachment(Object entryName) {
        String name = entryName instanceof String text ? text : "";
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.isEmpty()) {
            base = FALLBACK;
        }
        StringBuilder quoted = new StringBuilder(base.length());
        boolean ascii = true;
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (c > 0x7e) {
                ascii = false;
            }
            quoted.append(c == '"' || c == '\\' || c < 0x20 || c > 0x7e ? '_' : c);
        }
        String header = "attachment; filename=\"" + quoted + "\"";
        return ascii ? header : header + "; filename*=UTF-8''" + percentEncoded(base);
    }

    private static String percentEncoded(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}

package dev.tasks.domain.artifact;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.Locale;

/**
 * How large an artifact may be (docs/artifacts.md#size-limits): 30 MiB, or 10 MiB for a user attachment that
 * is a PDF by name or by media type.
 */
public record SizeLimit(long bytes) {

    public static final long MAX = 31_457_280;
    public static final long PDF_MAX = 10_485_760;
    private static final long MIB = 1_048_576;

    public static SizeLimit of(ArtifactType type, String name, String contentType) {
        boolean pdf = isPdfName(name) || "application/pdf".equals(mediaType(contentType));
        return new SizeLimit(type == ArtifactType.USER_ATTACHMENT && pdf ? PDF_MAX : MAX);
    }

    /** Refuses {@code size} above the limit, with the documented wording; the field is the caller's to name. */
    public void check(long size, String safeName, String field) {
        if (size > bytes) {
            String shown = safeName == null || safeName.isEmpty() ? "Artifact" : safeName;
            String suffix = isPdfName(safeName) ? " attachment limit for PDFs in cloud runs" : " attachment limit";
            throw new InvalidValueException(field, shown + " exceeds the " + (bytes / MIB) + "MB" + suffix);
        }
    }

    private static boolean isPdfName(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(".pdf");
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}

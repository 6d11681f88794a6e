package dev.tasks.domain.artifact;

import java.util.Locale;
import java.util.Set;

/**
 * What an artifact's declared content type means for those who fetch it. Artifacts are whatever
 * agents and users upload, so a type a browser would render as active content (a page, a script, an
 * SVG image) is never served inline: downloads and download URLs make it an attachment.
 */
public final class ContentTypes {

    /** The type stored for an upload that declares none. */
    public static final String UNDECLARED = "application/octet-stream";

    private static final Set<String> ACTIVE = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "text/xml", "application/xml", "text/xsl", "text/javascript", "application/javascript",
            "application/x-javascript", "text/ecmascript", "application/ecmascript", "text/jscript",
            "application/pdf", "multipart/x-mixed-replace");

    private ContentTypes() {
    }

    /** The type an upload of {@code declared} is stored with (a presigned POST pins it). */
    public static String forUpload(String declared) {
        return declared == null || declared.isBlank() ? UNDECLARED : declared.strip();
    }

    /** Whether a browser would render a body of this type as a document or run it as a script. */
    public static boolean isActive(String type) {
        if (type == null) {
            return false;
        }
        int semicolon = type.indexOf(';');
        String essence = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return ACTIVE.contains(essence) || essence.endsWith("+xml");
    }
}

package dev.tasks.web.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tasks.web.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict base64 (docs/artifacts.md#inline-upload) and {@code Content-Disposition} (docs/artifacts.md#download). */
class ArtifactHttpRulesTest {

    @Test
    void base64IsDecodedStrictly() {
        assertArrayEquals(new byte[] {0, (byte) 0xff}, ArtifactRequest.decodeBase64("AP8=", "c"));
        assertArrayEquals(new byte[0], ArtifactRequest.decodeBase64("", "c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AP8", "AP8=\n", "A P8=", "AP-_", "%%%not-base64%%%", "AP8=AP8=", "====", "AP=8"})
    void anythingElseIsInvalidBase64(String content) {
        ApiException refused = assertThrows(ApiException.class, () -> ArtifactRequest.decodeBase64(content, "c"));
        assertEquals(400, refused.status());
    }

    @Test
    void downloadsAreNamedAfterTheEntrysBasename() {
        assertEquals("attachment; filename=\"plan.md\"", ContentDisposition.attachment("plan.md"));
        assertEquals("attachment; filename=\"y.md\"", ContentDisposition.attachment("x/y.md"));
        assertEquals("attachment; filename=\"artifact\"", ContentDisposition.attachment("dir/"));
        assertEquals("attachment; filename=\"artifact\"", ContentDisposition.attachment(null));
        assertEquals("attachment; filename=\"a_b_c_d\"", ContentDisposition.attachment("a\"b\\c\nd"));
        assertEquals("attachment; filename=\"_.txt\"; filename*=UTF-8''%E6%97%A5.txt",
                ContentDisposition.attachment("日.txt"));
    }
}

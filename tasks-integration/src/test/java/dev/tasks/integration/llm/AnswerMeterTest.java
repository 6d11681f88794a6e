package dev.tasks.integration.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tasks.domain.llm.ModelUsage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Usage read off Anthropic's answers as they pass, streamed or not, without keeping them. */
class AnswerMeterTest {

    private static final String STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","model":"claude-sonnet-4-6","usage":{"input_tokens":120,"cache_creation_input_tokens":7,"cache_read_input_tokens":30,"output_tokens":1}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"message_delta is only text here"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}

            event: message_stop
            data: {"type":"message_stop"}
            """;

    private static AnswerMeter feed(String contentType, String answer, int chunk) {
        AnswerMeter meter = new AnswerMeter(contentType, "asked-model");
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += chunk) {
            meter.accept(bytes, at, Math.min(chunk, bytes.length - at));
        }
        meter.finish();
        return meter;
    }

    @Test
    void aStreamedAnswerReportsInputAtTheStartAndOutputSoFarInEachDelta() {
        for (int chunk : new int[] {1, 7, 64, 100_000}) {
            AnswerMeter meter = feed("text/event-stream; charset=utf-8", STREAM, chunk);
            assertEquals(new ModelUsage(120, 42, 7, 30), meter.usage(), "chunks of " + chunk);
            assertEquals("claude-sonnet-4-6", meter.model());
        }
    }

    @Test
    void aPlainAnswerIsReadWhenItEnds() {
        AnswerMeter meter = feed("application/json", """
                {"id":"msg_2","model":"claude-haiku-4-5","content":[{"type":"text","text":"hi"}],
                 "usage":{"input_tokens":9,"output_tokens":3}}""", 5);
        assertEquals(new ModelUsage(9, 3, 0, 0), meter.usage());
        assertEquals("claude-haiku-4-5", meter.model());
    }

    @Test
    void anErrorPageOrAnAnswerWithoutUsageCountsNothingAndKeepsTheAskedModel() {
        AnswerMeter meter = feed("text/html", "<html>bad gateway</html>", 3);
        assertEquals(ModelUsage.NONE, meter.usage());
        assertEquals("asked-model", meter.model());
    }

    @Test
    void anOverlongLineIsSkippedAndTheLinesAfterItStillCount() {
        String huge = "data: {\"type\":\"content_block_delta\",\"text\":\"" + "x".repeat(AnswerMeter.MAX_LINE + 10)
                + "\"}\n\n";
        String answer = huge + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":5}}\n\n";
        assertEquals(new ModelUsage(0, 5, 0, 0), feed("text/event-stream", answer, 8192).usage());
    }

    @Test
    void anOverlongPlainAnswerIsPassedOnWithoutBeingRead() {
        String answer = "{\"pad\":\"" + "x".repeat(AnswerMeter.MAX_JSON) + "\",\"usage\":{\"input_tokens\":9}}";
        assertEquals(ModelUsage.NONE, feed("application/json", answer, 65536).usage());
    }

    @Test
    void theRequestedModelIsTheTopLevelFieldWhereverItIs() {
        assertEquals("claude-opus-4-1", AnswerMeter.requestedModel(("{\"messages\":[{\"model\":\"inner\"}],"
                + "\"metadata\":{\"model\":\"x\"},\"model\":\"claude-opus-4-1\"}").getBytes(StandardCharsets.UTF_8)));
        assertNull(AnswerMeter.requestedModel("{\"model\":42}".getBytes(StandardCharsets.UTF_8)));
        assertNull(AnswerMeter.requestedModel("not json".getBytes(StandardCharsets.UTF_8)));
        assertNull(AnswerMeter.requestedModel("[]".getBytes(StandardCharsets.UTF_8)));
    }
}

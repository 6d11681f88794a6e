package dev.tasks.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Out-of-range pagination falls back instead of failing, as PostHog's paginator does (docs/runs.md#pagination). */
class PageRequestTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null,null,50,0", "10,20,10,20", "0,0,50,0", "-1,-5,50,0", "abc,x,50,0", "1000,3,100,3",
            "99999999999999999999,1,50,1", "5,99999999999,5,2147483647", "' 5',1,50,1", "100,0,100,0"})
    void limitsAndOffsetsFallBack(String limit, String offset, int expectedLimit, int expectedOffset) {
        PageRequest page = PageRequest.parse(limit, offset);
        assertEquals(expectedLimit, page.limit());
        assertEquals(expectedOffset, page.offset());
    }
}

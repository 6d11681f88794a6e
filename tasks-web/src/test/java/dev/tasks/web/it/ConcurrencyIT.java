package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Concurrent writers of one run lose nothing (docs/runs.md#state-merge, docs/logs-and-stream.md#entries). */
class ConcurrencyIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";
    private static final int CLIENTS = 20;

    private String newRun(Member member) {
        String task = fixtures().newTask(member, Map.of("title", "busy")).get("id").asText();
        String runs = TASKS + task + "/runs/";
        return runs + member.api().post(runs, Map.of()).expect(201).json().get("id").asText() + "/";
    }

    /** Runs {@code action(i)} for i in 0..CLIENTS-1 at once and returns the statuses. */
    private static List<Integer> together(IntFunction<ApiResponse> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return action.apply(client).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(120, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twentyClientsPatchingDistinctStateKeysLoseNone() throws Exception {
        Member member = fixtures().newMember();
        String run = newRun(member);
        List<Integer> statuses = together(i -> member.api().patch(run, Map.of("state", Map.of("key_" + i, i))));
        assertEquals(List.of(200), statuses.stream().distinct().toList());
        JsonNode state = member.api().get(run).expect(200).json().get("state");
        for (int i = 0; i < CLIENTS; i++) {
            assertEquals(i, state.path("key_" + i).asInt(-1), "key_" + i + " in " + state);
        }
        assertEquals("background", state.get("mode").asText());
    }

    @Test
    void twentyClientsAppendingLoseNoEntryAndKeepTheirOrder() throws Exception {
        Member member = fixtures().newMember();
        String run = newRun(member);
        int perRequest = 25;
        List<Integer> statuses = together(i -> {
            StringBuilder body = new StringBuilder("{\"entries\":[");
            for (int j = 0; j < perRequest; j++) {
                body.append(j == 0 ? "" : ",").append("{\"client\":").append(i).append(",\"n\":").append(j).append('}');
            }
            return member.api().send("POST", run + "append_log/", body.append("]}").toString(), "application/json");
        });
        assertEquals(List.of(200), statuses.stream().distinct().toList());
        String[] lines = member.api().get(run + "logs").expect(200).text().split("\n");
        assertEquals(CLIENTS * perRequest, lines.length);
        Map<Integer, Integer> firstLine = new HashMap<>();
        for (int line = 0; line < lines.length; line++) {
            JsonNode entry = ApiResponse.JSON.readTree(lines[line]);
            int client = entry.get("client").asInt();
            firstLine.putIfAbsent(client, line);
            assertEquals(line - firstLine.get(client), entry.get("n").asInt(),
                    "each request's entries are contiguous and in order");
        }
        assertEquals(CLIENTS, firstLine.size());
        JsonNode page = member.api().get(run + "session_logs/?limit=1").expect(200).json();
        assertTrue(page.isArray());
    }
}

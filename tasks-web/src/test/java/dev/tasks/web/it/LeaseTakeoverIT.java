package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.AgentStub.Answer;
import dev.tasks.web.it.AgentStub.Command;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lease takeover (docs/cloud-runs.md#leases-and-retries): the instance running a job dies; once its lease has gone 60 s
 * without a heartbeat, the other instance runs the job again. The job is a message for a run's agent, which
 * keeps the first delivery waiting, so the job is mid-flight when its instance is killed.
 */
class LeaseTakeoverIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final String ADMIN = "phx_leaseTakeoverAdministratorKey000000000000000000";
    private static final AgentStub AGENTS = TestEnvironment.get().agents();

    private static TestEnvironment.Database db;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        db = TestEnvironment.get().newDatabase("lease");
        List<String> options = List.of("-Dtasks.bootstrap.api.key=" + ADMIN);
        a = ServiceProcess.start("lease-a", db, options);
        b = ServiceProcess.start("lease-b", db, options);
        a.awaitReady(START);
        b.awaitReady(START);
    }

    @AfterAll
    static void stopInstances() throws Exception {
        for (ServiceProcess instance : new ServiceProcess[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    private static Object scalar(String sql, Object parameter) {
        return db.scalar(sql, parameter);
    }

    @Test
    void k39_aJobWhoseInstanceDiedIsRunAgainByTheOther() throws Exception {
        Api api = a.api(ADMIN);
        String task = api.post("/api/projects/1/tasks/", Map.of("title", "lease")).expect(201).json().get("id").asText();
        String runs = "/api/projects/1/tasks/" + task + "/runs/";
        String run = api.post(runs, Map.of("environment", "cloud")).expect(201).json().get("id").asText();
        assertEquals(1, db.update("update task_run set state = ? where id = ?", "{\"sandbox_url\":\""
                + AGENTS.agentUrl(run) + "\"}", UUID.fromString(run)));
        AGENTS.trust(api.get("/api/projects/1/tasks/sandbox_public_key/").expect(200).json().at("/keys/0/public_key")
                .asText());
        AGENTS.program(run, new Answer(200, "{\"jsonrpc\":\"2.0\",\"result\":{\"stopReason\":\"end_turn\"}}",
                Duration.ofMinutes(3).toMillis()));
        api.post(runs + run + "/command/", Map.of("jsonrpc", "2.0", "method", "user_message",
                "params", Map.of("content", "survive"))).expect(200);
        await(Duration.ofSeconds(30), "the agent has the first delivery", () -> AGENTS.commands(run).size() == 1);

        String owner = (String) scalar("select picked_by from scheduled_long_tasks where task_name = 'run.message'"
                + " and picked = true and task_instance = ?", Long.toString(((Number) scalar(
                "select max(id) from run_message where run_id = ?", UUID.fromString(run))).longValue()));
        ServiceProcess holder = owner.endsWith("/" + a.pid()) ? a : b;
        ServiceProcess survivor = holder == a ? b : a;
        assertTrue(owner.endsWith("/" + holder.pid()), "the lease names its instance: " + owner);
        holder.kill();

        await(Duration.ofSeconds(150), "the survivor delivers the message again", () -> AGENTS.commands(run).size() == 2);
        List<Command> deliveries = AGENTS.commands(run);
        JsonNode first = deliveries.get(0).body().at("/params/messageId");
        assertEquals(first, deliveries.get(1).body().at("/params/messageId"), "the same message, taken once by the agent");
        await(Duration.ofSeconds(30), "the message is delivered", () -> "delivered".equals(scalar(
                "select status from run_message where run_id = ?", UUID.fromString(run))));
        survivor.api(ADMIN).get(runs + run + "/").expect(200);
    }

    private static void await(Duration limit, String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(250);
        }
    }
}

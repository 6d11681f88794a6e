package dev.tasks.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasks.domain.llm.ModelCall;
import dev.tasks.domain.llm.ModelCalls.ModelTotal;
import dev.tasks.domain.llm.ModelUsage;
import dev.tasks.domain.run.RunId;
import dev.tasks.storage.db.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JdbcModelCalls}: every call kept against its run, summed in all and per model. */
abstract class ModelCallsContract extends EntryStoreContract {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private JdbcModelCalls calls() {
        var calls = new JdbcModelCalls();
        calls.database = TestDatabase.over(store.database.dataSource());
        return calls;
    }

    @Test
    void aRunsCallsAreSummedInAllAndPerModelTheMostUsedFirst() {
        JdbcModelCalls calls = calls();
        RunId run = store.newRun();
        RunId other = store.newRun();
        calls.record(new ModelCall(run, "haiku", 200, new ModelUsage(5, 1, 0, 0), T0));
        calls.record(new ModelCall(run, "sonnet", 200, new ModelUsage(100, 20, 7, 30), T0));
        calls.record(new ModelCall(run, "sonnet", 529, ModelUsage.NONE, T0));
        calls.record(new ModelCall(run, null, 200, new ModelUsage(1, 1, 1, 1), T0));
        calls.record(new ModelCall(other, "sonnet", 200, new ModelUsage(9, 9, 9, 9), T0));

        assertEquals(new ModelTotal(null, 4, new ModelUsage(106, 22, 8, 31)), calls.total(run));
        List<ModelTotal> perModel = calls.totals(run, 10);
        assertEquals(new ModelTotal("sonnet", 2, new ModelUsage(100, 20, 7, 30)), perModel.get(0));
        assertEquals(3, perModel.size());
        assertEquals(1, calls.totals(run, 1).size(), "bounded");
        assertEquals(new ModelTotal(null, 0, ModelUsage.NONE), calls.total(store.newRun()));
    }

    @Test
    void anOverlongModelNameIsCutToWhatTheColumnHolds() {
        JdbcModelCalls calls = calls();
        RunId run = store.newRun();
        calls.record(new ModelCall(run, "m".repeat(5000), 200, ModelUsage.NONE, T0));
        assertEquals(ModelCall.MAX_MODEL, calls.totals(run, 1).get(0).model().length());
    }
}

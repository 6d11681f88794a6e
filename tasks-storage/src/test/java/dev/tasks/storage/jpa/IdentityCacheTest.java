package dev.tasks.storage.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.PersonalApiKey;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.ProjectSettings;
import dev.tasks.domain.identity.Projects.Access;
import dev.tasks.domain.identity.Scopes;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.UserId;
import dev.tasks.storage.jdbc.DatabaseNotifications;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The identity cache's rules: bounded life, emptied on every change, bypassed when it could miss one. */
class IdentityCacheTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final User USER = new User(new UserId(7), UUID.randomUUID(), "d", "u@example.com", "", "", false,
            true, T0, null);
    private static final PersonalApiKey KEY = new PersonalApiKey(UUID.randomUUID(), USER.id(), "k", "digest",
            "phx_...", Scopes.of(), List.of(), T0, null, null);
    private static final Caller CALLER = new Caller(USER, KEY);
    private static final Access ACCESS = new Access(USER.id(), false, List.of());

    private final Notifications notifications = new Notifications();
    private long nanos;
    private IdentityCache cache;
    private final AtomicInteger loads = new AtomicInteger();

    /** The notification channel as the cache sees it: whether it listens, what it was told. */
    static final class Notifications extends DatabaseNotifications {
        boolean listening = true;
        boolean changedInTransaction;
        Runnable subscriber;

        @Override
        public void subscribeToIdentityChanges(Runnable subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public boolean hearsAllIdentityChanges() {
            return listening;
        }

        @Override
        public boolean identityChangedInThisTransaction() {
            return changedInTransaction;
        }
    }

    @BeforeEach
    void newCache() {
        cache = new IdentityCache(() -> nanos);
        cache.notifications = notifications;
        cache.listen();
    }

    private Supplier<Optional<Caller>> fromDatabase(Optional<Caller> answer) {
        return () -> {
            loads.incrementAndGet();
            return answer;
        };
    }

    private Optional<Caller> authenticate() {
        return cache.caller("digest", fromDatabase(Optional.of(CALLER)));
    }

    @Test
    void aCallerIsReadOnceAndServedForAtMostOneSecond() {
        assertEquals(Optional.of(CALLER), authenticate());
        nanos += Duration.ofMillis(999).toNanos();
        assertEquals(Optional.of(CALLER), authenticate());
        assertEquals(1, loads.get());
        nanos += Duration.ofMillis(1).toNanos();
        authenticate();
        assertEquals(2, loads.get(), "read again once the bound has passed");
    }

    @Test
    void anIdentityChangeEmptiesEverything() {
        authenticate();
        Project project = new Project(new ProjectId(3), "p", ProjectSettings.DEFAULT, T0);
        AtomicInteger projectLoads = new AtomicInteger();
        Supplier<Optional<Project>> projectFromDatabase = () -> {
            projectLoads.incrementAndGet();
            return Optional.of(project);
        };
        cache.accessible(project.id(), ACCESS, projectFromDatabase);
        cache.accessible(project.id(), ACCESS, projectFromDatabase);
        assertEquals(1, projectLoads.get());

        notifications.subscriber.run();
        authenticate();
        cache.accessible(project.id(), ACCESS, projectFromDatabase);
        assertEquals(2, loads.get());
        assertEquals(2, projectLoads.get());
    }

    @Test
    void nothingIsCachedOrServedWhileChangesCouldBeMissed() {
        authenticate();
        notifications.listening = false;
        authenticate();
        authenticate();
        assertEquals(3, loads.get(), "not served from the cache while the LISTEN connection is down");
    }

    @Test
    void aValueReadWhileAChangeIsAnnouncedIsNotKept() {
        cache.caller("digest", () -> {
            loads.incrementAndGet();
            notifications.subscriber.run();
            return Optional.of(CALLER);
        });
        authenticate();
        assertEquals(2, loads.get());
    }

    @Test
    void aValueReadInATransactionThatChangedAnIdentityIsNotKept() {
        notifications.changedInTransaction = true;
        authenticate();
        notifications.changedInTransaction = false;
        authenticate();
        assertEquals(2, loads.get());
    }

    @Test
    void unknownKeysAreNotCachedButUnreachableProjectsAre() {
        cache.caller("unknown", fromDatabase(Optional.empty()));
        cache.caller("unknown", fromDatabase(Optional.empty()));
        assertEquals(2, loads.get(), "an unknown key costs its lookup, and cannot fill the cache");
        AtomicInteger projectLoads = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            assertTrue(cache.accessible(new ProjectId(9), ACCESS, () -> {
                projectLoads.incrementAndGet();
                return Optional.empty();
            }).isEmpty());
        }
        assertEquals(1, projectLoads.get(), "a project the caller may not reach is remembered as such");
    }

    @Test
    void recordingAUseUpdatesTheEntryWithoutExtendingItsLife() {
        authenticate();
        nanos += Duration.ofMillis(600).toNanos();
        Instant used = T0.plusSeconds(60);
        cache.used(KEY.id(), used);
        assertEquals(used, authenticate().orElseThrow().key().lastUsedAt());
        nanos += Duration.ofMillis(400).toNanos();
        authenticate();
        assertEquals(2, loads.get(), "still read again one second after it was first read");
    }
}

package dev.tasks.storage.jpa;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.Projects.Access;
import dev.tasks.storage.jdbc.DatabaseNotifications;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What every authenticated request looks up before its work: the caller behind a key's digest, and
 * the projects it may reach. Coherent across instances: every change to a key, user, membership or
 * project is announced on the database's notification channel and empties this cache on every
 * instance once it commits ({@link DatabaseNotifications#announceIdentityChange}); an entry also
 * expires {@link #BOUND} after it was loaded, whether or not a notification arrives; and while this
 * instance is not listening (its {@code LISTEN} connection is down), nothing is cached or served
 * from the cache. A revoked key or membership therefore works for at most {@link #BOUND} anywhere.
 */
@ApplicationScoped
public class IdentityCache {

    /** The longest an entry is served after it was read from the database. */
    public static final Duration BOUND = Duration.ofSeconds(1);
    /** Entries per map: the busiest keys and lookups of the last second, not every key there is. */
    static final int MAX_ENTRIES = 10_000;

    @Inject
    DatabaseNotifications notifications;

    private final AtomicLong generation = new AtomicLong();
    private final Cache<String, Caller> callers;
    private final Cache<ProjectLookup, Optional<Project>> projects;
    private final Cache<Access, Optional<ProjectId>> lowest;

    public IdentityCache() {
        this(Ticker.systemTicker());
    }

    IdentityCache(Ticker ticker) {
        callers = newCache(ticker);
        projects = newCache(ticker);
        lowest = newCache(ticker);
    }

    private static <K, V> Cache<K, V> newCache(Ticker ticker) {
        // Expiry counts from loading only: recording a key's use replaces its entry, and must not
        // extend its life. Maintenance runs on the calling thread, not a pool of the runtime's.
        return Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfter(new FromLoading<K, V>())
                .executor(Runnable::run).ticker(ticker).build();
    }

    /** An entry lives {@link #BOUND} from when it was put, whatever happens to it since. */
    private static final class FromLoading<K, V> implements Expiry<K, V> {
        @Override
        public long expireAfterCreate(K key, V value, long currentTime) {
            return BOUND.toNanos();
        }

        @Override
        public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    @PostConstruct
    void listen() {
        notifications.subscribeToIdentityChanges(this::clear);
    }

    /** Forgets everything: an identity changed somewhere, or changes may have been missed. */
    void clear() {
        generation.incrementAndGet();
        callers.invalidateAll();
        projects.invalidateAll();
        lowest.invalidateAll();
    }

    Optional<Caller> caller(String digest, Supplier<Optional<Caller>> load) {
        return cached(callers, digest, load);
    }

    Optional<Project> accessible(ProjectId id, Access access, Supplier<Optional<Project>> load) {
        return cached(projects, new ProjectLookup(id, access), () -> Optional.of(load.get())).orElseThrow();
    }

    Optional<ProjectId> lowestAccessible(Access access, Supplier<Optional<ProjectId>> load) {
        return cached(lowest, access, () -> Optional.of(load.get())).orElseThrow();
    }

    /** The cached caller of key {@code id} reads as used at {@code at}, so its use is not recorded again. */
    void used(UUID id, Instant at) {
        callers.asMap().forEach((digest, caller) -> {
            if (caller.key().id().equals(id)) {
                callers.asMap().replace(digest, caller, caller.keyUsedAt(at));
            }
        });
    }

    /**
     * {@code load}'s answer, from the cache when it may be served. A value read while an identity
     * change was being announced is not kept (it may predate the change), nor one read in a
     * transaction that itself changed an identity (it may never commit).
     */
    private <K, V> Optional<V> cached(Cache<K, V> cache, K key, Supplier<Optional<V>> load) {
        if (!notifications.hearsAllIdentityChanges()) {
            return load.get();
        }
        V hit = cache.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        long before = generation.get();
        Optional<V> loaded = load.get();
        if (loaded.isPresent() && generation.get() == before && !notifications.identityChangedInThisTransaction()) {
            cache.put(key, loaded.get());
        }
        return loaded;
    }

    /** A project looked up for a caller: its id and who asks through which limit. */
    record ProjectLookup(ProjectId id, Access access) {
    }
}

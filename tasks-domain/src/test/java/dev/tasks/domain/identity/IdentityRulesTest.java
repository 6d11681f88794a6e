package dev.tasks.domain.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.shared.InvalidValueException;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scopes, users and key values (docs/identity.md, "Scopes", "Users" and "Key format and hashing"). */
class IdentityRulesTest {

    @Test
    void writeGrantsReadOfTheSameResourceOnly() {
        Scope taskWrite = Scope.parse("task:write");
        assertTrue(taskWrite.grants(Scope.parse("task:read")));
        assertTrue(taskWrite.grants(Scope.parse("task:write")));
        assertFalse(taskWrite.grants(Scope.parse("project:read")));
        assertFalse(Scope.parse("task:read").grants(taskWrite));
        assertTrue(Scope.ALL.grants(taskWrite));
        assertFalse(taskWrite.grants(Scope.ALL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"task", "task:admin", "tasks:read", ":read", "task:", "*:*", "TASK:READ", ""})
    void malformedScopesAreNamed(String text) {
        var error = assertThrows(InvalidValueException.class, () -> Scope.parse(text));
        assertEquals("Invalid scope: " + text, error.getMessage());
        assertEquals("scopes", error.field());
    }

    @Test
    void scopesRoundTripTheirWireNames() {
        List<String> names = List.of("task:read", "*", "integration:write");
        assertEquals(names, Scopes.parse(names).wireNames());
    }

    @Test
    void keysCannotExceedTheirMaker() {
        Scopes maker = Scopes.parse(List.of("task:write", "user:read"));
        maker.requireCovers(Scopes.parse(List.of("task:read", "user:read")));
        assertThrows(InvalidValueException.class, () -> maker.requireCovers(Scopes.parse(List.of("project:read"))));
        assertThrows(InvalidValueException.class, () -> maker.requireCovers(Scopes.of(Scope.ALL)));
        Scopes.of(Scope.ALL).requireCovers(Scopes.of(Scope.ALL));
    }

    @Test
    void keyValuesAreRandomAndStoredAsDigests() {
        var random = new SplittableRandom(7);
        ApiKeySecret one = ApiKeySecret.generate(random);
        ApiKeySecret two = ApiKeySecret.generate(random);
        assertNotEquals(one, two);
        assertTrue(one.value().matches("phx_[A-Za-z0-9]{48}"));
        assertEquals(64, one.digest().length());
        assertEquals(one.digest(), ApiKeySecret.digestOf(one.value()));
        assertEquals(one.value().substring(0, 4) + "..." + one.value().substring(48), one.mask());
        assertFalse(one.toString().contains(one.value().substring(8, 40)), "toString never leaks the value");
        assertThrows(IllegalArgumentException.class, () -> new ApiKeySecret("sk_live_x"));
    }

    @Test
    void emailsAreNormalized() {
        assertEquals("ada@example.com", User.normalizeEmail("  Ada@Example.COM "));
    }

    @Test
    void administratorsCannotDemoteOrDeactivateThemselves() {
        UserId me = new UserId(1);
        User admin = new User(me, UUID.randomUUID(), "d", "a@x", "", "", true, true, Instant.EPOCH, null);
        assertEquals("is_staff", assertThrows(InvalidValueException.class,
                () -> admin.withAccess(false, true, me)).field());
        assertEquals("is_active", assertThrows(InvalidValueException.class,
                () -> admin.withAccess(true, false, me)).field());
        User demoted = admin.withAccess(false, false, new UserId(2));
        assertFalse(demoted.staff());
        assertFalse(demoted.active());
    }
}

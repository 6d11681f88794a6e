package dev.tasks.domain.idempotency;

import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.InvalidValueException;

/** A client's idempotency key, scoped to the user who sent it: 1 to 255 printable ASCII characters. */
public record IdempotencyKey(UserId user, String value) {

    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH
                || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new InvalidValueException(null, "Idempotency-Key must be 1-255 printable ASCII characters.");
        }
    }
}

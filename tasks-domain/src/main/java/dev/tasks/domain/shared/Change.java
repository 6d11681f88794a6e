package dev.tasks.domain.shared;

import java.util.function.Function;

/**
 * A field of a partial update: either left alone, or set to a value that may itself be null. An
 * {@code Optional} cannot tell "not sent" from "sent as null"; an update request must.
 */
public final class Change<T> {

    private static final Change<?> KEEP = new Change<>(false, null);

    private final boolean set;
    private final T value;

    private Change(boolean set, T value) {
        this.set = set;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> Change<T> keep() {
        return (Change<T>) KEEP;
    }

    public static <T> Change<T> to(T value) {
        return new Change<>(true, value);
    }

    public boolean isSet() {
        return set;
    }

    public T value() {
        if (!set) {
            throw new IllegalStateException("no value: the field is kept");
        }
        return value;
    }

    public T orElse(T current) {
        return set ? value : current;
    }

    public <R> Change<R> map(Function<? super T, ? extends R> mapper) {
        return set ? to(mapper.apply(value)) : keep();
    }

    @Override
    public String toString() {
        return set ? "Change.to(" + value + ")" : "Change.keep()";
    }
}

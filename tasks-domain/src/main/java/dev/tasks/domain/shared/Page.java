package dev.tasks.domain.shared;

import java.util.List;
import java.util.function.Function;

/** One window of an ordered result and the size of the whole result. */
public record Page<T>(long count, List<T> items) {

    public Page {
        items = List.copyOf(items);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(count, items.stream().<R>map(mapper).toList());
    }
}

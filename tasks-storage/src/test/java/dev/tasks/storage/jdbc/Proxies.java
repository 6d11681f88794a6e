package dev.tasks.storage.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** JDBC objects with chosen calls intercepted and every other call passed on to the real object. */
final class Proxies {

    private Proxies() {
    }

    /** The intercepted call, as the real object would answer it. */
    @FunctionalInterface
    interface Call {
        Object proceed() throws Throwable;
    }

    /** What happens instead of a call: typically something around {@code call.proceed()}. */
    @FunctionalInterface
    interface Interceptor {
        Object invoke(Method method, Object[] arguments, Call call) throws Throwable;
    }

    static <T> T intercept(Class<T> type, T target, Interceptor interceptor) {
        return type.cast(Proxy.newProxyInstance(Proxies.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> interceptor.invoke(method, arguments, () -> {
                    try {
                        return method.invoke(target, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                })));
    }
}

package dev.myelin.autograd;

/**
 * Whether ops record the graph for backpropagation, per thread: PyTorch's {@code no_grad} and
 * {@code enable_grad}.
 *
 * <p>Recording is on by default. A scope switches it for the code inside and restores the
 * previous mode when it closes; scopes nest. Scopes set a mode, never manage memory.
 *
 * <pre>{@code
 * try (var off = Grad.off()) {
 *     w.subInPlace(w.grad().mul(lr));   // an update that must not be recorded
 * }
 * }</pre>
 */
public final class Grad {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Grad() {}

    /** A grad-mode scope; closing it restores the mode that was in force when it opened. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether ops on this thread record the graph now. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Stops recording until the returned scope closes. */
    public static Scope off() {
        return set(false);
    }

    /** Records again (inside an {@link #off()} scope) until the returned scope closes. */
    public static Scope on() {
        return set(true);
    }

    /** Sets recording to {@code enabled} until the returned scope closes. */
    public static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }
}

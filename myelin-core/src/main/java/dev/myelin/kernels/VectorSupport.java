package dev.myelin.kernels;

/**
 * Whether the JDK's Vector API module ({@code jdk.incubator.vector}) is present in this JVM.
 * Kernels that use it live in classes that are loaded only when it is; without it Myelin runs
 * its scalar kernels and says so once on standard error.
 */
public final class VectorSupport {
    /** True when {@code --add-modules jdk.incubator.vector} was given (the launcher and the build do). */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    static {
        if (!AVAILABLE) {
            System.err.println("myelin: the Vector API is not enabled (start java with --add-modules"
                    + " jdk.incubator.vector); using scalar kernels, which are several times slower.");
        }
    }

    private VectorSupport() {}
}

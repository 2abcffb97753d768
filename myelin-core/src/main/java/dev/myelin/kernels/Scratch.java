package dev.myelin.kernels;

/**
 * Per-thread scratch arrays for kernels' temporaries (unfolded image patches, gathered
 * channels), grown as needed and reused from call to call, so that a training step does not
 * allocate them again every time. A slot's array belongs to its thread until that thread asks
 * for the slot again: never hand one out of the kernel that took it.
 */
public final class Scratch {
    /** Slots of different temporaries that are live at the same time. */
    public enum Slot { COLUMNS, CHANNELS }

    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[Slot.values().length][0]);
    private static final ThreadLocal<double[][]> DOUBLES =
            ThreadLocal.withInitial(() -> new double[Slot.values().length][0]);

    private Scratch() {}

    /** This thread's float array for {@code slot}, at least {@code size} long; its contents are arbitrary. */
    public static float[] floats(Slot slot, int size) {
        float[][] arrays = FLOATS.get();
        if (arrays[slot.ordinal()].length < size) {
            arrays[slot.ordinal()] = new float[size];
        }
        return arrays[slot.ordinal()];
    }

    /** This thread's double array for {@code slot}, at least {@code size} long; its contents are arbitrary. */
    public static double[] doubles(Slot slot, int size) {
        double[][] arrays = DOUBLES.get();
        if (arrays[slot.ordinal()].length < size) {
            arrays[slot.ordinal()] = new double[size];
        }
        return arrays[slot.ordinal()];
    }
}

package dev.myelin.tensor;

/**
 * Where a tensor's data lives and where its ops run.
 *
 * <p>The CPU is the default and the reference backend. The type exists so that a GPU backend
 * can plug in behind the same ops later; every op checks that its operands share a device.
 *
 * @param type the kind of device, such as {@code "cpu"}
 * @param index the device's number among devices of that kind
 */
public record Device(String type, int index) {
    /** The host processor. */
    public static final Device CPU = new Device("cpu", 0);

    @Override
    public String toString() {
        return type.equals("cpu") ? type : type + ":" + index;
    }
}

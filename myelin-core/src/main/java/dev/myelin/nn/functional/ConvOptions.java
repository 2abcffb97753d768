package dev.myelin.nn.functional;

import java.util.Arrays;

/**
 * The settings of a convolution, PyTorch's keyword arguments of {@code F.conv2d} and
 * {@code nn.Conv2d}: stride, padding (a size, or "same"), dilation, groups, and for transposed
 * convolutions the output padding. Each size takes one value for every spatial dimension or one
 * value per dimension. Start from {@link #defaults()}:
 *
 * <pre>{@code
 * ConvOptions.defaults().stride(2).padding(1)
 * ConvOptions.defaults().paddingSame().dilation(2)
 * ConvOptions.defaults().groups(32)                       // depthwise for 32 channels
 * }</pre>
 *
 * @param samePadding pad so that the output has the input's size (stride 1 only; odd total
 *     padding puts the extra element after, as PyTorch does)
 */
public record ConvOptions(int[] stride, int[] padding, boolean samePadding, int[] dilation, int groups,
        int[] outputPadding) {

    public ConvOptions {
        stride = check("stride", stride, 1);
        padding = check("padding", padding, 0);
        dilation = check("dilation", dilation, 1);
        outputPadding = check("outputPadding", outputPadding, 0);
        if (groups < 1) {
            throw new IllegalArgumentException("ConvOptions: groups must be at least 1, got " + groups);
        }
        if (samePadding && Arrays.stream(stride).anyMatch(s -> s != 1)) {
            throw new IllegalArgumentException("ConvOptions: 'same' padding needs stride 1, got stride "
                    + Arrays.toString(stride));
        }
    }

    private static int[] check(String name, int[] values, int min) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("ConvOptions: " + name + " needs at least one value");
        }
        for (int v : values) {
            if (v < min) {
                throw new IllegalArgumentException("ConvOptions: " + name + " must be at least " + min + ", got "
                        + Arrays.toString(values));
            }
        }
        return values.clone();
    }

    /** Stride 1, no padding, no dilation, one group. */
    public static ConvOptions defaults() {
        return new ConvOptions(new int[] {1}, new int[] {0}, false, new int[] {1}, 1, new int[] {0});
    }

    /** These options with another stride (one value, or one per spatial dimension). */
    public ConvOptions stride(int... stride) {
        return new ConvOptions(stride, padding, samePadding, dilation, groups, outputPadding);
    }

    /** These options with zero padding of the given size on both sides. */
    public ConvOptions padding(int... padding) {
        return new ConvOptions(stride, padding, false, dilation, groups, outputPadding);
    }

    /** These options with the padding that keeps the output the input's size (PyTorch's {@code padding='same'}). */
    public ConvOptions paddingSame() {
        return new ConvOptions(stride, new int[] {0}, true, dilation, groups, outputPadding);
    }

    /** These options with another dilation (spacing between kernel elements). */
    public ConvOptions dilation(int... dilation) {
        return new ConvOptions(stride, padding, samePadding, dilation, groups, outputPadding);
    }

    /** These options with the channels split into {@code groups} independent convolutions. */
    public ConvOptions groups(int groups) {
        return new ConvOptions(stride, padding, samePadding, dilation, groups, outputPadding);
    }

    /** These options with extra size added to one side of a transposed convolution's output. */
    public ConvOptions outputPadding(int... outputPadding) {
        return new ConvOptions(stride, padding, samePadding, dilation, groups, outputPadding);
    }

    /** A setting for {@code dims} spatial dimensions: one value repeated, or one per dimension. */
    static int[] expand(String op, String name, int[] values, int dims) {
        if (values.length == dims) {
            return values.clone();
        }
        if (values.length == 1) {
            int[] out = new int[dims];
            Arrays.fill(out, values[0]);
            return out;
        }
        throw new IllegalArgumentException(op + ": " + name + " needs 1 or " + dims + " values, got "
                + Arrays.toString(values));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvOptions c && Arrays.equals(stride, c.stride) && Arrays.equals(padding, c.padding)
                && samePadding == c.samePadding && Arrays.equals(dilation, c.dilation) && groups == c.groups
                && Arrays.equals(outputPadding, c.outputPadding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stride) * 31 + Arrays.hashCode(padding) + Arrays.hashCode(dilation) * 7 + groups;
    }

    /** The settings that differ from the defaults, as layers print them: {@code stride=(2, 2), padding=(1, 1)}. */
    public String describe(int dims) {
        StringBuilder sb = new StringBuilder();
        append(sb, "stride", expand("", "stride", stride, dims), 1);
        if (samePadding) {
            sb.append(", padding=same");
        } else {
            append(sb, "padding", expand("", "padding", padding, dims), 0);
        }
        append(sb, "dilation", expand("", "dilation", dilation, dims), 1);
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        append(sb, "outputPadding", expand("", "outputPadding", outputPadding, dims), 0);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, int[] values, int neutral) {
        if (Arrays.stream(values).anyMatch(v -> v != neutral)) {
            sb.append(", ").append(name).append("=").append(tuple(values));
        }
    }

    /** (a, b) as PyTorch prints sizes. */
    public static String tuple(int[] values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sb.append(values.length == 1 ? ",)" : ")").toString();
    }

    @Override
    public String toString() {
        return "ConvOptions(stride=" + Arrays.toString(stride) + ", padding="
                + (samePadding ? "same" : Arrays.toString(padding)) + ", dilation=" + Arrays.toString(dilation)
                + ", groups=" + groups + ", outputPadding=" + Arrays.toString(outputPadding) + ")";
    }
}

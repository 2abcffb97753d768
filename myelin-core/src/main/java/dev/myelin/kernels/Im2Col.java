package dev.myelin.kernels;

import java.util.Arrays;

/**
 * Unfolds image patches into columns and folds them back: the data movement that turns a 2-D
 * convolution into one matrix product per image and group.
 *
 * <p>For an image of {@code channels x h x w} and a kernel {@code kh x kw} with the given
 * stride, padding and dilation, the columns matrix has {@code channels*kh*kw} rows and
 * {@code oh*ow} columns: {@code cols[(c*kh + i)*kw + j][oy*ow + ox] = x[c][oy*sh - ph + i*dh][ox*sw - pw + j*dw]},
 * zero where that falls in the padding. With unit stride along the width, each run of a row is
 * one array copy. Arrays are {@code float[]} or {@code double[]}.
 */
public final class Im2Col {
    private Im2Col() {}

    /** The geometry of one convolution: input and output sizes, kernel, stride, padding, dilation. */
    public record Geometry(int channels, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
            int dh, int dw, int oh, int ow) {
        /** The number of rows of the columns matrix. */
        public int rows() {
            return channels * kh * kw;
        }

        /** The number of columns of the columns matrix (output pixels). */
        public int cols() {
            return oh * ow;
        }

        /** Whether the columns matrix is the image itself (1x1 kernel, unit stride, no padding). */
        public boolean isIdentity() {
            return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
        }
    }

    /** Fills {@code cols} (rows x cols, row-major from 0) from the image at {@code x[xo..]} (channels x h x w). */
    public static void im2col(Object x, int xo, Geometry g, Object cols) {
        im2col(x, xo, g, cols, 0, g.cols());
    }

    /**
     * Fills columns [col0, col0 + oh·ow) of {@code cols}, whose rows are {@code ld} long, from the
     * image at {@code x[xo..]}: several images can be unfolded side by side for one matrix product.
     */
    public static void im2col(Object x, int xo, Geometry g, Object cols, int col0, int ld) {
        if (x instanceof float[] fx && cols instanceof float[] fc) {
            floats(fx, xo, g, fc, col0, ld, false);
            return;
        }
        forEachSegment(g, xo, col0, ld, (d, s, inside, lo, hi) -> {
            if (!inside) {
                fill(cols, d, d + g.ow);
                return;
            }
            fill(cols, d, d + lo);
            fill(cols, d + hi, d + g.ow);
            if (g.sw == 1) {
                System.arraycopy(x, s + lo, cols, d + lo, hi - lo);
            } else {
                copyStrided(x, s, g.sw, cols, d, lo, hi);
            }
        });
    }

    /**
     * {@link #im2col} ({@code fold} false) and {@link #col2im} ({@code fold} true) for float arrays
     * with plain loops: the runs are short (a row of the output, 14 or 28 elements in W3), so a
     * visitor call, a type test and a System.arraycopy per run cost more than the run itself
     * (measured: a fifth of W3's epoch).
     */
    private static void floats(float[] x, int xo, Geometry g, float[] cols, int col0, int ld, boolean fold) {
        int ow = g.ow;
        for (int row = 0; row < g.rows(); row++) {
            int c = row / (g.kh * g.kw);
            int i = row / g.kw % g.kh;
            int colStart = row % g.kw * g.dw - g.pw;
            int lo = firstInside(colStart, g.sw);
            int hi = Math.max(lo, endInside(colStart, g.sw, g.w, ow));
            if (g.sh == 1 && g.sw == 1 && ow == g.w) {
                sameWidthRow(x, xo + (c * g.h - g.ph + i * g.dh) * g.w + colStart, cols, row * ld + col0, g,
                        Math.max(0, g.ph - i * g.dh), Math.min(g.oh, g.h + g.ph - i * g.dh), lo, hi, fold);
                continue;
            }
            for (int oy = 0; oy < g.oh; oy++) {
                int d = row * ld + col0 + oy * ow;
                int iy = oy * g.sh - g.ph + i * g.dh;
                boolean inside = iy >= 0 && iy < g.h;
                int s = xo + (c * g.h + iy) * g.w + colStart;
                if (fold) {
                    for (int ox = inside ? lo : hi; ox < hi; ox++) {
                        x[s + ox * g.sw] += cols[d + ox];
                    }
                } else if (!inside) {
                    Arrays.fill(cols, d, d + ow, 0f);
                } else {
                    for (int ox = 0; ox < lo; ox++) {
                        cols[d + ox] = 0f;
                    }
                    for (int ox = lo; ox < hi; ox++) {
                        cols[d + ox] = x[s + ox * g.sw];
                    }
                    for (int ox = hi; ox < ow; ox++) {
                        cols[d + ox] = 0f;
                    }
                }
            }
        }
    }

    /**
     * One columns row of a unit-stride convolution whose output is as wide as its input (the
     * common "same" padding): consecutive output rows read consecutive input rows, so the run
     * from the first to the last input element the row reads is one block, copied (or added back)
     * in one long loop; the padding columns inside the block, which meet the neighbouring input
     * rows, are zeroed in the columns first. {@code s0} and {@code d0} are where output (0, 0)
     * reads and writes; output rows [oyFrom, oyTo) read inside the image.
     */
    private static void sameWidthRow(float[] x, int s0, float[] cols, int d0, Geometry g, int oyFrom, int oyTo,
            int lo, int hi, boolean fold) {
        int ow = g.ow;
        if (oyFrom >= oyTo || lo >= hi) {
            if (!fold) {
                Arrays.fill(cols, d0, d0 + g.oh * ow, 0f);
            }
            return;
        }
        if (!fold) {
            Arrays.fill(cols, d0, d0 + oyFrom * ow, 0f);
            Arrays.fill(cols, d0 + oyTo * ow, d0 + g.oh * ow, 0f);
        }
        int start = oyFrom * ow + lo;
        int end = (oyTo - 1) * ow + hi;
        if (fold) {
            zeroPaddingColumns(cols, d0, oyFrom, oyTo, ow, lo, hi);
            for (int k = start; k < end; k++) {
                x[s0 + k] += cols[d0 + k];
            }
        } else {
            System.arraycopy(x, s0 + start, cols, d0 + start, end - start);
            zeroPaddingColumns(cols, d0, oyFrom, oyTo, ow, lo, hi);
        }
    }

    /** Zeroes columns [0, lo) and [hi, ow) of output rows [oyFrom, oyTo) in one columns row. */
    private static void zeroPaddingColumns(float[] cols, int d0, int oyFrom, int oyTo, int ow, int lo, int hi) {
        // Column by column: there are few padding columns (lo + ow - hi), and many output rows.
        for (int ox = 0; ox < lo; ox++) {
            for (int d = d0 + oyFrom * ow + ox; d < d0 + oyTo * ow; d += ow) {
                cols[d] = 0f;
            }
        }
        for (int ox = hi; ox < ow; ox++) {
            for (int d = d0 + oyFrom * ow + ox; d < d0 + oyTo * ow; d += ow) {
                cols[d] = 0f;
            }
        }
    }

    /**
     * Adds the columns back into the image at {@code x[xo..]}: the adjoint of {@link #im2col}.
     * The columns are scratch: entries that fall in the padding may be set to zero.
     */
    public static void col2im(Object cols, Geometry g, Object x, int xo) {
        col2im(cols, 0, g.cols(), g, x, xo);
    }

    /**
     * Adds columns [col0, col0 + oh·ow) of {@code cols} (rows {@code ld} long) back into the image at
     * {@code x[xo..]}; entries of {@code cols} that fall in the padding may be set to zero.
     */
    public static void col2im(Object cols, int col0, int ld, Geometry g, Object x, int xo) {
        if (x instanceof float[] fx && cols instanceof float[] fc) {
            floats(fx, xo, g, fc, col0, ld, true);
            return;
        }
        forEachSegment(g, xo, col0, ld, (d, s, inside, lo, hi) -> {
            if (inside) {
                addStrided(cols, d, x, s, g.sw, lo, hi);
            }
        });
    }

    /**
     * A run of one columns row: columns [d + lo, d + hi) correspond to image elements
     * s + ox·sw for ox in [lo, hi) (s itself may lie left of the row, in the padding); when
     * {@code inside} is false the whole run lies in the padding.
     */
    @FunctionalInterface
    private interface Segment {
        void visit(int d, int s, boolean inside, int lo, int hi);
    }

    /** Visits, for every row of the columns matrix and every output row, the run it reads from the image. */
    private static void forEachSegment(Geometry g, int xo, int col0, int ld, Segment segment) {
        int row = 0;
        for (int c = 0; c < g.channels; c++) {
            int xc = xo + c * g.h * g.w;
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++, row++) {
                    int colStart = j * g.dw - g.pw;
                    int lo = firstInside(colStart, g.sw);
                    int hi = endInside(colStart, g.sw, g.w, g.ow);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int iy = oy * g.sh - g.ph + i * g.dh;
                        boolean inside = iy >= 0 && iy < g.h && hi > lo;
                        segment.visit(row * ld + col0 + oy * g.ow, xc + iy * g.w + colStart, inside, lo, hi);
                    }
                }
            }
        }
    }

    /** The first output column whose input column {@code start + ox*stride} is not left of the image. */
    private static int firstInside(int start, int stride) {
        return start >= 0 ? 0 : (-start + stride - 1) / stride;
    }

    /** One past the last output column whose input column lies inside the image. */
    private static int endInside(int start, int stride, int width, int outWidth) {
        int last = width - 1 - start;
        return last < 0 ? 0 : Math.min(outWidth, last / stride + 1);
    }

    private static void fill(Object a, int from, int to) {
        if (from >= to) {
            return;
        }
        if (a instanceof float[] f) {
            Arrays.fill(f, from, to, 0f);
        } else {
            Arrays.fill((double[]) a, from, to, 0.0);
        }
    }

    private static void copyStrided(Object x, int s, int stride, Object cols, int d, int lo, int hi) {
        if (x instanceof float[] f) {
            float[] out = (float[]) cols;
            for (int ox = lo; ox < hi; ox++) {
                out[d + ox] = f[s + ox * stride];
            }
        } else {
            double[] in = (double[]) x;
            double[] out = (double[]) cols;
            for (int ox = lo; ox < hi; ox++) {
                out[d + ox] = in[s + ox * stride];
            }
        }
    }

    private static void addStrided(Object cols, int d, Object x, int s, int stride, int lo, int hi) {
        if (x instanceof float[] f) {
            float[] in = (float[]) cols;
            for (int ox = lo; ox < hi; ox++) {
                f[s + ox * stride] += in[d + ox];
            }
        } else {
            double[] out = (double[]) x;
            double[] in = (double[]) cols;
            for (int ox = lo; ox < hi; ox++) {
                out[s + ox * stride] += in[d + ox];
            }
        }
    }
}

package dev.myelin.onnx;

import static dev.myelin.onnx.OpSupport.one;
import static dev.myelin.onnx.OpSupport.t;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Sampling images at computed positions: GridSample (nearest, bilinear, bicubic; zeros, border
 * or reflection padding) and RoiAlign (average or max). The positions and weights are computed on
 * the host; GridSample gathers and weighs the pixels with Myelin ops, so it is differentiable in
 * the image.
 */
final class SamplingOps {
    private SamplingOps() {}

    static void register(OpSupport.Registry r) {
        r.add("GridSample", node -> {
            String mode = node.s("mode", "bilinear");
            String padding = node.s("padding_mode", "zeros");
            boolean alignCorners = node.i("align_corners", 0) != 0;
            if (!List.of("bilinear", "linear", "nearest", "bicubic", "cubic").contains(mode)
                    || !List.of("zeros", "border", "reflection").contains(padding)) {
                throw node.fail("mode '" + mode + "' or padding_mode '" + padding + "' is not supported");
            }
            return in -> one(gridSample(node, t(in[0]), t(in[1]), mode, padding, alignCorners));
        });
        r.add("RoiAlign", node -> {
            boolean max = node.s("mode", "avg").equals("max");
            int oh = (int) node.i("output_height", 1);
            int ow = (int) node.i("output_width", 1);
            int ratio = (int) node.i("sampling_ratio", 0);
            double scale = node.f("spatial_scale", 1f);
            boolean halfPixel = node.s("coordinate_transformation_mode", node.opset() >= 16 ? "half_pixel"
                    : "output_half_pixel").equals("half_pixel");
            return in -> one(roiAlign(t(in[0]), t(in[1]), t(in[2]), max, oh, ow, ratio, scale, halfPixel));
        });
    }

    /** The taps of one output position: flat pixel indices into an (H, W) plane and their weights. */
    private record Taps(List<Integer> index, List<Double> weight) {
        void add(int i, double w) {
            index.add(i);
            weight.add(w);
        }
    }

    private static Tensor gridSample(Node node, Tensor x, Tensor grid, String mode, String padding, boolean align) {
        if (x.dim() != 4 || grid.dim() != 4 || grid.size(3) != 2) {
            throw new UnsupportedOperationException(node.describe() + ": only 2-D sampling of (N, C, H, W) by a"
                    + " (N, H_out, W_out, 2) grid is supported, got " + x.shape() + " and " + grid.shape());
        }
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int positions = grid.size(1) * grid.size(2);
        double[] g = grid.contiguous().toDoubleArray();
        int taps = mode.startsWith("bi") && mode.endsWith("cubic") || mode.equals("cubic") ? 16
                : mode.equals("nearest") ? 1 : 4;
        long[][] idx = new long[taps][n * positions];
        double[][] wt = new double[taps][n * positions];
        double[] borderX = border(w, align);
        double[] borderY = border(h, align);
        for (int p = 0; p < n * positions; p++) {
            double px = denormalize(g[2 * p], w, align);
            double py = denormalize(g[2 * p + 1], h, align);
            if (mode.equals("nearest")) {
                px = Math.rint(px);
                py = Math.rint(py);
            }
            px = pad(px, w, borderX, padding);
            py = pad(py, h, borderY, padding);
            Taps t = new Taps(new ArrayList<>(), new ArrayList<>());
            if (mode.equals("nearest")) {
                tap(t, (int) py, (int) px, 1, h, w, padding, borderY, borderX);
            } else if (taps == 4) {
                int x0 = (int) Math.floor(px);
                int y0 = (int) Math.floor(py);
                double fx = px - x0;
                double fy = py - y0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        tap(t, y0 + dy, x0 + dx, (dy == 0 ? 1 - fy : fy) * (dx == 0 ? 1 - fx : fx), h, w, padding,
                                borderY, borderX);
                    }
                }
            } else {
                int x0 = (int) Math.floor(px);
                int y0 = (int) Math.floor(py);
                double[] cx = cubic(px - x0, -0.75);
                double[] cy = cubic(py - y0, -0.75);
                for (int dy = 0; dy < 4; dy++) {
                    for (int dx = 0; dx < 4; dx++) {
                        tap(t, y0 - 1 + dy, x0 - 1 + dx, cy[dy] * cx[dx], h, w, padding, borderY, borderX);
                    }
                }
            }
            for (int k = 0; k < taps; k++) {
                idx[k][p] = t.index().get(k);
                wt[k][p] = t.weight().get(k);
            }
        }
        Tensor plane = x.reshape(n, c, h * w);
        Tensor out = null;
        for (int k = 0; k < taps; k++) {
            Tensor index = Tensor.fromArray(idx[k], n, 1, positions).expand(n, c, positions);
            Tensor weight = Tensor.fromArray(wt[k], n, 1, positions).to(x.dtype());
            Tensor term = plane.gather(2, index).mul(weight);
            out = out == null ? term : out.add(term);
        }
        return out.reshape(n, c, grid.size(1), grid.size(2));
    }

    private static double denormalize(double v, int length, boolean align) {
        return align ? (v + 1) / 2 * (length - 1) : ((v + 1) * length - 1) / 2;
    }

    private static double[] border(int length, boolean align) {
        return align ? new double[] {0, length - 1} : new double[] {-0.5, length - 0.5};
    }

    /** A coordinate outside the border clamped (border) or reflected (reflection) back in. */
    private static double pad(double v, int length, double[] border, String padding) {
        if (v >= border[0] && v <= border[1]) {
            return v;
        }
        return switch (padding) {
            case "border" -> Math.max(0, Math.min(length - 1, v));
            case "reflection" -> reflect(v, border[0], border[1]);
            default -> v;
        };
    }

    private static double reflect(double x, double lo, double hi) {
        double range = hi - lo;
        if (x < lo) {
            double d = lo - x;
            int k = (int) (d / range);
            double r = d - k * range;
            return k % 2 == 0 ? lo + r : hi - r;
        }
        if (x > hi) {
            double d = x - hi;
            int k = (int) (d / range);
            double r = d - k * range;
            return k % 2 == 0 ? hi - r : lo + r;
        }
        return x;
    }

    /** Adds the pixel (y, x) with weight w, after the padding rule for pixels outside the image. */
    private static void tap(Taps t, int y, int x, double w, int h, int width, String padding, double[] by, double[] bx) {
        int yy = y;
        int xx = x;
        double ww = w;
        switch (padding) {
            case "border" -> {
                yy = Math.max(0, Math.min(h - 1, y));
                xx = Math.max(0, Math.min(width - 1, x));
            }
            case "reflection" -> {
                yy = (int) reflect(y, by[0], by[1]);
                xx = (int) reflect(x, bx[0], bx[1]);
            }
            default -> {
                if (y < 0 || y >= h || x < 0 || x >= width) {
                    yy = 0;
                    xx = 0;
                    ww = 0;
                }
            }
        }
        t.add(yy * width + xx, ww);
    }

    /** Keys' cubic convolution coefficients of the four neighbours of a fractional offset t (a = -0.75 in PyTorch). */
    static double[] cubic(double t, double a) {
        double[] d = {t + 1, t, 1 - t, 2 - t};
        double[] c = new double[4];
        for (int k = 0; k < 4; k++) {
            double v = d[k];
            c[k] = v <= 1 ? ((a + 2) * v - (a + 3)) * v * v + 1 : ((a * v - 5 * a) * v + 8 * a) * v - 4 * a;
        }
        return c;
    }

    private static Tensor roiAlign(Tensor x, Tensor rois, Tensor batch, boolean max, int oh, int ow, int ratio,
            double scale, boolean halfPixel) {
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        double[] img = x.contiguous().toDoubleArray();
        double[] boxes = rois.contiguous().toDoubleArray();
        long[] index = batch.toLongArray();
        int count = rois.size(0);
        double[] out = new double[count * c * oh * ow];
        double offset = halfPixel ? 0.5 : 0;
        for (int r = 0; r < count; r++) {
            double x1 = boxes[4 * r] * scale - offset;
            double y1 = boxes[4 * r + 1] * scale - offset;
            double roiW = boxes[4 * r + 2] * scale - offset - x1;
            double roiH = boxes[4 * r + 3] * scale - offset - y1;
            if (!halfPixel) {
                roiW = Math.max(roiW, 1);
                roiH = Math.max(roiH, 1);
            }
            double binH = roiH / oh;
            double binW = roiW / ow;
            int gridH = ratio > 0 ? ratio : (int) Math.ceil(roiH / oh);
            int gridW = ratio > 0 ? ratio : (int) Math.ceil(roiW / ow);
            int samples = Math.max(gridH * gridW, 1);
            int base = (int) index[r] * c * h * w;
            for (int ch = 0; ch < c; ch++) {
                for (int ph = 0; ph < oh; ph++) {
                    for (int pw = 0; pw < ow; pw++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        for (int iy = 0; iy < gridH; iy++) {
                            double yy = y1 + ph * binH + (iy + 0.5) * binH / gridH;
                            for (int ix = 0; ix < gridW; ix++) {
                                double xx = x1 + pw * binW + (ix + 0.5) * binW / gridW;
                                double v = bilinear(img, base + ch * h * w, h, w, yy, xx, max);
                                acc = max ? Math.max(acc, v) : acc + v;
                            }
                        }
                        out[((r * c + ch) * oh + ph) * ow + pw] = max ? acc : acc / samples;
                    }
                }
            }
        }
        return Tensor.fromArray(out, count, c, oh, ow).to(x.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32);
    }

    /** RoiAlign's bilinear sample (0 outside [-1, size]); in max mode the largest weighted corner. */
    private static double bilinear(double[] img, int base, int h, int w, double y, double x, boolean max) {
        if (y < -1 || y > h || x < -1 || x > w) {
            return 0;
        }
        y = Math.max(y, 0);
        x = Math.max(x, 0);
        int y0 = (int) y;
        int x0 = (int) x;
        int y1;
        int x1;
        if (y0 >= h - 1) {
            y0 = y1 = h - 1;
            y = y0;
        } else {
            y1 = y0 + 1;
        }
        if (x0 >= w - 1) {
            x0 = x1 = w - 1;
            x = x0;
        } else {
            x1 = x0 + 1;
        }
        double ly = y - y0;
        double lx = x - x0;
        double[] v = {(1 - ly) * (1 - lx) * img[base + y0 * w + x0], (1 - ly) * lx * img[base + y0 * w + x1],
            ly * (1 - lx) * img[base + y1 * w + x0], ly * lx * img[base + y1 * w + x1]};
        return max ? Math.max(Math.max(v[0], v[1]), Math.max(v[2], v[3])) : v[0] + v[1] + v[2] + v[3];
    }
}

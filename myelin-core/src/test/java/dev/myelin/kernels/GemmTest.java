package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fast float GEMM against the reference kernel: odd sizes, every transpose combination, accumulation, threads. */
class GemmTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(threads);
    }

    static Stream<Arguments> shapes() {
        int[] sizes = {1, 7, 17, 63, 129};
        Stream.Builder<Arguments> b = Stream.builder();
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : new int[] {1, 17, 129, 600}) {
                    b.add(Arguments.of(m, n, k));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void matchesTheReferenceForEveryLayout(int m, int n, int k) {
        Random r = new Random(m * 1000L + n * 10L + k);
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    check(r, m, n, k, transA, transB, accumulate);
                }
            }
        }
    }

    @Test
    void largeProblemsSplitAcrossThreadsAgree() {
        Parallel.setThreads(2);
        check(new Random(9), 300, 1100, 1030, false, false, false);
        check(new Random(10), 513, 70, 2000, true, false, true);
    }

    @Test
    void operandsWithoutAUnitStrideAreRightToo() {
        Random r = new Random(13);
        for (int[] mnk : new int[][] {{17, 40, 33}, {64, 64, 600}, {9, 130, 5}}) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            check(r, m, n, k, 2 * k, 2, false, false, 2);
            check(r, m, n, k, 2, 2 * m, false, true, 2);
        }
    }

    @Test
    void aTransposedAWhoseStepsLieAMultipleOf4KbApartIsPackedRight() {
        // A (m x k) = the first m columns of a k x 1024 matrix, transposed: ars 1, acs 1024, the
        // layout the kernel packs (full slivers) rather than reads in place; m = 20 leaves an edge.
        Random r = new Random(17);
        for (boolean accumulate : new boolean[] {false, true}) {
            check(r, 20, 37, 600, 1, 1024, false, accumulate, 52);
            check(r, 16, 40, 9, 1, 2048, true, accumulate, 130);
        }
    }

    private static void check(Random r, int m, int n, int k, boolean transA, boolean transB, boolean accumulate) {
        check(r, m, n, k, transA ? 1 : k, transA ? m : 1, transB, accumulate, 1);
    }

    /** A (m x k) has element (i, p) at a[3 + i*ars + p*acs] in an array of spread·m·k elements after the pad. */
    private static void check(Random r, int m, int n, int k, int ars, int acs, boolean transB, boolean accumulate,
            int spread) {
        int pad = 3;
        float[] a = random(r, pad + spread * m * k);
        float[] b = random(r, pad + k * n);
        int ldc = n + 2;
        float[] c = random(r, m * ldc);
        float[] expected = c.clone();
        int brs = transB ? 1 : n;
        int bcs = transB ? k : 1;
        Gemm.gemm(m, n, k, a, pad, ars, acs, b, pad, brs, bcs, c, 0, ldc, accumulate);
        ScalarGemm.gemm(m, n, k, a, pad, ars, acs, b, pad, brs, bcs, expected, 0, ldc, accumulate);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                float e = expected[i * ldc + j];
                float got = c[i * ldc + j];
                assertThat(Math.abs(got - e))
                        .as("C[%d][%d] for m=%d n=%d k=%d A strides (%d, %d) transB=%s accumulate=%s", i, j, m,
                                n, k, ars, acs, transB, accumulate)
                        .isLessThanOrEqualTo(1e-4f * (float) Math.sqrt(k) * (1 + Math.abs(e)));
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void prepackedOperandsGiveTheSameProducts() {
        Random r = new Random(12);
        for (int[] mnk : new int[][] {{1, 7, 17}, {33, 129, 600}, {9, 4100, 5}}) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            float[] a = random(r, m * k);
            float[] b = random(r, k * n);
            float[] expected = new float[m * n];
            ScalarGemm.gemm(m, n, k, a, 0, k, 1, b, 0, 1, k, expected, 0, n, false);   // B stored transposed
            Gemm.Packed packed = Gemm.pack(k, n, b, 0, 1, k);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] c = accumulate ? expected.clone() : new float[m * n];
                Gemm.gemm(m, n, k, a, 0, k, 1, packed, c, 0, n, accumulate);
                for (int i = 0; i < c.length; i++) {
                    float e = accumulate ? 2 * expected[i] : expected[i];
                    assertThat(Math.abs(c[i] - e)).as("m=%d n=%d k=%d element %d", m, n, k, i)
                            .isLessThanOrEqualTo(1e-4f * (float) Math.sqrt(k) * (1 + Math.abs(e)));
                }
            }
        }
    }

    @Test
    void aBiasRowStartsEveryRowOfTheProductOnce() {
        Random r = new Random(14);
        // k = 0, scalar-sized, edge tiles only, full and edge tiles, and a k over one block (KC = 512)
        for (int[] mnk : new int[][] {{5, 9, 0}, {3, 4, 5}, {7, 17, 33}, {40, 96, 129}, {17, 130, 1100}}) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            float[] a = random(r, m * k);
            float[] b = random(r, k * n);
            float[] bias = random(r, n + 2);
            int ldc = n + 1;
            float[] expected = new float[m * ldc];
            for (int i = 0; i < m; i++) {
                System.arraycopy(bias, 2, expected, i * ldc, n);
            }
            ScalarGemm.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, expected, 0, ldc, true);
            float[] plain = random(r, m * ldc);
            float[] packed = plain.clone();
            Gemm.gemmWithBias(m, n, k, a, 0, k, 1, b, 0, n, 1, bias, 2, plain, 0, ldc);
            Gemm.gemmWithBias(m, n, k, a, 0, k, 1, Gemm.pack(k, n, b, 0, n, 1), bias, 2, packed, 0, ldc);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float e = expected[i * ldc + j];
                    float tolerance = 1e-4f * (float) Math.sqrt(k + 1) * (1 + Math.abs(e));
                    assertThat(Math.abs(plain[i * ldc + j] - e)).as("m=%d n=%d k=%d C[%d][%d]", m, n, k, i, j)
                            .isLessThanOrEqualTo(tolerance);
                    assertThat(Math.abs(packed[i * ldc + j] - e)).as("packed m=%d n=%d k=%d C[%d][%d]", m, n, k, i, j)
                            .isLessThanOrEqualTo(tolerance);
                }
            }
        }
    }
}

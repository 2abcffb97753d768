package dev.myelin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.io.SafeTensors;
import dev.myelin.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/** Loading committed golden files and comparing tensors against them with a tolerance. */
public final class Goldens {
    private Goldens() {}

    /** The contents of a golden file under {@code src/test/resources/goldens}. */
    public static SafeTensors.Contents load(String file) {
        try {
            var url = Goldens.class.getResource("/goldens/" + file);
            assertThat(url).as("golden file %s (regenerate with scripts/make-goldens.sh)", file).isNotNull();
            return SafeTensors.load(Path.of(url.toURI()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read golden file " + file, e);
        }
    }

    /** The tensors of a golden file. */
    public static Map<String, Tensor> tensors(String file) {
        return load(file).tensors();
    }

    /**
     * Asserts that {@code actual} has {@code expected}'s shape and |a - e| &lt;= atol + rtol·|e|
     * elementwise (integers must be equal).
     */
    public static void assertClose(String what, Tensor actual, Tensor expected, double rtol, double atol) {
        assertThat(expected).as("%s: no golden (regenerate with scripts/make-goldens.sh)", what).isNotNull();
        assertThat(actual).as("%s: no value", what).isNotNull();
        assertThat(actual.shape()).as("%s: shape", what).isEqualTo(expected.shape());
        if (!expected.dtype().isFloatingPoint()) {
            assertThat(actual.toLongArray()).as("%s: values", what).containsExactly(expected.toLongArray());
            return;
        }
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            double tol = atol + rtol * Math.abs(e[i]);
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", PyTorch gives " + e[i]
                        + " (tolerance " + tol + ")");
            }
        }
    }
}

package dev.myelin.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * Writes benchmark results as the JSON lines WORKLOADS.md specifies, one object per line:
 * {@code {"workload": ..., "threads": N, "metric": ..., "value": X, "unit": ...}}, the same
 * names as the PyTorch peers so that both sides join line for line.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;
    private boolean qualityFailed;

    /** A report printing to {@code out}. */
    public Report(PrintStream out) {
        this.out = out;
    }

    /** Emits one result line. */
    public void emit(String workload, int threads, String metric, double value, String unit) {
        ObjectNode line = JSON.createObjectNode();
        line.put("workload", workload);
        line.put("threads", threads);
        line.put("metric", metric);
        line.put("value", value);
        line.put("unit", unit);
        out.println(line.toString());
        out.flush();
    }

    /** Records a quality check; a failure is reported on standard error, as the peers do. */
    public boolean check(boolean ok, String message) {
        if (!ok) {
            qualityFailed = true;
            System.err.println("QUALITY CHECK FAILED: " + message);
        }
        return ok;
    }

    /** Whether any quality check failed. */
    public boolean failed() {
        return qualityFailed;
    }
}

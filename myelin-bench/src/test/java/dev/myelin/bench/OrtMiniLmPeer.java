package dev.myelin.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.myelin.onnx.MiniLm;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * W6's peer: the same measurement as {@link MiniLmWorkload} with ONNX Runtime for Java on the
 * same model file and thread count (intra-op threads; one inter-op thread), pooling and
 * normalising like Myelin. It also checks that Myelin's embeddings of the throughput batch match
 * ONNX Runtime's to cosine 0.9999 ({@code min_cosine}). Run by {@code bench/compare.sh W6}:
 * <pre>
 * java -cp (myelin-bench's test class path) dev.myelin.bench.OrtMiniLmPeer --threads 1 [--min-seconds 2]
 * </pre>
 */
public final class OrtMiniLmPeer {
    private OrtMiniLmPeer() {}

    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        double minSeconds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--min-seconds" -> minSeconds = Double.parseDouble(args[++i]);
                default -> { }
            }
        }
        Report report = new Report(System.out);
        Path model = Files.createTempFile("minilm", ".onnx");
        try (InputStream in = MiniLmWorkload.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            Files.copy(in, model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                MiniLmWorkload.measure(threads, minSeconds, 0, report, ids -> embed(env, session, ids));
                List<int[]> ids = MiniLmWorkload.tokens(MiniLmWorkload.THROUGHPUT_BATCH, 0);
                float[] theirs = embed(env, session, ids);
                float[] ours = MiniLm.load().embedIds(ids).toFloatArray();
                double worst = 1;
                for (int b = 0; b < ids.size(); b++) {
                    double dot = 0;
                    for (int d = 0; d < MiniLm.DIM; d++) {
                        dot += (double) ours[b * MiniLm.DIM + d] * theirs[b * MiniLm.DIM + d];
                    }
                    worst = Math.min(worst, dot);
                }
                report.emit("minilm", threads, "min_cosine", worst, "cosine");
                report.check(worst >= 0.9999, "minilm: Myelin's embeddings differ from ONNX Runtime's, cosine " + worst);
            }
        } finally {
            Files.deleteIfExists(model);
        }
        System.exit(report.failed() ? 1 : 0);
    }

    /** Mean-pooled, normalised embeddings from ONNX Runtime's last hidden states. */
    private static float[] embed(OrtEnvironment env, OrtSession session, List<int[]> ids) {
        int b = ids.size();
        int t = ids.get(0).length;
        long[][] tokens = new long[b][t];
        long[][] mask = new long[b][t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                tokens[i][j] = ids.get(i)[j];
                mask[i][j] = 1;
            }
        }
        try (OnnxTensor x = OnnxTensor.createTensor(env, tokens);
             OnnxTensor m = OnnxTensor.createTensor(env, mask);
             OnnxTensor types = OnnxTensor.createTensor(env, new long[b][t]);
             OrtSession.Result r = session.run(Map.of("input_ids", x, "attention_mask", m, "token_type_ids", types))) {
            java.nio.FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b * MiniLm.DIM];
            for (int i = 0; i < b; i++) {
                double norm = 0;
                double[] e = new double[MiniLm.DIM];
                for (int j = 0; j < t; j++) {
                    for (int d = 0; d < MiniLm.DIM; d++) {
                        e[d] += h.get((i * t + j) * MiniLm.DIM + d) / (double) t;
                    }
                }
                for (double v : e) {
                    norm += v * v;
                }
                for (int d = 0; d < MiniLm.DIM; d++) {
                    out[i * MiniLm.DIM + d] = (float) (e[d] / Math.sqrt(norm));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}

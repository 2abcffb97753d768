package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.myelin.tensor.Tensor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pretrained all-MiniLM-L6-v2 run by Myelin against ONNX Runtime on the same token ids
 * (computed independently, with Hugging Face's tokenizer, in {@code minilm-token-ids.tsv}):
 * mean-pooled, normalised sentence embeddings must agree to cosine 0.9999.
 */
class MiniLmTest {
    static MiniLm minilm;
    static OrtEnvironment env;
    static OrtSession ort;
    static List<int[]> ids = new ArrayList<>();
    static List<String> sentences = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        minilm = MiniLm.load();
        env = OrtEnvironment.getEnvironment();
        ort = env.createSession(MiniLm.locate().read(MiniLm.MODEL_ENTRY), new OrtSession.SessionOptions());
        try (InputStream in = MiniLmTest.class.getResourceAsStream("/minilm-token-ids.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                ids.add(java.util.Arrays.stream(parts[0].split(" ")).mapToInt(Integer::parseInt).toArray());
                sentences.add(parts[1]);
            }
        }
    }

    @AfterAll
    static void close() throws Exception {
        ort.close();
    }

    /** ONNX Runtime's embedding of one unpadded sentence, pooled and normalised in double precision. */
    private static double[] ortEmbedding(int[] tokens) throws Exception {
        long[][] in = new long[1][tokens.length];
        long[][] mask = new long[1][tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            in[0][i] = tokens[i];
            mask[0][i] = 1;
        }
        try (OnnxTensor a = OnnxTensor.createTensor(env, in);
             OnnxTensor b = OnnxTensor.createTensor(env, mask);
             OnnxTensor c = OnnxTensor.createTensor(env, new long[1][tokens.length]);
             OrtSession.Result r = ort.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            float[][][] h = (float[][][]) r.get(0).getValue();
            double[] e = new double[MiniLm.DIM];
            for (float[] row : h[0]) {
                for (int d = 0; d < e.length; d++) {
                    e[d] += row[d] / tokens.length;
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(e).map(v -> v * v).sum());
            return java.util.Arrays.stream(e).map(v -> v / norm).toArray();
        }
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void embeddingsMatchOnnxRuntime() throws Exception {
        Tensor batch = minilm.embedIds(ids);                     // one padded batch of all sentences
        assertThat(batch.shape().toArray()).containsExactly(ids.size(), MiniLm.DIM);
        double worst = 1;
        for (int i = 0; i < ids.size(); i++) {
            double[] mine = batch.select(0, i).toDoubleArray();
            double c = cosine(mine, ortEmbedding(ids.get(i)));
            System.out.printf("MiniLM cosine vs ONNX Runtime %.9f  %s%n", c, sentences.get(i));
            worst = Math.min(worst, c);
            assertThat(c).as(sentences.get(i)).isGreaterThanOrEqualTo(0.9999);
            assertThat(Math.sqrt(java.util.Arrays.stream(mine).map(v -> v * v).sum())).isCloseTo(1, within());
        }
        System.out.printf("MiniLM: worst cosine %.9f over %d sentences%n", worst, ids.size());
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-5);
    }

    @Test
    void paddingDoesNotChangeAnEmbedding() {
        Tensor alone = minilm.embedIds(List.of(ids.get(1)));
        Tensor padded = minilm.embedIds(List.of(ids.get(1), ids.get(6))).select(0, 0).unsqueeze(0);
        assertThat(alone.allClose(padded, 1e-4, 1e-5)).isTrue();
    }

    @Test
    void similarSentencesAreCloser() {
        Tensor e = minilm.embedIds(ids);
        double eatingPair = e.select(0, 1).mul(e.select(0, 2)).sum().item();
        double unrelated = e.select(0, 1).mul(e.select(0, 3)).sum().item();
        assertThat(eatingPair).isGreaterThan(unrelated + 0.2);
    }

    @Test
    void myelinsTokenizerGivesHuggingFacesIdsAndTheSameEmbeddings() {
        for (int i = 0; i < ids.size(); i++) {
            assertThat(minilm.tokenize(sentences.get(i))).as(sentences.get(i)).containsExactly(ids.get(i));
        }
        assertThat(minilm.embed(sentences).allClose(minilm.embedIds(ids), 0, 0)).isTrue();
    }

    @Test
    void aClassifierOnTheBackbonePoolsItsHiddenStatesAndCutsTextsBeforeTheirSep() {
        Tensor pieces = MiniLmClassifier.encode(minilm, List.of(sentences.get(1), "spam"), 5);
        long[] row = pieces.select(0, 0).toLongArray();
        assertThat(row[0]).isEqualTo(ids.get(1)[0]);                           // [CLS]
        assertThat(row[4]).isEqualTo(ids.get(1)[ids.get(1).length - 1]);       // [SEP] kept after the cut
        var model = new MiniLmClassifier(minilm, 2, 0.0);
        model.eval();
        Tensor pooled = model.pooledFeatures(pieces, 1);
        assertThat(pooled.shape()).isEqualTo(dev.myelin.tensor.Shape.of(2, MiniLm.DIM));
        assertThat(model.forward(pieces).shape()).isEqualTo(dev.myelin.tensor.Shape.of(2, 2));
        int spam = minilm.tokenize("spam").length;                              // at most 5 with [CLS] and [SEP]
        Tensor unpadded = model.pooledFeatures(MiniLmClassifier.encode(minilm, List.of("spam"), spam), 1);
        Tensor inBatch = pooled.select(0, 1).unsqueeze(0);
        assertThat(inBatch.allClose(unpadded, 1e-4, 1e-5)).as("padding is ignored: max difference %s of max %s",
                inBatch.sub(unpadded).abs().max().item(), unpadded.abs().max().item()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MiniLmClassifier.encode(minilm, List.of("x"), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokens must be >= 3");
    }
}

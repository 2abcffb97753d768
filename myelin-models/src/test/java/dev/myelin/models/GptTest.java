package dev.myelin.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.autograd.Grad;
import dev.myelin.io.SafeTensors;
import dev.myelin.nn.Transformer;
import dev.myelin.nn.TransformerEncoderLayer;
import dev.myelin.nn.TransformerOptions;
import dev.myelin.nn.functional.F;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Generator;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.TokenSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The GPT decoder: cached decoding against full recomputation, generation, its block against PyTorch's layer, errors. */
class GptTest {
    private static final Gpt.Config SMALL = Gpt.Config.of(13, 12).dModel(32).heads(4).layers(2).feedForward(48)
            .dropout(0.2);

    private static Gpt model(Gpt.Config config, long seed) {
        Generator.seedDefault(seed);
        Gpt gpt = new Gpt(config);
        gpt.eval();
        return gpt;
    }

    private static Tensor tokens(int batch, int length, long seed) {
        return Tensor.randint(0, SMALL.vocabSize(), Shape.of(batch, length), new Generator(seed));
    }

    /**
     * For the same seed, the weights of W5's PyTorch model with small sizes: its blocks cloned from
     * one as nn.TransformerEncoder does, each attention's out_proj drawn before in_proj_weight.
     * Golden file from scripts/goldens/torch_gpt_init.py; embeddings are normals, equal to a few
     * units in the last place (Java's log and sin against glibc's).
     */
    @Test
    void startsFromTheWeightsPyTorchDrawsForTheSameSeed() throws IOException {
        Map<String, Tensor> torch = SafeTensors.load(Path.of("src/test/resources/goldens/gpt-init-torch.safetensors"))
                .tensors();
        Generator.seedDefault(1);
        Map<String, Tensor> state = new Gpt(Gpt.Config.of(13, 12).dModel(32).heads(4).layers(3).feedForward(48))
                .stateDict();
        assertThat(state.keySet()).containsExactlyInAnyOrderElementsOf(torch.keySet());
        state.forEach((name, value) -> {
            double[] actual = value.reshape(-1).toDoubleArray();
            double[] expected = torch.get(name).reshape(-1).toDoubleArray();
            assertThat(actual).as(name).hasSameSizeAs(expected);
            for (int i = 0; i < actual.length; i++) {
                assertThat(actual[i]).as("%s[%d]", name, i).isCloseTo(expected[i], within(4e-6));
            }
        });
        assertThat(state.get("blocks.2.linear1.weight").toDoubleArray())
                .containsExactly(state.get("blocks.0.linear1.weight").toDoubleArray());
    }

    @ParameterizedTest(name = "tied head: {0}")
    @ValueSource(booleans = {false, true})
    void cachedDecodingGivesTheLogitsOfRecomputingTheWholePrefix(boolean tied) {
        Gpt gpt = model(SMALL.tiedHead(tied), 1);
        KvCache cache = gpt.newCache();
        int[][] chunkings = {{3, 1, 1, 2, 1, 3, 1}, {1, 1, 4, 1, 1, 1, 2, 1}};   // prompts, single steps, chunks after a past
        for (int sequence = 0; sequence < 2; sequence++) {         // the second, of one row, after reset()
            Tensor ids = tokens(2 - sequence, SMALL.contextLength(), 10 + sequence);
            Tensor full;
            try (var off = Grad.off()) {
                full = gpt.forward(ids);
            }
            int[] chunks = chunkings[sequence];
            int at = 0;
            for (int chunk : chunks) {
                Tensor step;
                try (var off = Grad.off()) {
                    step = gpt.forward(ids.narrow(1, at, chunk), cache);
                }
                assertThat(cache.length()).isEqualTo(at + chunk);
                assertThat(step.allClose(full.narrow(1, at, chunk), 1e-5, 1e-5))
                        .as("positions %d..%d of sequence %d", at, at + chunk - 1, sequence).isTrue();
                at += chunk;
            }
            assertThat(at).isEqualTo(SMALL.contextLength());
            cache.reset();
            assertThat(cache.length()).isZero();
        }
    }

    @Test
    void aPositionsLogitsDependOnlyOnTheTokensUpToIt() {
        Gpt gpt = model(SMALL, 2);
        Tensor ids = tokens(1, 10, 3);
        try (var off = Grad.off()) {
            Tensor full = gpt.forward(ids);
            for (int t = 1; t <= 10; t++) {
                assertThat(gpt.forward(ids.narrow(1, 0, t)).allClose(full.narrow(1, 0, t), 1e-5, 1e-5)).as("T = %d", t)
                        .isTrue();
            }
        }
    }

    @Test
    void theBlockComputesWhatTorchsPreNormEncoderLayerComputesUnderACausalMask() {
        Generator.seedDefault(4);
        GptBlock block = new GptBlock(32, 4, 48, 0);
        var layer = new TransformerEncoderLayer(32, 4, TransformerOptions.defaults().dimFeedforward(48).dropout(0)
                .gelu(true).normFirst(true).batchFirst(true));
        assertThat(layer.loadStateDict(block.stateDict()).missingKeys()).isEmpty();
        Tensor x = Tensor.randn(Shape.of(2, 7, 32), DType.FLOAT32, new Generator(5));
        Tensor expected = layer.forward(x, Transformer.causalMask(7), null);
        assertThat(block.forward(x, null, 0).allClose(expected, 1e-5, 1e-5)).isTrue();
    }

    /** nanoGPT's generate: recompute the last contextLength tokens at every step, no cache. */
    private static Tensor generateByRecomputing(Gpt gpt, Tensor prompt, int n, TokenSampler sampler, Generator g) {
        Tensor seq = prompt;
        try (var off = Grad.off()) {
            for (int i = 0; i < n; i++) {
                int len = seq.size(1);
                int from = Math.max(0, len - gpt.config().contextLength());
                Tensor logits = gpt.forward(seq.narrow(1, from, len - from));
                Tensor next = sampler.sample(logits.select(1, len - from - 1), g);
                seq = Tensor.cat(List.of(seq, next.unsqueeze(1)), 1);
            }
        }
        return seq;
    }

    @Test
    void generationIsSeededAndEqualsSamplingByRecomputationPastTheContext() {
        Gpt gpt = model(SMALL, 6);
        Tensor prompt = tokens(2, 4, 7);
        int n = 20;                                                 // 4 + 20 > the context of 12
        for (TokenSampler sampler : List.of(TokenSampler.greedy(), TokenSampler.of(1.0), TokenSampler.of(0.7).withTopK(3),
                TokenSampler.of(1.2).withTopP(0.8), TokenSampler.of(0.9).withTopK(5).withTopP(0.9))) {
            Tensor generated = gpt.generate(prompt, n, sampler, new Generator(42));
            assertThat(generated.shape()).isEqualTo(Shape.of(2, 4 + n));
            assertThat(generated.narrow(1, 0, 4).toLongArray()).containsExactly(prompt.toLongArray());
            assertThat(generated.toLongArray()).as(sampler.toString())
                    .containsExactly(generateByRecomputing(gpt, prompt, n, sampler, new Generator(42)).toLongArray());
            assertThat(gpt.generate(prompt, n, sampler, new Generator(42)).toLongArray())
                    .containsExactly(generated.toLongArray());
        }
        long[] a = gpt.generate(prompt, n, TokenSampler.of(1.0), new Generator(1)).toLongArray();
        long[] b = gpt.generate(prompt, n, TokenSampler.of(1.0), new Generator(2)).toLongArray();
        assertThat(a).isNotEqualTo(b);
        assertThat(gpt.generate(prompt, n, TokenSampler.of(1.0).withTopK(1), new Generator(3)).toLongArray())
                .containsExactly(gpt.generate(prompt, n, TokenSampler.greedy(), new Generator(4)).toLongArray());
        assertThat(gpt.generate(prompt, 0, TokenSampler.greedy(), new Generator(0)).toLongArray())
                .containsExactly(prompt.toLongArray());
        gpt.train();                                                // dropout 0.2 is off while generating
        assertThat(gpt.generate(prompt, n, TokenSampler.greedy(), new Generator(0)).toLongArray())
                .containsExactly(generateByRecomputing(model(SMALL, 6), prompt, n, TokenSampler.greedy(), new Generator(0))
                        .toLongArray());
        assertThat(gpt.isTraining()).isTrue();
    }

    @Test
    void aFewStepsOfTrainingLowerTheLoss() {
        Generator.seedDefault(8);
        Gpt gpt = new Gpt(Gpt.Config.of(13, 12).dModel(32).heads(2).layers(1).feedForward(64).tiedHead(true));
        Tensor ids = Tensor.arange(13).reshape(1, 13);
        Adam opt = new Adam(gpt.parameters(), 1e-2);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 30; step++) {
            Tensor logits = gpt.forward(ids.narrow(1, 0, 12));
            Tensor loss = F.crossEntropy(logits.reshape(-1, 13), ids.narrow(1, 1, 12).reshape(-1));
            opt.zeroGrad();
            loss.backward();
            opt.step();
            first = step == 0 ? loss.item() : first;
            last = loss.item();
        }
        assertThat(last).isLessThan(first / 4);
    }

    @Test
    void sizesFollowTheConfigurationAndTheZooBuildsW5() {
        int v = 1024;
        int t = 128;
        int d = 256;
        int ff = 1024;
        long block = 3L * d * d + 3 * d + d * d + d + (long) d * ff + ff + (long) ff * d + d + 4 * d;
        long w5 = (long) v * d + (long) t * d + 4 * block + 2 * d + (long) d * v + v;
        assertThat(ModelZoo.create("gpt").parameterCount()).isEqualTo(w5);
        assertThat(new Gpt(Gpt.Config.of(v, t).tiedHead(true)).parameterCount()).isEqualTo(w5 - (long) d * v - v);
        Gpt small = (Gpt) ModelZoo.create("gpt", Map.of("vocab", 13, "context", 12, "d_model", 32, "heads", 4,
                "layers", 2, "feedforward", 48, "dropout", 0.2, "tied", true));
        assertThat(small.config()).isEqualTo(SMALL.tiedHead(true));
        assertThat(small.stateDict().keySet()).contains("tok.weight", "pos.embedding.weight",
                "blocks.1.self_attn.in_proj_weight", "blocks.1.self_attn.out_proj.bias", "blocks.1.linear1.weight",
                "blocks.1.norm2.bias", "norm.weight").doesNotContain("head.weight");
        assertThat(small.forward(tokens(3, 5, 0)).shape()).isEqualTo(Shape.of(3, 5, 13));
        assertThat(ModelZoo.get("gpt").exampleInput().dtype()).isEqualTo(DType.INT64);
        assertThat(small.summary(Tensor.zeros(Shape.of(1, 12), DType.INT64))).contains("self_attn");
    }

    @Test
    void badInputIsRefusedWithTheShapesAndWhatWasExpected() {
        Gpt gpt = model(SMALL, 9);
        assertThatThrownBy(() -> gpt.forward(tokens(1, 13, 0)))
                .hasMessage("Gpt: 13 tokens exceed the context length 12 (tokens (1, 13))");
        assertThatThrownBy(() -> gpt.generate(tokens(1, 13, 0), 1, TokenSampler.greedy(), new Generator(0)))
                .hasMessage("Gpt: 13 tokens exceed the context length 12 (tokens (1, 13))");
        KvCache cache = gpt.newCache();
        gpt.forward(tokens(2, 10, 0), cache);
        assertThatThrownBy(() -> gpt.forward(tokens(2, 3, 0), cache))
                .hasMessage("Gpt: 3 tokens after 10 cached ones exceed the context length 12 (tokens (2, 3))");
        assertThatThrownBy(() -> gpt.forward(tokens(1, 1, 0), cache))
                .hasMessage("Gpt: the cache holds 2 sequences, got tokens (1, 1)");
        assertThatThrownBy(() -> gpt.forward(tokens(1, 1, 0), new Gpt(SMALL.layers(3)).newCache()))
                .hasMessage("Gpt: the cache was made for 3 layers, this model has 2; use newCache()");
        assertThatThrownBy(() -> gpt.forward(Tensor.of(new long[] {1, 13}).reshape(1, 2)))
                .hasMessage("Gpt: token id 13 at (0, 1) is outside the vocabulary [0, 13)");
        assertThatThrownBy(() -> gpt.forward(Tensor.zeros(1, 4)))
                .hasMessage("Gpt: expected token ids (B, T) of an integer type, got shape (1, 4) float32");
        assertThatThrownBy(() -> gpt.generate(Tensor.zeros(Shape.of(2, 0), DType.INT64), 3, TokenSampler.greedy(),
                new Generator(0))).hasMessage("Gpt.generate: expected a prompt of token ids (B, T0) with T0 >= 1, got shape (2, 0)");
        assertThatThrownBy(() -> Gpt.Config.of(10, 8).dModel(30).heads(4))
                .hasMessage("Gpt.Config: dModel 30 must be divisible by heads 4");
        assertThatThrownBy(() -> Gpt.Config.of(10, 0)).hasMessage("Gpt.Config: contextLength must be positive, got 0");
        assertThatThrownBy(() -> ModelZoo.create("gpt", Map.of("tied", "yes")))
                .hasMessage("gpt: 'tied' must be true or false, got yes");
    }
}

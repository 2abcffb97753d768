package dev.myelin.cli;

import dev.myelin.onnx.MiniLm;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code myelin embed "sentence" ...}: sentence embeddings from the pretrained all-MiniLM-L6-v2. */
@Command(name = "embed", description = "Sentence embeddings (384 numbers each: mean pooling over the tokens, unit"
        + " length) from the pretrained all-MiniLM-L6-v2, imported from ONNX. One JSON line per sentence, then with"
        + " --similarity the cosine similarities.")
final class EmbedCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SENTENCE", description = "Sentences to embed.")
    List<String> sentences = new ArrayList<>();

    @Option(names = "--similarity", description = "Also print the matrix of cosine similarities.")
    boolean similarity;

    @Option(names = "--digits", description = "Decimals per value (default: ${DEFAULT-VALUE}).", defaultValue = "6")
    int digits;

    @Override
    public Integer call() throws Exception {
        MiniLm minilm = MiniLm.load();
        Tensor e = minilm.embed(sentences);
        String format = "%." + Math.max(0, Math.min(9, digits)) + "f";
        for (int i = 0; i < sentences.size(); i++) {
            StringBuilder line = new StringBuilder("{\"text\": ").append(quote(sentences.get(i))).append(", \"embedding\": [");
            float[] v = e.select(0, i).toFloatArray();
            for (int d = 0; d < v.length; d++) {
                line.append(d == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, v[d]));
            }
            System.out.println(line.append("]}"));
        }
        if (similarity) {
            Tensor s = e.matmul(e.t());
            for (int i = 0; i < sentences.size(); i++) {
                StringBuilder row = new StringBuilder();
                for (int j = 0; j < sentences.size(); j++) {
                    row.append(String.format(Locale.ROOT, "%8.4f", s.get(i, j)));
                }
                System.out.println(row.append("  ").append(sentences.get(i)));
            }
        }
        return 0;
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

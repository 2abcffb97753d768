package dev.myelin.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code myelin} command: the entry point of the launcher script. */
@Command(name = "myelin", mixinStandardHelpOptions = true, version = "Myelin 0.1.0",
        description = "Deep learning for the JVM: tensors, autograd, layers and training in pure Java.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
            SummaryCommand.class, DemoCommand.class, BenchCommand.class, OnnxCommand.class, EmbedCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 for success). */
    static int execute(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("myelin: " + message(e));
                    return 1;
                })
                .execute(args);
    }

    /** One sentence for the user: the exception's message, with a word on what a missing file is. */
    static String message(Exception e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NoSuchFileException nf) {
            return "file not found: " + nf.getMessage();
        }
        if (t instanceof IOException && !(t instanceof dev.myelin.io.InvalidFileException)) {
            return "could not read or write a file: " + t.getMessage();
        }
        boolean ours = t instanceof IllegalArgumentException || t instanceof IllegalStateException || t instanceof IOException
                || t instanceof UnsupportedOperationException;
        String text = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return ours ? text : "internal error (" + t.getClass().getSimpleName() + "): " + text
                + "; please report it with the command you ran";
    }
}

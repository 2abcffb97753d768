package dev.myelin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code myelin} command: the entry point of the launcher script. */
@Command(name = "myelin", mixinStandardHelpOptions = true, version = "Myelin 0.1.0",
        description = "Deep learning for the JVM: tensors, autograd, layers and training in pure Java.",
        subcommands = {QuickstartCommand.class, BenchCommand.class, OnnxCommand.class, EmbedCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("myelin: " + e.getMessage());
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }
}

package org.foosched.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code foosched} command line. {@code foosched-cli} is the same program; the seed's
 * underscore forms ({@code extract_src}, {@code dev_init}) are accepted as aliases.
 */
@Command(name = "foosched",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Live-update the Linux scheduler: extract, edit, build, deploy, roll back.",
        subcommands = {
                CommandLine.HelpCommand.class,
                org.foosched.app.cli.KitCommand.class,
                org.foosched.app.cli.ExtractSrcCommand.class,
                org.foosched.app.cli.InitCommand.class,
                org.foosched.app.cli.DevInitCommand.class,
                org.foosched.app.cli.ExplainCommand.class,
                org.foosched.app.cli.AnalyzeCommand.class,
                org.foosched.app.cli.BuildCommand.class,
                org.foosched.app.cli.QuickstartCommand.class,
                org.foosched.app.cli.ProbeCommand.class,
                org.foosched.app.cli.DeployCommand.class,
                org.foosched.app.cli.RollbackCommand.class,
                org.foosched.app.cli.StatusCommand.class,
                org.foosched.app.cli.DmesgCommand.class,
                org.foosched.app.cli.HostsCommand.class,
                org.foosched.app.cli.VmCommand.class,
                org.foosched.app.cli.GuiCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new org.foosched.app.cli.ErrorHandler());
        addHelpOptions(cl);
        return cl;
    }

    /** Every command takes -h/--help (picocli adds them to the top command only). */
    private static void addHelpOptions(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions()) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
            addHelpOptions(sub);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"foosched " + (v == null ? "development build" : v)};
        }
    }
}

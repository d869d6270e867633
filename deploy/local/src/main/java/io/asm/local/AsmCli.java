package io.asm.local;

import java.nio.file.Path;

/** {@code ./asm up|down|status|logs <service>|reset}: the local suite, with plain messages instead of stack traces. */
public final class AsmCli {

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            Suite suite = new Suite(
                    SuiteLayout.fromEnvironment(SuiteLayout.findRepo(Path.of("")), System.getenv()),
                    System.getenv(),
                    System.out);
            switch (command) {
                case "up" -> suite.up();
                case "down" -> suite.down();
                case "status" -> suite.status();
                case "logs" -> {
                    if (args.length < 2) {
                        throw new SuiteException("Usage: ./asm logs <service>");
                    }
                    suite.logs(args[1]);
                }
                case "reset" -> suite.reset();
                default -> {
                    System.out.println("Usage: ./asm up | down | status | logs <service> | reset");
                    System.exit(command.equals("help") ? 0 : 2);
                }
            }
        } catch (SuiteException e) {
            System.err.println("\nasm: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("\nasm: " + command + " failed: " + e);
            System.exit(1);
        }
    }

    private AsmCli() {}
}

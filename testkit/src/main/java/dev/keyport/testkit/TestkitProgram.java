package dev.keyport.testkit;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code keyport testkit}: the {@link TestkitServer} as a program, for people trying Keyport without an IdP or AWS,
 * and for benchmarks. Options: {@code --port N} (default: a free port), {@code --provider ARN} (repeatable; registered
 * at start), {@code --max-session-duration ROLE_ARN=SECONDS} (repeatable), {@code -h}/{@code --help}; each option with
 * a value also takes the {@code --opt=VALUE} form. A wrong argument exits with 2, a port that cannot be bound with 1.
 *
 * <p>On start it prints {@link #BANNER} (the endpoint, the two {@code export} lines the daemon needs and an IdP URL)
 * and nothing more. It runs until a signal stops it (Ctrl-C, SIGTERM); it does not read standard input, so it keeps
 * running in the background ({@code keyport testkit &}) and when its input is closed. Nothing is logged: the kit's
 * libraries' SLF4J output is switched off in {@link #main}.
 */
public final class TestkitProgram {
    // What the program prints, in one place so that the wording is easy to adjust. Scripts (bench/benchmark.py,
    // TestkitServerTest) read the export lines, so those keep their exact shape.
    static final String PROGRAM = "keyport testkit";
    /** Printed once started; {@code {endpoint}} stands for {@code http://127.0.0.1:PORT}. */
    static final String BANNER = """
            Keyport test kit on {endpoint}: AWS STS, the AWS sign-in (federation) endpoint, and an IdP page that \
            signs in by itself. Ctrl-C stops it.
            It is for trying Keyport only (plain HTTP, fake credentials): start a daemon for it with these, a home \
            and AWS files of its own, never those of your real sessions:
            export KEYPORT_HOME=~/.keyport-try AWS_SHARED_CREDENTIALS_FILE=~/.keyport-try/aws/credentials \
            AWS_CONFIG_FILE=~/.keyport-try/aws/config
            export KEYPORT_STS_ENDPOINT={endpoint}
            export KEYPORT_CONSOLE_FEDERATION_ENDPOINT={endpoint}/federation
            A session's SAML URL that signs in by itself as ROLE through PROVIDER:
            {endpoint}/_testkit/idp?role=ROLE_ARN&provider=PROVIDER_ARN
            """;
    static final String USAGE = """
            Usage: keyport testkit [--port N] [--provider PROVIDER_ARN]... [--max-session-duration ROLE_ARN=SECONDS]...

            Runs stand-ins for AWS STS, the AWS sign-in (federation) endpoint and an identity provider on 127.0.0.1,
            so that Keyport can be tried without either. Prints the settings for the daemon, then runs until Ctrl-C
            (or SIGTERM) stops it.

            Options (VALUE may also be given as --option=VALUE):
              --port N                  listen on this port, 1 to 65535 (default: any free port)
              --provider PROVIDER_ARN   register this IAM SAML provider at start (repeatable); the IdP page
                                        registers the provider it is asked for anyway
              --max-session-duration ROLE_ARN=SECONDS
                                        the role's MaxSessionDuration, 3600 to 43200 (repeatable; default 3600)
              -h, --help                print this help and exit

            Routes:
              POST /                    AWS STS: AssumeRoleWithSAML, AssumeRole, GetCallerIdentity
              GET  /federation          the AWS sign-in federation endpoint: getSigninToken, login
              GET  /_testkit/idp?role=ROLE_ARN&provider=PROVIDER_ARN
                                        an IdP page that posts a signed SAML response to AWS at once; use it as a
                                        session's SAML URL
              GET  /_testkit/saml-response?role=ROLE_ARN&provider=PROVIDER_ARN
                                        the same response as base64 text, e.g. for --assertion-file
              Both also take &idp=okta|google|azure|onelogin|generic (default generic), &sessionName=NAME and
              &sessionDuration=SECONDS. URL-encode an ARN that contains + or &. The IdP page also takes
              &signIn=required: a browser that has not signed in is first sent to a sign-in page (any user name),
              as a real IdP does; use a session with --login-page-pattern /_testkit/sign-in to see the window.
            """;
    static final String TRY_HELP = "Try 'keyport testkit --help'.";
    static final String PORT_IN_USE = PROGRAM
            + ": port %d on 127.0.0.1 is in use by another program; choose another with --port.";
    static final String CANNOT_LISTEN = PROGRAM + ": cannot listen on port %d on 127.0.0.1 (%s); choose another with --port.";


    private TestkitProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        quietLogging();
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(PROGRAM + ": " + e.getMessage());
            System.err.println(TRY_HELP);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            System.out.flush();
            return; // nothing was started: returning exits with 0
        }
        TestkitServer server;
        try {
            server = new TestkitServer(options.port(), options.providers());
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof BindException bind) {
                System.err.println(bindFailure(options.port(), bind));
                System.exit(1);
            }
            throw e;
        }
        options.maxSessionDurations().forEach(server.emulator()::maxSessionDuration);
        // It may run for days: what it is sent is answered, not kept.
        server.emulator().recordRequests(false);
        // Frees the port while the JVM shuts down after Ctrl-C / SIGTERM.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "testkit-shutdown"));

        System.out.print(BANNER.replace("{endpoint}", server.endpoint().toString()));
        System.out.flush();

        // Only a signal stops the kit: the JVM then runs the hook above and halts with the signal's status (130 for
        // Ctrl-C, 143 for SIGTERM). Standard input is not read, so a closed input (`keyport testkit &`, a script's
        // pipe) does not stop it. main never returns: returning would start the launcher's normal exit, which races
        // with the signal's shutdown for the exit status (0 could win).
        Thread.currentThread().join();
    }

    /**
     * slf4j-api comes with OpenSAML and the AWS SDK, without a provider; on first use it would print "No SLF4J
     * providers were found" on stderr. The no-op provider, chosen explicitly, logs nothing, and WARN keeps SLF4J from
     * announcing that choice. A choice made with -D is kept. Must run before anything touches SLF4J.
     */
    static void quietLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    /** The one line for a port that cannot be bound. */
    static String bindFailure(int port, BindException e) {
        // The JDK's message is the system's and may be translated; a program that answers on the port is proof too.
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.toLowerCase(Locale.ROOT).contains("in use") || answers(port)) {
            return PORT_IN_USE.formatted(port);
        }
        return CANNOT_LISTEN.formatted(port, message.isEmpty() ? e.getClass().getSimpleName() : message);
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The parsed command line; {@link #parse} throws {@link IllegalArgumentException} with the sentence to print. */
    record Options(boolean help, int port, List<String> providers, Map<String, Integer> maxSessionDurations) {

        static Options parse(String... args) {
            int port = 0;
            List<String> providers = new ArrayList<>();
            Map<String, Integer> maxDurations = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if ("-h".equals(arg) || "--help".equals(arg)) {
                    return new Options(true, 0, List.of(), Map.of());
                }
                int eq = arg.indexOf('=');
                String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
                if (!List.of("--port", "--provider", "--max-session-duration").contains(name)) {
                    throw new IllegalArgumentException("Unknown argument '" + arg + "'.");
                }
                String value;
                if (eq > 0 && arg.startsWith("--")) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(name + " needs a value.");
                }
                switch (name) {
                    case "--port" -> port = port(value);
                    case "--provider" -> {
                        if (value.isBlank()) {
                            throw new IllegalArgumentException("--provider needs " + TestkitServer.PROVIDER_SHOULD_BE + ".");
                        }
                        providers.add(value);
                    }
                    default -> {
                        // The last '=': a role name may contain '=' itself.
                        int sep = value.lastIndexOf('=');
                        Integer seconds = sep <= 0 ? null : seconds(value.substring(sep + 1));
                        if (seconds == null) {
                            throw new IllegalArgumentException("--max-session-duration '" + value
                                    + "' is not ROLE_ARN=SECONDS with SECONDS from 3600 to 43200.");
                        }
                        maxDurations.put(value.substring(0, sep), seconds);
                    }
                }
            }
            return new Options(false, port, List.copyOf(providers), Map.copyOf(maxDurations));
        }

        private static int port(String value) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 0 && port <= 65535) { // 0, the default, is accepted as "any free port"
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("--port '" + value + "' is not a port number from 1 to 65535.");
        }

        /** IAM's range for a role's MaxSessionDuration; null when {@code value} is outside it or not a number. */
        private static Integer seconds(String value) {
            try {
                int s = Integer.parseInt(value.trim());
                return s >= 3600 && s <= 43200 ? s : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}

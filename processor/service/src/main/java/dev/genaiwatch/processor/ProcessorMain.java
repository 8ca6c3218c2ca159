package dev.genaiwatch.processor;

import dev.genaiwatch.processor.ui.ReportCommand;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar genai-watch-processor.jar [--config processor.properties]}. Prints {@code
 * PROCESSOR_READY grpc=<port> http=<port>} once both receivers listen; SIGTERM drains and exits.
 * {@code ... report --from <URL | state> --out report.html} writes the HTML report instead (see
 * {@link ReportCommand}).
 */
public final class ProcessorMain {
  private ProcessorMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("report")) {
      System.exit(
          ReportCommand.run(
              Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
    }
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else {
        System.err.println(
            "usage: java -jar genai-watch-processor.jar [--config processor.properties]\n"
                + "       java -jar genai-watch-processor.jar report --from <URL | state> --out <file>");
        System.exit(2);
      }
    }
    ProcessorConfig config = ProcessorConfig.load(configFile, System.getenv());
    Processor processor = Processor.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  processor.close();
                  System.out.println("PROCESSOR_STOPPED");
                  System.out.flush();
                  stopped.countDown();
                },
                "genai-watch-processor-shutdown"));
    for (String notice : processor.startNotices()) {
      System.err.println(notice);
    }
    HeapLimitNotice.of(
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            Runtime.getRuntime().maxMemory())
        .ifPresent(System.err::println);
    System.out.println(
        "PROCESSOR_READY grpc=" + processor.grpcPort() + " http=" + processor.httpPort());
    System.out.flush();
    stopped.await();
  }
}

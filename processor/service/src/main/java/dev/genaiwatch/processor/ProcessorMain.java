package dev.genaiwatch.processor;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar genai-watch-processor.jar [--config processor.properties]}. Prints {@code
 * PROCESSOR_READY grpc=<port> http=<port>} once both receivers listen; SIGTERM drains and exits.
 */
public final class ProcessorMain {
  private ProcessorMain() {}

  public static void main(String[] args) throws Exception {
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else {
        System.err.println(
            "usage: java -jar genai-watch-processor.jar [--config processor.properties]");
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
    System.out.println(
        "PROCESSOR_READY grpc=" + processor.grpcPort() + " http=" + processor.httpPort());
    System.out.flush();
    stopped.await();
  }
}

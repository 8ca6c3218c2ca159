package dev.genaiwatch.testapp.springai;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A plain Spring Boot application using Spring AI the way its documentation shows: the OpenAI starter
 * configured by properties (pointed at the simulated server with {@code --spring.ai.openai.base-url=...}),
 * the auto-configured {@code ChatModel}, {@code EmbeddingModel} and {@code ChatClient.Builder}. It runs the
 * scenarios of {@link Scenarios} once and exits; nothing in it knows about genai-watch.
 */
@SpringBootApplication
public class SpringAiTestApp {
  public static void main(String[] args) {
    System.exit(SpringApplication.exit(SpringApplication.run(SpringAiTestApp.class, args)));
  }
}

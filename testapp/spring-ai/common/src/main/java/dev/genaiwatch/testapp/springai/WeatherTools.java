package dev.genaiwatch.testapp.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/** A tool the model is offered; the simulated server asks for the first tool it is offered. */
public class WeatherTools {
  @Tool(name = "weather", description = "The current weather in a city")
  public String weather(@ToolParam(description = "the city") String city) {
    return "sunny, 21 degrees in " + city;
  }
}

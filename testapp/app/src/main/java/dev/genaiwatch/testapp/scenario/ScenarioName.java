package dev.genaiwatch.testapp.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method taking one {@link ScenarioContext} as the scenario of this name. The
 * catalog of names and descriptions, in the order {@code list} shows them, is the data file {@code
 * scenarios.tsv} beside this class; {@link ScenarioCatalog} joins the two.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ScenarioName {
  /** What {@code run} is given and every line the scenario prints starts with. */
  String value();
}

package com.example.shop;

import java.io.Serializable;

/** An application class whose direct super types are all the JDK's. */
public class ApplicationTask implements Runnable, Serializable {
  @Override
  public void run() {}
}

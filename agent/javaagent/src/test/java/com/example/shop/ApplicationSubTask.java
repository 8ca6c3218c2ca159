package com.example.shop;

/** An application class extending the application's own base class. */
public final class ApplicationSubTask extends ApplicationTask {}

package com.example.shop;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * An application's own model: a class of no library package that a module matches by super type.
 */
public class ApplicationChatModel implements ChatModel {
  @Override
  public ChatResponse doChat(ChatRequest request) {
    throw new UnsupportedOperationException("never called: only its class file is read");
  }
}

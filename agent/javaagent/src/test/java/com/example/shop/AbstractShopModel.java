package com.example.shop;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * An application's base model: abstract, so never woven itself (as ByteBuddy's matchers took only
 * concrete classes), though it declares a {@code doChat}; its subclasses are.
 */
public abstract class AbstractShopModel implements ChatModel {
  @Override
  public ChatResponse doChat(ChatRequest request) {
    throw new UnsupportedOperationException("never called: only its class file is read");
  }
}

package com.example.shop;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/** Implements {@code ChatModel} only through its application base class. */
public final class ShopModel extends AbstractShopModel {
  @Override
  public ChatResponse doChat(ChatRequest request) {
    throw new UnsupportedOperationException("never called: only its class file is read");
  }
}

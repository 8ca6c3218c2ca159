package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.AbstractShopModel;
import com.example.shop.ApplicationChatModel;
import com.example.shop.ApplicationTask;
import com.example.shop.ShopModel;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/** The hooked super types of a class, read from class files as it is being defined. */
class SuperTypeIndexTest {
  private static final String CHAT_MODEL = "dev/langchain4j/model/chat/ChatModel";
  private static final String STREAMING = "dev/langchain4j/model/chat/StreamingChatModel";
  private static final ClassLoader LOADER = SuperTypeIndexTest.class.getClassLoader();

  private final SuperTypeIndex index =
      new SuperTypeIndex(Set.of(CHAT_MODEL, STREAMING), LibraryPackages::outsideEveryFramework);

  @Test
  void aClassImplementingAHookedInterfaceDirectlyHasIt() throws IOException {
    assertThat(index.of(LOADER, header(ApplicationChatModel.class))).containsExactly(CHAT_MODEL);
  }

  @Test
  void aClassInheritingAHookedInterfaceFromItsApplicationBaseClassHasIt() throws IOException {
    assertThat(index.of(LOADER, header(ShopModel.class))).containsExactly(CHAT_MODEL);
    assertThat(index.of(LOADER, header(AbstractShopModel.class))).containsExactly(CHAT_MODEL);
  }

  @Test
  void aFrameworksOwnModelHasTheInterfaceItImplements() throws IOException {
    assertThat(
            index.of(LOADER, header(dev.langchain4j.model.chat.DisabledStreamingChatModel.class)))
        .containsExactly(STREAMING);
  }

  @Test
  void aClassWhoseHierarchyHoldsNoHookedInterfaceHasNone() throws IOException {
    assertThat(index.of(LOADER, header(ApplicationTask.class))).isEmpty();
    assertThat(index.of(LOADER, header(String.class))).isEmpty();
  }

  @Test
  void aSuperTypeTheClassLoaderCannotReadEndsTheWalkWithNothing() throws IOException {
    ClassLoader seesNothing = new URLClassLoader(new URL[0], null);
    assertThat(index.of(seesNothing, header(ShopModel.class))).isEmpty();
  }

  @Test
  void whatAClassLoaderAnsweredIsRemembered() throws IOException {
    CountingLoader counting = new CountingLoader(LOADER);
    index.of(counting, header(ShopModel.class));
    int reads = counting.reads;
    index.of(counting, header(ShopModel.class));
    assertThat(reads).isPositive();
    assertThat(counting.reads).isEqualTo(reads);
  }

  private static ClassReader header(Class<?> type) throws IOException {
    return new ClassReader(LibraryPackagesTest.classFile(type));
  }

  /** Counts the class files asked of it. */
  private static final class CountingLoader extends ClassLoader {
    int reads;

    CountingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    public java.io.InputStream getResourceAsStream(String name) {
      reads++;
      return super.getResourceAsStream(name);
    }
  }
}

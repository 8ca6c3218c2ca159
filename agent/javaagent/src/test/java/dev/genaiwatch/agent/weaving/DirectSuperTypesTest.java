package dev.genaiwatch.agent.weaving;

import static dev.genaiwatch.agent.weaving.LibraryPackagesTest.classFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.ApplicationChatModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectSuperTypesTest {

  @Test
  void readsTheSuperClassAndEveryInterfaceOfARealClassFile() throws IOException {
    List<String> seen = new ArrayList<>();

    boolean all = DirectSuperTypes.allMatch(classFile(String.class), seen::add);

    assertThat(all).isTrue();
    assertThat(seen)
        .startsWith("java/lang/Object")
        .contains("java/io/Serializable", "java/lang/Comparable", "java/lang/CharSequence");
  }

  @Test
  void readsAClassFileWithLongAndDoubleConstants() throws IOException {
    List<String> seen = new ArrayList<>();

    DirectSuperTypes.allMatch(classFile(Constants.class), seen::add);

    assertThat(seen).containsExactly("java/lang/Object", "java/lang/Runnable");
  }

  @Test
  void oneSuperTypeOutsideTheSetIsEnough() throws IOException {
    assertThat(
            DirectSuperTypes.allMatch(
                classFile(ApplicationChatModel.class), name -> name.startsWith("java/")))
        .isFalse();
  }

  @Test
  void aClassFileThatCannotBeReadMatchesNothing() throws IOException {
    byte[] real = classFile(String.class);
    assertThat(DirectSuperTypes.allMatch(null, name -> true)).isFalse();
    assertThat(DirectSuperTypes.allMatch(new byte[] {1, 2, 3}, name -> true)).isFalse();
    assertThat(DirectSuperTypes.allMatch(Arrays.copyOf(real, 200), name -> true)).isFalse();
  }

  /** Long and double constants take two constant-pool slots. */
  static final class Constants implements Runnable {
    long big = 1L << 40;
    double ratio = 0.123456789;

    @Override
    public void run() {
      big += (long) (ratio * 3);
    }
  }
}

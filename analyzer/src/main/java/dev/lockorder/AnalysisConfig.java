package dev.lockorder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything one analysis run needs. The command line and the Maven plugin both build one.
 *
 * @param inputs class folders, jars and folders of jars whose code is analyzed and reported on
 * @param classpath library classes: they resolve types and the hierarchy; nothing inside them is
 *     reported
 * @param includes package patterns ({@code com.example.*}, {@code com.example.**}); empty means all
 * @param excludes package patterns to leave out of the analysis
 * @param threads worker threads for fact extraction; results never depend on it
 * @param maxWitnessDepth frames kept in one witness stack; deeper stacks are cut, and the run says so
 * @param maxCycles cycles reported at most; the run says when more were found
 * @param maxSummary entries of one kind kept in a method summary; beyond it acquisitions are
 *     dropped, and the run says so
 * @param progress told each stage's counts as the run goes (and, in long stages, how far they
 *     are); never part of the result
 */
public record AnalysisConfig(List<Path> inputs, List<Path> classpath, List<String> includes,
    List<String> excludes, int threads, int maxWitnessDepth, int maxCycles, int maxSummary,
    Consumer<String> progress) {

  public AnalysisConfig {
    inputs = List.copyOf(inputs);
    classpath = List.copyOf(classpath);
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a config with the documented defaults. */
  public static final class Builder {
    private final List<Path> inputs = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>();
    private final List<String> includes = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private int threads = Runtime.getRuntime().availableProcessors();
    private int maxWitnessDepth = 64;
    private int maxCycles = 10_000;
    private int maxSummary = 96;
    private Consumer<String> progress = m -> { };

    public Builder input(Path p) { inputs.add(p); return this; }
    public Builder inputs(List<Path> ps) { inputs.addAll(ps); return this; }
    public Builder classpath(List<Path> ps) { classpath.addAll(ps); return this; }
    public Builder includes(List<String> ps) { includes.addAll(ps); return this; }
    public Builder excludes(List<String> ps) { excludes.addAll(ps); return this; }
    public Builder threads(int n) { threads = Math.max(1, n); return this; }
    public Builder maxWitnessDepth(int n) { maxWitnessDepth = n; return this; }
    public Builder maxCycles(int n) { maxCycles = n; return this; }
    public Builder maxSummary(int n) { maxSummary = Math.max(1, n); return this; }
    public Builder progress(Consumer<String> p) { progress = p; return this; }

    public AnalysisConfig build() {
      return new AnalysisConfig(inputs, classpath, includes, excludes, threads, maxWitnessDepth, maxCycles,
          maxSummary, progress);
    }
  }
}

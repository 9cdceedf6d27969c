package dev.lockorder.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Analyzes this module's classes for lock-order deadlocks, with the compile classpath as library
 * classes, and fails the build on findings.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE)
public class CheckMojo extends AbstractLockorderMojo {

  /** One category per module: the modules' logs are uploaded side by side. */
  @Override
  protected String defaultSarifCategory() {
    return "lockorder/" + project.getArtifactId();
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("lockorder: skipped (lockorder.skip)");
      return;
    }
    if ("pom".equals(project.getPackaging())) {
      getLog().info("lockorder: skipped: pom packaging has no classes");
      return;
    }
    Path classes = Path.of(project.getBuild().getOutputDirectory());
    if (!hasClasses(classes)) {
      getLog().info("lockorder: skipped: no classes in " + classes);
      return;
    }
    List<Path> classpath;
    try {
      classpath = paths(project.getCompileClasspathElements(), classes);
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("lockorder: compile classpath not resolved", e);
    }
    List<Path> roots = new ArrayList<>();
    project.getCompileSourceRoots().forEach(r -> roots.add(Path.of(r)));
    analyze(List.of(classes), classpath, roots);
  }
}
